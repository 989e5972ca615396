/**
 * Colour maps as lookup tables: value -> RGBA bytes, fast enough to colour a 201 x 201 grid several
 * times per second. All maps are colour-blind safe: an orange-blue diverging map for f (ColorBrewer's
 * PuOr orange half and RdBu blue half; orange vs blue survives every common colour-vision deficiency) and
 * viridis / cividis for the sequential views.
 */
import { color, interpolateCividis, interpolateLab, interpolateViridis, piecewise, quickselect } from 'd3';
import { maxFinite } from '../../core/stats';

/** Red, green, blue, alpha bytes. */
export type Rgba = readonly [number, number, number, number];

/** A value -> colour map on [min, max] (values outside are clamped), NaN -> `nan`. */
export interface Colormap {
  min: number;
  max: number;
  /** t in [0, 1] -> CSS colour, for legends. */
  interpolator: (t: number) => string;
  /** `size` RGBA entries, entry k for t = k / (size - 1). */
  lut: Uint8ClampedArray;
  size: number;
  nan: Rgba;
}

/** The colour of "no value" (NaN, or a map not computed yet): a light neutral grey. */
export const NAN_COLOR: Rgba = [214, 216, 222, 255];

/** Class colours of the points: class -1 (f < 0, orange end) and class +1 (f > 0, blue end). */
export const CLASS_COLORS = { negative: '#e66101', positive: '#1f5fa8' } as const;

/** Orange (t = 0, f < 0) through near-white (t = 0.5, f = 0) to blue (t = 1, f > 0). */
export const interpolateOrangeBlue: (t: number) => string = piecewise(interpolateLab, [
  '#b35806',
  '#e08214',
  '#fdb863',
  '#fee0b6',
  '#f7f7f7',
  '#d1e5f0',
  '#92c5de',
  '#4393c3',
  '#2166ac',
]);

/** Samples `interpolator` at `size` evenly spaced t into an RGBA table. */
export function makeLut(interpolator: (t: number) => string, size = 256): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(4 * size);
  for (let k = 0; k < size; k++) {
    const c = color(interpolator(k / (size - 1)))?.rgb();
    lut[4 * k] = c ? c.r : 0;
    lut[4 * k + 1] = c ? c.g : 0;
    lut[4 * k + 2] = c ? c.b : 0;
    lut[4 * k + 3] = 255;
  }
  return lut;
}

const lutCache = new Map<(t: number) => string, Uint8ClampedArray>();

/** A colour map of `interpolator` over [min, max]; the lookup table is built once per interpolator. */
export function makeColormap(interpolator: (t: number) => string, min: number, max: number, nan: Rgba = NAN_COLOR): Colormap {
  if (!(max > min)) throw new Error(`makeColormap: need max > min, got [${min}, ${max}]`);
  let lut = lutCache.get(interpolator);
  if (!lut) {
    lut = makeLut(interpolator);
    lutCache.set(interpolator, lut);
  }
  return { min, max, interpolator, lut, size: lut.length / 4, nan };
}

/** Index into cm.lut of a value (clamped to [min, max]); -1 for NaN. */
export function lutIndex(cm: Colormap, value: number): number {
  if (Number.isNaN(value)) return -1;
  const t = (value - cm.min) / (cm.max - cm.min);
  const k = Math.round(t * (cm.size - 1));
  return k < 0 ? 0 : k >= cm.size ? cm.size - 1 : k;
}

/**
 * RGBA of a value under a colour map.
 * @internal Tests read colours with it; drawing indexes the table directly.
 */
export function colorOf(cm: Colormap, value: number): Rgba {
  const k = lutIndex(cm, value);
  if (k < 0) return cm.nan;
  return [cm.lut[4 * k], cm.lut[4 * k + 1], cm.lut[4 * k + 2], cm.lut[4 * k + 3]];
}

/**
 * The q-quantile of |v| over the finite entries (nearest rank, q in [0, 1]): a scale for a diverging map
 * that one outlier cannot wash out. Above `maxSamples` values it uses every k-th value (a fixed stride,
 * so the result is deterministic): plenty for a colour scale, and it keeps the sort cheap at 60 frames/s.
 * Returns 1 when there is no finite non-zero value.
 */
export function robustMaxAbs(values: ArrayLike<number>, q = 0.99, maxSamples = 16384): number {
  const stride = Math.max(1, Math.ceil(values.length / maxSamples));
  const abs = new Float32Array(Math.ceil(values.length / stride));
  let n = 0;
  let largest = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = Math.abs(values[i]);
    if (!Number.isFinite(v)) continue;
    abs[n++] = v;
    if (v > largest) largest = v;
  }
  if (n === 0) return 1;
  // The rank's value by selection (Floyd-Rivest), not a sort: a tenth of the time, on every snapshot.
  const rank = Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))));
  const sample = abs.subarray(0, n);
  quickselect(sample, rank);
  const m = sample[rank];
  return m > 0 ? m : largest > 0 ? largest : 1;
}

/**
 * View 'f': orange-blue on the symmetric domain [-M, M], M the 99th percentile of |f| (or `sharedMax`, one
 * scale for several models compared side by side), so 0 is white.
 */
export function fColormap(f: ArrayLike<number>, sharedMax?: number): Colormap {
  const m = sharedMax !== undefined && sharedMax > 0 ? sharedMax : robustMaxAbs(f, 0.99);
  return makeColormap(interpolateOrangeBlue, -m, m);
}

/** View 'certificate': tightness |f| / (L_bound dist) on [0, 1] with viridis (1 = f is the signed distance). */
export function certificateColormap(): Colormap {
  return makeColormap(interpolateViridis, 0, 1);
}

/**
 * View 'gradient': |grad f| with cividis on [0, max(1, max |grad f|)] (or `sharedMax` for models compared
 * side by side), so 1 keeps its place for Lipschitz nets.
 */
export function gradientColormap(gradientNorm: ArrayLike<number> | null, sharedMax?: number): Colormap {
  const top = sharedMax ?? (gradientNorm ? maxFinite(gradientNorm) : 1);
  return makeColormap(interpolateCividis, 0, Math.max(1, top));
}
