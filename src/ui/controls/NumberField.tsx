/**
 * A labelled number input that commits on Enter or blur (not on every keystroke); Escape reverts. Typed
 * values are clamped into [min, max] (and rounded when `integer`); text that is not a number reverts.
 */
import { useId, useState, type ReactNode } from 'react';
import { parseNumberInput } from './numbers';

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  step?: number;
  onCommit: (value: number) => void;
  disabled?: boolean;
  /** Controls placed after the input (e.g. a "New seed" button). */
  after?: ReactNode;
  hint?: ReactNode;
  testId?: string;
  className?: string;
}

export function NumberField(props: NumberFieldProps) {
  const { label, value, min, max, integer = false, step, onCommit, disabled, after, hint, testId, className } = props;
  const id = useId();
  const [text, setText] = useState<string | null>(null);

  const commit = () => {
    if (text === null) return;
    const v = parseNumberInput(text, { min, max, integer });
    setText(null);
    if (v !== null && v !== value) onCommit(v);
  };

  return (
    <div className={`lp-field lp-number ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="lp-row">
        <input
          id={id}
          type="number"
          inputMode={integer ? 'numeric' : 'decimal'}
          min={min}
          max={max}
          step={step ?? (integer ? 1 : 'any')}
          value={text ?? String(value)}
          disabled={disabled}
          data-testid={testId}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            else if (e.key === 'Escape') setText(null);
          }}
        />
        {after}
      </div>
      {hint && <p className="lp-hint">{hint}</p>}
    </div>
  );
}
