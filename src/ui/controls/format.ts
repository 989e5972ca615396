/**
 * Number formatting for the controls and the metrics panel, and the one bit of arithmetic the panel does
 * on data it is given (reading the certified-accuracy curve at an eps). Pure; no DOM.
 */
import type { AdapterReport } from '../../backend/names';

/** Shown for a number that does not exist (yet): no test points, not computed, NaN. */
export const MISSING = '—';

/** `value` with `digits` significant digits and no trailing zeros: 10, 0.5, 12.3, 0.000123. */
export function formatSignificant(value: number, digits = 3): string {
  if (Number.isNaN(value)) return MISSING;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const text = String(Number(value.toPrecision(digits)));
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/**
 * Like `formatSignificant`, but a value below 1e-3 in size in powers of ten with 2 significant digits
 * (7.6e−6, not 0.0000076): narrow enough for a table column per model.
 */
export function formatCompact(value: number): string {
  if (value === 0 || !(Math.abs(value) < 1e-3)) return formatSignificant(value, 3);
  return value.toExponential(1).replace(/-/g, '−');
}

/** A fraction in [0, 1] as a percent with one decimal: 0.8333 -> "83.3%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return MISSING;
  return `${(100 * fraction).toFixed(1)}%`;
}

/** An integer count as plain digits (tests and people both read it): 12345 -> "12345". */
export function formatCount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return MISSING;
  return String(Math.round(value));
}

/**
 * Certified accuracy at `eps` read off a sampled curve (eps ascending) by linear interpolation; outside
 * the sampled range the nearest end value. NaN for an empty curve.
 */
export function certifiedAccuracyAt(curve: { eps: readonly number[]; accuracy: readonly number[] }, eps: number): number {
  const { eps: xs, accuracy: ys } = curve;
  const n = Math.min(xs.length, ys.length);
  if (n === 0) return NaN;
  if (eps <= xs[0]) return ys[0];
  if (eps >= xs[n - 1]) return ys[n - 1];
  let i = 1;
  while (xs[i] < eps) i++;
  const t = (eps - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

/** A WebGPU adapter's names, de-duplicated ("nvidia ampere"), with "(software fallback)" when flagged so. */
export function adapterText(adapter: AdapterReport): string {
  const names = [adapter.vendor, adapter.architecture, adapter.device, adapter.description]
    .filter((s, i, all) => s !== '' && all.indexOf(s) === i)
    .join(' ');
  return `${names || 'unnamed adapter'}${adapter.isFallback ? ' (software fallback)' : ''}`;
}
