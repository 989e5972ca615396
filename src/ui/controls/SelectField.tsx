/** A labelled select over a literal union; the change commits at once. */
import { useId, type ReactNode } from 'react';

export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  testId?: string;
}

export function SelectField<T extends string>({ label, value, options, onChange, hint, testId }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="lp-field lp-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <p className="lp-hint">{hint}</p>}
    </div>
  );
}
