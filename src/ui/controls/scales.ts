/**
 * Slider scales: how a range input's integer position maps to a configuration value and back. A linear
 * scale has one position per `step`; a log scale spreads `positions` evenly over the decades from `min` to
 * `max` (optionally with position 0 meaning exactly 0, for weights like HKR's alpha where 0 is meaningful).
 * A log slider position stands for the interval of values that round to it; its value is the number with
 * the fewest significant digits in that interval, so links stay short (tau=5, not tau=5.0119) and the
 * paper's values (0.5, 5, 10, 0.29) sit exactly on a position. Pure; no DOM.
 */

export interface SliderScale {
  /** The largest position; positions run over the integers 0..positions. */
  positions: number;
  /** The position that shows `value` (clamped into the slider's range; NaN goes to position 0). */
  toPosition(value: number): number;
  /** The value at `position` (clamped to 0..positions). */
  toValue(position: number): number;
}

/**
 * Positions per decade of a log slider: one arrow key press is a 1.16% change, powers of ten sit exactly
 * on a position, and every position's interval holds a number of at most 3 significant digits.
 */
export const POSITIONS_PER_DECADE = 200;

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** `value` rounded to `digits` significant digits (0 and non-finite values pass through). */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

/** Decimal places of a step such as 0.01 (2) or 0.5 (1); for rounding away float noise. */
function decimalsOf(step: number): number {
  const text = String(step);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A linear slider from `min` to `max` in steps of `step` (max - min should be a multiple of step). */
export function linearScale(min: number, max: number, step: number): SliderScale {
  if (!(max > min) || !(step > 0)) throw new Error(`linearScale needs min < max and step > 0, got ${min}, ${max}, ${step}`);
  const positions = Math.round((max - min) / step);
  const decimals = decimalsOf(step);
  return {
    positions,
    toPosition: (value) => (Number.isFinite(value) ? clamp(Math.round((value - min) / step), 0, positions) : 0),
    toValue: (position) => Number((min + clamp(Math.round(position), 0, positions) * step).toFixed(decimals)),
  };
}

export interface LogScaleOptions {
  min: number;
  max: number;
  /** Position 0 is exactly 0; positions 1..positions run log from min to max. */
  allowZero?: boolean;
}

/**
 * The number with the fewest significant digits (at most 6) in [lo, hi], the closest to `center` (in
 * ratio) among those; `center` rounded to 6 digits when the interval holds none.
 */
export function shortestIn(lo: number, hi: number, center: number): number {
  for (let digits = 1; digits <= 6; digits++) {
    let best = NaN;
    for (let exponent = Math.floor(Math.log10(hi)); exponent >= Math.floor(Math.log10(lo)); exponent--) {
      const step = 10 ** (exponent - digits + 1);
      for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12); k++) {
        const v = roundSignificant(k * step, digits);
        if (v < lo || v > hi) continue;
        if (Number.isNaN(best) || Math.abs(Math.log(v / center)) < Math.abs(Math.log(best / center))) best = v;
      }
    }
    if (!Number.isNaN(best)) return best;
  }
  return roundSignificant(center, 6);
}

/** A logarithmic slider from `min` to `max` (both > 0); each position gives its shortest value. */
export function logScale({ min, max, allowZero = false }: LogScaleOptions): SliderScale {
  if (!(min > 0) || !(max > min)) throw new Error(`logScale needs 0 < min < max, got ${min}, ${max}`);
  const first = allowZero ? 1 : 0;
  const span = Math.max(1, Math.round(POSITIONS_PER_DECADE * Math.log10(max / min)));
  const positions = first + span;
  const decades = Math.log(max / min);
  return {
    positions,
    toPosition(value) {
      if (!Number.isFinite(value)) return value === Infinity ? positions : 0;
      if (allowZero && value <= 0) return 0;
      const t = Math.log(clamp(value, min, max) / min) / decades;
      return first + clamp(Math.round(t * span), 0, span);
    },
    toValue(position) {
      const p = clamp(Math.round(position), 0, positions);
      if (allowZero && p === 0) return 0;
      const at = (q: number) => min * Math.exp(((q - first) / span) * decades);
      // Strictly inside the half-steps, so the value rounds back to p (ties would be ambiguous).
      const lo = Math.max(min, at(p - 0.4999));
      const hi = Math.min(max, at(p + 0.4999));
      return shortestIn(lo, hi, at(p));
    },
  };
}

/** The ladder 1, 2, 5, 10, 20, 50, ... that a keyboard notch moves along (see `nextNotch`). */
const NOTCH_MANTISSAS = [1, 2, 5];

/**
 * The next value of the 1-2-5 ladder above (direction +1) or below (-1) `value`, within [min, max]: the
 * notches a lecturer steps tau or alpha through from the keyboard (0.5, 1, 2, 5, 10, ...), where the
 * slider's own arrow step (1.2%) is too fine to show anything. With `allowZero`, one notch below the
 * smallest is 0 and one above 0 is the smallest. At an end, the value stays.
 */
export function nextNotch(value: number, direction: 1 | -1, { min, max, allowZero = false }: LogScaleOptions): number {
  if (allowZero && value <= 0) return direction > 0 ? notchesIn(min, max)[0] ?? min : 0;
  const notches = notchesIn(min, max);
  if (direction > 0) return notches.find((n) => n > value * (1 + 1e-9)) ?? value;
  const below = notches.filter((n) => n < value * (1 - 1e-9));
  if (below.length > 0) return below[below.length - 1];
  return allowZero ? 0 : value;
}

/** The 1-2-5 ladder's values in [min, max], ascending. */
function notchesIn(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of NOTCH_MANTISSAS) {
      const v = roundSignificant(m * 10 ** e, 3);
      if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) out.push(v);
    }
  }
  return out;
}
