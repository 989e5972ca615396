import { LIMITS } from '../../core/config';
/**
 * What the number inputs accept, and the hidden-layer list edits of the model controls. Pure; no DOM.
 */

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
}

/** Reads a typed number: trimmed, clamped into [min, max], rounded if integer; null if not a number. */
export function parseNumberInput(text: string, rule: NumberRule): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const v = Number(trimmed);
  if (!Number.isFinite(v)) return null;
  const clamped = Math.min(rule.max, Math.max(rule.min, v));
  return rule.integer ? Math.min(rule.max, Math.max(rule.min, Math.round(clamped))) : clamped;
}

/** The controls offer fewer, smaller layers than the config allows (LIMITS), to stay snappy in a tab. */
/** The configuration's own limits, so a link and the controls agree on what is possible. */
export const HIDDEN_LIMITS = {
  minLayers: LIMITS.hiddenLayers.min,
  maxLayers: LIMITS.hiddenLayers.max,
  minWidth: 2,
  maxWidth: LIMITS.width.max,
  newWidth: 32,
} as const;

/** A width within the controls' range; rounded up to even (down at the top) when `even`. */
export function clampWidth(width: number, even: boolean): number {
  const { minWidth, maxWidth } = HIDDEN_LIMITS;
  const w = Math.min(maxWidth, Math.max(minWidth, Math.round(Number.isFinite(width) ? width : minWidth)));
  if (!even || w % 2 === 0) return w;
  return w + 1 <= maxWidth ? w + 1 : w - 1;
}

/** Every width made even (groupsort2 pairs neighbouring units). */
export function evenWidths(hidden: readonly number[]): number[] {
  return hidden.map((w) => (w % 2 === 0 ? w : clampWidth(w, true)));
}

/** One more layer at the end, as wide as the last one; unchanged at the maximum depth. */
export function addLayer(hidden: readonly number[], even: boolean): number[] {
  if (hidden.length >= HIDDEN_LIMITS.maxLayers) return [...hidden];
  const last = hidden.length > 0 ? hidden[hidden.length - 1] : HIDDEN_LIMITS.newWidth;
  return [...hidden, clampWidth(last, even)];
}

/** The last layer removed; unchanged when there is none. */
export function removeLayer(hidden: readonly number[]): number[] {
  return hidden.slice(0, Math.max(HIDDEN_LIMITS.minLayers, hidden.length - 1));
}

/** Layer `index` set to `width` (clamped, even when asked). */
export function setWidth(hidden: readonly number[], index: number, width: number, even: boolean): number[] {
  return hidden.map((w, i) => (i === index ? clampWidth(width, even) : w));
}
