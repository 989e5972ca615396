import { spectralNorm } from '../linalg';

/**
 * Lipschitz bounds of one residual block z = x + act(x V + b) U (row vectors; V width x hidden, U hidden x
 * width; act elementwise with slope in [0, 1]: relu, tanh), from its effective weights as read back
 * (row-major float32, exactly representable in float64). Plain JS in float64, no tfjs.
 *
 * The block's Jacobian (dz = dx J) is J = I + V D U with D = diag(act'(x V + b)), 0 <= D <= I.
 * Every bound here is an upper bound of |J|_2 over all such D, so of the block's Lipschitz constant, for
 * the given float32 weights: the spectral norms are certified (linalg.ts `spectralNorm`) and the few float64
 * operations on top carry explicit margins. NaN when a weight is not finite.
 */

/** Unit roundoff of float64. */
const U64 = 2 ** -53;
/** Relative slack for the last few float64 operations on numbers of order 1 (far above their rounding). */
const FINAL_SLACK = 1e-12;

/**
 * The generic bound of ANY block of the format (an imported model, any weights): 1 + |V|_2 |U|_2, since
 * |V D U| <= |V|_2 |D|_2 |U|_2 and |D|_2 <= 1. Sound but loose: about 1 + 2 = 3 for an sll or cpl block,
 * whose structure (U = -2 S V^T) makes the true constant 1.
 */
export function genericResidualBound(inner: ArrayLike<number>, outer: ArrayLike<number>, width: number, hidden: number): number {
  return (1 + spectralNorm(inner, width, hidden) * spectralNorm(outer, hidden, width)) * (1 + FINAL_SLACK);
}

/**
 * The block's own bound: min(generic bound, split bound), sound for any block, about 1 for sll and cpl.
 *
 * Split bound. Write U = -2 S V^T + E with S = diag(s) >= 0 chosen per hidden unit k by least squares
 * (s_k = max(0, -<U_k, V_:k> / (2 |V_:k|^2)), U_k row k of U, V_:k column k of V); E is whatever is left
 * (the float32 rounding of an sll or cpl block's constants, or everything for an unstructured block). Then
 *   J = (I - 2 V (D S) V^T) + V D E.
 * The first term is symmetric with eigenvalues in [1 - 2 rho, 1], rho = lambda_max(V (DS) V^T)
 * = |V (DS)^{1/2}|_2^2 <= |V S^{1/2}|_2^2 (D <= I), so its norm is <= max(1, 2 rho - 1); the second is
 * <= |V|_2 |E|_F. Hence |J|_2 <= max(1, 2 |V S^{1/2}|_2^2 - 1) + |V|_2 |E|_F.
 * - cpl: S = (c / 2) I, so this is max(1, c |V|_2^2 - 1) (`cplBound`) plus the rounding term.
 * - sll: S = T^-1 with T >= V^T V (the paper's theorem), so |V S^{1/2}|_2 <= 1 and the bound is 1 up to
 *   the rounding of T, 1/t and U in float32 on the device, which this measures instead of assuming.
 * Any S >= 0 gives a valid bound (S only decides how tight it is), so s_k's own rounding is harmless.
 * Float64 rounding: V S^{1/2} is formed entrywise (relative error <= 2u each, so <= 2u |.|_F in norm) and
 * E by a subtraction that cancels, whose error is bounded entrywise by 2u (|U_ki| + 2 s_k |V_ik|); both are
 * added to the norms.
 */
export function residualBlockBound(inner: ArrayLike<number>, outer: ArrayLike<number>, width: number, hidden: number): number {
  return Math.min(genericResidualBound(inner, outer, width, hidden), splitResidualBound(inner, outer, width, hidden));
}

/**
 * The split bound of `residualBlockBound` alone.
 * @internal Exported for its tests.
 */
export function splitResidualBound(inner: ArrayLike<number>, outer: ArrayLike<number>, width: number, hidden: number): number {
  const s = new Float64Array(hidden);
  for (let k = 0; k < hidden; k++) {
    let dot = 0;
    let squared = 0;
    for (let i = 0; i < width; i++) {
      const v = inner[i * hidden + k];
      dot += outer[k * width + i] * v;
      squared += v * v;
    }
    s[k] = squared > 0 ? Math.max(0, -dot / (2 * squared)) : 0;
  }
  // M = V S^{1/2} (width x hidden) and its Frobenius norm, for the rounding margin of its spectral norm.
  const m = new Float64Array(width * hidden);
  let mSquared = 0;
  for (let i = 0; i < width; i++) {
    for (let k = 0; k < hidden; k++) {
      const value = inner[i * hidden + k] * Math.sqrt(s[k]);
      m[i * hidden + k] = value;
      mSquared += value * value;
    }
  }
  const mNorm = spectralNorm(m, width, hidden) + 4 * U64 * Math.sqrt(mSquared);
  // E = U + 2 S V^T (hidden x width), its Frobenius norm and a bound of its rounding error.
  let eSquared = 0;
  let errorSquared = 0;
  for (let k = 0; k < hidden; k++) {
    for (let i = 0; i < width; i++) {
      const u = outer[k * width + i];
      const sv = 2 * s[k] * inner[i * hidden + k];
      const e = u + sv;
      eSquared += e * e;
      errorSquared += (Math.abs(u) + Math.abs(sv)) ** 2;
    }
  }
  const eNorm = Math.sqrt(eSquared) * (1 + 4 * hidden * width * U64) + 4 * U64 * Math.sqrt(errorSquared);
  const symmetricPart = Math.max(1, 2 * mNorm * mNorm - 1);
  return (symmetricPart + spectralNorm(inner, width, hidden) * eNorm) * (1 + FINAL_SLACK);
}

/**
 * The cpl theorem's bound for z = x - c act(x W + b) W^T: max(1, c |W|_2^2 - 1), |W|_2 certified (exact up
 * to ~1e-7 relative, never below). With c = 2 / sigma_est^2 and sigma_est <= |W|_2 (a power-iteration
 * estimate never exceeds the norm) it is c |W|_2^2 - 1 >= 1: 1 when the estimate is exact, above 1 when
 * it is stale. It bounds the block with U = -c W^T exactly; `residualBlockBound` bounds the float32 U
 * read back (the two agree to about 1e-7).
 * @internal The tests' reference.
 */
export function cplBound(kernel: ArrayLike<number>, width: number, scale: number): number {
  const sigma = spectralNorm(kernel, width, width);
  return Math.max(1, scale * sigma * sigma - 1) * (1 + FINAL_SLACK);
}
