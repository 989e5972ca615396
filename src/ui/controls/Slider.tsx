/**
 * A labelled range input over a SliderScale (linear or log), with its value shown beside the label.
 * While the person drags, the slider shows its own draft; the value is committed on release (pointer up,
 * key up, blur), or, when `live`, also during the drag, throttled to LIVE_INTERVAL_MS.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { formatSignificant } from './format';
import type { SliderScale } from './scales';
import { throttle } from './throttle';

/** Live sliders commit about ten times a second while dragged. */
export const LIVE_INTERVAL_MS = 100;

export interface SliderProps {
  label: string;
  value: number;
  scale: SliderScale;
  onCommit: (value: number) => void;
  /** Commit while dragging (throttled), for settings that apply at once. */
  live?: boolean;
  format?: (value: number) => string;
  hint?: ReactNode;
  testId?: string;
}

/** Up to 6 significant digits: slider values are short anyway, and a value from a link shows in full. */
const formatValue = (value: number) => formatSignificant(value, 6);

export function Slider({ label, value, scale, onCommit, live = false, format = formatValue, hint, testId }: SliderProps) {
  const id = useId();
  const [draft, setDraft] = useState<number | null>(null);
  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  }, [onCommit]);
  const liveCommit = useMemo(() => throttle((v: number) => commitRef.current(v), LIVE_INTERVAL_MS), []);
  useEffect(() => () => liveCommit.cancel(), [liveCommit]);

  const position = draft ?? scale.toPosition(value);
  const shown = draft === null ? value : scale.toValue(draft);

  const finish = () => {
    if (draft === null) return;
    liveCommit.cancel();
    const final = scale.toValue(draft);
    setDraft(null);
    if (final !== value) onCommit(final);
  };

  return (
    <div className="lp-field lp-slider">
      <div className="lp-field-head">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="lp-value" data-testid={testId && `${testId}-value`}>
          {format(shown)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={scale.positions}
        step={1}
        value={position}
        aria-valuetext={format(shown)}
        data-testid={testId}
        onChange={(e) => {
          const p = Number(e.target.value);
          setDraft(p);
          if (live) liveCommit.call(scale.toValue(p));
        }}
        onPointerUp={finish}
        onKeyUp={finish}
        onBlur={finish}
      />
      {hint && <p className="lp-hint">{hint}</p>}
    </div>
  );
}
