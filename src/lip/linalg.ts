/**
 * Small dense linear algebra in plain JS (float64) on the effective weights: all singular values (Jacobi,
 * for tests and checks) and a certified upper bound of the spectral norm (for the reported Lipschitz
 * bound, which certificates divide by, so it must never under-estimate). Matrices are row-major.
 */

/** The Gram matrix on the short side: W^T W (cols x cols) if rows >= cols, else W W^T (rows x rows). */
export function shortGram(w: ArrayLike<number>, rows: number, cols: number): { g: Float64Array; n: number } {
  const tall = rows >= cols;
  const n = tall ? cols : rows;
  const inner = tall ? rows : cols;
  // Vector k (length n) of the short side, copied contiguous in float64 so the products run along rows.
  const vectors = new Float64Array(inner * n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (tall) vectors[r * n + c] = w[r * cols + c];
      else vectors[c * n + r] = w[r * cols + c];
    }
  }
  const g = new Float64Array(n * n);
  for (let k = 0; k < inner; k++) {
    const base = k * n;
    for (let i = 0; i < n; i++) {
      const vi = vectors[base + i];
      if (vi === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) g[row + j] += vi * vectors[base + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
  return { g, n };
}

/** Eigenvalues of a symmetric n x n matrix by cyclic Jacobi rotations (accurate to ~1e-12 relative). */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
}

/**
 * All min(rows, cols) singular values of W, descending (Jacobi on the Gram matrix, ~1e-12 relative).
 * @internal The exact reference of the tests: Björck's singular values, and `spectralNorm` never below it.
 */
export function singularValues(w: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const { g, n } = shortGram(w, rows, cols);
  return symmetricEigenvalues(g, n)
    .map((e) => Math.sqrt(Math.max(e, 0)))
    .sort((x, y) => y - x);
}

/**
 * Whether c I - G is positive definite, decided by a Cholesky factorisation in float64 (it succeeds exactly
 * when every pivot is positive). A success proves lambda_max(G) < c, up to the factorisation's rounding
 * error (about n * 2^-52 * |G|), which callers cover with a relative margin.
 */
function shiftedIsPositiveDefinite(g: Float64Array, n: number, c: number): boolean {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = c - g[j * n + j];
    for (let k = 0; k < j; k++) pivot -= l[j * n + k] * l[j * n + k];
    if (!(pivot > 0)) return false;
    const root = Math.sqrt(pivot);
    l[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = -g[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / root;
    }
  }
  return true;
}

/** Rayleigh quotient v^T G v of the last power-iteration vector: a LOWER bound of lambda_max(G). */
function powerIterationEstimate(g: Float64Array, n: number, iterations: number): number {
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += g[i * n + j] * v[j];
      next[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += next[i] * next[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let i = 0; i < n; i++) next[i] /= norm;
    v = next;
    const converged = Math.abs(norm - lambda) <= 1e-13 * norm;
    lambda = norm;
    if (converged) break;
  }
  return lambda;
}

/** Relative accuracy the certified spectral norm aims for (the bound is at most this much above the truth). */
const SPECTRAL_NORM_RELATIVE_GAP = 1e-7;

/**
 * A certified upper bound of |W|_2, at every size, tight to about 1e-7 relative.
 *
 * With G the short-side Gram matrix (|W|_2^2 = lambda_max(G)), power iteration gives a Rayleigh quotient
 * `lower` <= lambda_max(G) (it never over-estimates; with clustered top singular values it may
 * under-estimate, so it is not used as the answer). An upper bound c is accepted only when a Cholesky
 * factorisation proves c I - G positive definite, i.e. lambda_max(G) < c. Candidates grow geometrically
 * from `lower` until one is proved, then bisection between the last refuted candidate and the proved one
 * tightens it to SPECTRAL_NORM_RELATIVE_GAP. Every candidate carries a relative margin of 64 n 2^-52 that
 * covers the factorisation's rounding, so the returned value is an upper bound of the exact norm of the
 * given float32 weights, never an estimate. Cost: one Gram product, n^2 per power step, n^3 / 3 per
 * Cholesky (a few to ~20 of them).
 *
 * NaN when W holds a non-finite value; 0 for a zero matrix.
 */
export function spectralNorm(w: ArrayLike<number>, rows: number, cols: number): number {
  for (let k = 0; k < rows * cols; k++) if (!Number.isFinite(w[k])) return NaN;
  const { g, n } = shortGram(w, rows, cols);
  if (n === 0) return 0;
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, g[i * n + i]);
  if (maxDiagonal === 0) return 0; // G = 0: W = 0
  const margin = 1 + 64 * n * 2 ** -52;
  const proved = (c: number) => shiftedIsPositiveDefinite(g, n, c * margin);

  // Both are proved lower bounds of lambda_max: a Rayleigh quotient and a diagonal entry e_i^T G e_i.
  let lower = Math.max(powerIterationEstimate(g, n, 300), maxDiagonal);
  let step = SPECTRAL_NORM_RELATIVE_GAP;
  let upper = lower * (1 + step);
  while (!proved(upper)) {
    lower = upper;
    step *= 4;
    upper = lower * (1 + step);
  }
  while (upper - lower > SPECTRAL_NORM_RELATIVE_GAP * upper) {
    const mid = (lower + upper) / 2;
    if (proved(mid)) upper = mid;
    else lower = mid;
  }
  return Math.sqrt(upper * margin);
}
