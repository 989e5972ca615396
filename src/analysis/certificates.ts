/**
 * Robustness certificates of a binary classifier sign(f), from its outputs on labelled points.
 *
 * The claim behind them (docs/math.md, "The paper's claims", claim 2): if f is L-Lipschitz then for every
 * perturbation delta, |f(x + delta) - f(x)| <= L |delta|, so the class cannot change before |delta|
 * reaches |f(x)| / L:
 *   certified radius r(x) = |f(x)| / L_bound <= dist(x, {f = 0}).
 * L_bound is the Lipschitz bound of the model (L for a constrained net, the product of the layers' spectral
 * norms for a standard one). A point is certified correct at radius eps when y f(x) / L_bound > eps.
 *
 * Plain functions over typed arrays (no tfjs), so they run anywhere: worker, UI, tests.
 */
import { maxOf } from '../core/stats';

function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ (${a.length} vs ${b.length})`);
}

function assertLipschitzBound(lipschitzBound: number): void {
  if (!(lipschitzBound > 0) || !Number.isFinite(lipschitzBound)) {
    throw new Error(`lipschitzBound must be finite and > 0, got ${lipschitzBound}`);
  }
}

/**
 * Certified accuracy at radius eps: (1/n) #{k : y_k f(x_k) / L_bound > eps}, the fraction of points that
 * are classified correctly and stay so under every perturbation of norm <= eps. At eps = 0 it is the clean
 * accuracy (y f > 0; f = 0 counts as wrong). NaN outputs count as not certified. NaN when there are no
 * points. Throws for eps < 0 or a non-positive L_bound.
 * @internal The definition, one eps at a time: tests hold `certifiedAccuracyCurve` (what reports use) to it.
 */
export function certifiedAccuracy(f: Float32Array, labels: Float32Array, lipschitzBound: number, eps: number): number {
  assertSameLength(f, labels, 'certifiedAccuracy');
  assertLipschitzBound(lipschitzBound);
  if (!(eps >= 0)) throw new Error(`eps must be >= 0, got ${eps}`);
  if (f.length === 0) return NaN;
  let certified = 0;
  for (let k = 0; k < f.length; k++) if ((labels[k] * f[k]) / lipschitzBound > eps) certified++;
  return certified / f.length;
}

/**
 * The certified-accuracy curve: entry m is certifiedAccuracy(f, labels, L_bound, epsList[m]). Computed by
 * sorting the signed radii y f / L_bound once, so it costs O(n log n + m log n). The curve is
 * non-increasing in eps and starts at the clean accuracy when epsList[0] = 0.
 */
export function certifiedAccuracyCurve(
  f: Float32Array,
  labels: Float32Array,
  lipschitzBound: number,
  epsList: number[],
): number[] {
  assertSameLength(f, labels, 'certifiedAccuracyCurve');
  assertLipschitzBound(lipschitzBound);
  for (const eps of epsList) if (!(eps >= 0)) throw new Error(`eps must be >= 0, got ${eps}`);
  const n = f.length;
  if (n === 0) return epsList.map(() => NaN);
  // Signed radii, ascending; NaN (never certified) becomes -Infinity.
  const radii = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = (labels[k] * f[k]) / lipschitzBound;
    radii[k] = Number.isNaN(r) ? -Infinity : r;
  }
  radii.sort();
  return epsList.map((eps) => {
    // First index whose radius is > eps; everything from there on is certified.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (radii[mid] > eps) hi = mid;
      else lo = mid + 1;
    }
    return (n - lo) / n;
  });
}

/** `count` radii evenly spaced from 0 to maxEps inclusive: eps_m = maxEps m / (count - 1). */
export function defaultEpsList(maxEps: number, count: number): number[] {
  if (!(maxEps > 0) || !Number.isFinite(maxEps)) throw new Error(`maxEps must be finite and > 0, got ${maxEps}`);
  if (!Number.isInteger(count) || count < 2) throw new Error(`count must be an integer >= 2, got ${count}`);
  return Array.from({ length: count }, (_, m) => (m === count - 1 ? maxEps : (maxEps * m) / (count - 1)));
}

/**
 * Mean certifiable robustness MCR = (1/n) sum_k y_k f(x_k) / L_bound: the mean signed certified radius, in
 * units of the input space. Normalising by L_bound makes it comparable between nets: for a 1-Lipschitz f
 * it is E[y f], the quantity the Kantorovich-Rubinstein loss maximises; for a standard net with a large
 * L_bound it is small, as its certificates are. NaN when there are no points or L_bound is not a finite
 * positive number (a diverged model has no certificate).
 */
export function meanCertifiableRobustness(f: Float32Array, labels: Float32Array, lipschitzBound: number): number {
  assertSameLength(f, labels, 'meanCertifiableRobustness');
  if (f.length === 0 || !(lipschitzBound > 0) || !Number.isFinite(lipschitzBound)) return NaN;
  let sum = 0;
  for (let k = 0; k < f.length; k++) sum += labels[k] * f[k];
  return sum / f.length / lipschitzBound;
}

/**
 * Tightness of each certificate against the true distance to the boundary:
 *   rho_k = |f(x_k)| / (L_bound dist_k),
 * in [0, 1] when the certificate is sound; 1 where f is the signed distance function of its own boundary
 * (scaled by L_bound), near 0 where the certificate is very conservative. Special cases:
 * - dist = Infinity (no boundary at all) -> 0 for a finite f (the certificate is infinitely conservative);
 * - dist = 0 and f = 0 (a point on the boundary) -> 1 (radius 0 is exactly the truth);
 * - dist = 0 and f != 0 -> Infinity (a positive radius claimed on the boundary);
 * - NaN in f or dist -> NaN.
 * Values above 1 mean the certificate claims more than the measured distance: the model is not
 * L_bound-Lipschitz, or the measured distance is off by up to its grid resolution (see
 * `certificateViolations` for a test that allows for it).
 */
export function certificateTightness(f: Float32Array, lipschitzBound: number, dist: Float32Array): Float32Array {
  assertSameLength(f, dist, 'certificateTightness');
  assertLipschitzBound(lipschitzBound);
  const out = new Float32Array(f.length);
  for (let k = 0; k < f.length; k++) {
    const radius = Math.abs(f[k]) / lipschitzBound;
    const d = dist[k];
    if (Number.isNaN(radius) || Number.isNaN(d)) out[k] = NaN;
    else if (d === 0) out[k] = radius === 0 ? 1 : Infinity;
    else out[k] = radius / d; // d = Infinity gives 0 for a finite radius
  }
  return out;
}

/**
 * Indices k (ascending) of the points whose certificate provably overclaims:
 *   |f(x_k)| / L_bound > dist_k + tolerance.
 * A sound certificate has |f| / L_bound <= true distance, so when dist is measured to within `tolerance`
 * (for a boundary from `contour`, the cell diagonal: the true distance is at most the measured one plus the
 * diagonal) every index returned is a genuine violation: the model is not L_bound-Lipschitz there.
 * NaN entries are never reported. The number of violations is the array's length.
 */
export function certificateViolations(
  f: Float32Array,
  lipschitzBound: number,
  dist: Float32Array,
  tolerance: number,
): Uint32Array {
  assertSameLength(f, dist, 'certificateViolations');
  assertLipschitzBound(lipschitzBound);
  if (!(tolerance >= 0)) throw new Error(`tolerance must be >= 0, got ${tolerance}`);
  const found: number[] = [];
  for (let k = 0; k < f.length; k++) if (Math.abs(f[k]) / lipschitzBound > dist[k] + tolerance) found.push(k);
  return Uint32Array.from(found);
}

/**
 * Empirical Lipschitz estimate max |grad f(x)| over every sampled gradient norm of every array given (for
 * the reports: the grid nodes and the data points). For a differentiable f it is a LOWER bound of the true
 * Lipschitz constant (sup of |grad f| over the whole plane), never a certificate. 0 for no samples; NaN if
 * any sample is NaN (a diverged model should show, not hide).
 */
export function lipschitzEmpiricalFromGradients(...samples: Float32Array[]): number {
  return samples.reduce((max, gradNorms) => Math.max(max, maxOf(gradNorms)), 0);
}
