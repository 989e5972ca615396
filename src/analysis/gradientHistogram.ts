/**
 * The distribution of |grad f| over the data, relative to the net's Lipschitz constant L: the layer zoo's
 * telling picture. A gradient-norm-preserving net (orthogonal layers with GroupSort) has its mass at 1;
 * AOL, SLL and CPL stay below (Prach et al., "1-Lipschitz Layers Compared", 2024). Plain JS, no tfjs.
 */
export interface GradientHistogram {
  /** The constant the norms are divided by: L for a Lipschitz net, 1 for a standard one. */
  scale: number;
  /** Fraction of the points per bin of |grad f| / scale over [0, 1], `GRADIENT_BINS` equal bins. */
  fractions: number[];
  /** Fraction above 1 (a standard net's norms; a Lipschitz net's only by rounding). */
  above: number;
  /** Mean |grad f| (not divided by the scale); NaN for no point or a NaN norm. */
  mean: number;
}

export const GRADIENT_BINS = 10;

/** The histogram of `norms` / `scale`; a value at exactly 1 counts in the top bin, not above it. */
export function gradientHistogram(norms: ArrayLike<number>, scale: number): GradientHistogram {
  const counts = new Array<number>(GRADIENT_BINS).fill(0);
  let above = 0;
  let sum = 0;
  for (let i = 0; i < norms.length; i++) {
    const g = norms[i];
    sum += g;
    const r = g / scale;
    if (!(r >= 0)) continue; // NaN: counted in the mean only (which it makes NaN)
    if (r > 1) above++;
    else counts[Math.min(GRADIENT_BINS - 1, Math.floor(r * GRADIENT_BINS))]++;
  }
  const n = norms.length;
  return {
    scale,
    fractions: counts.map((c) => (n > 0 ? c / n : 0)),
    above: n > 0 ? above / n : 0,
    mean: n > 0 ? sum / n : NaN,
  };
}
