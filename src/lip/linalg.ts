/**
 * Small dense linear algebra in plain JS (float64) for exact checks of the weights: singular values and
 * spectral norms of effective kernels, used by the Lipschitz bound of standard nets and by tests.
 * Matrices are row-major (rows x cols).
 */

/** The Gram matrix on the short side: W^T W (cols x cols) if rows >= cols, else W W^T (rows x rows). */
export function shortGram(w: ArrayLike<number>, rows: number, cols: number): { g: Float64Array; n: number } {
  const tall = rows >= cols;
  const n = tall ? cols : rows;
  const inner = tall ? rows : cols;
  const at = (k: number, i: number) => (tall ? w[k * cols + i] : w[i * cols + k]); // element i of vector k
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += at(k, i) * at(k, j);
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
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

/** All min(rows, cols) singular values of W, descending. */
export function singularValues(w: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const { g, n } = shortGram(w, rows, cols);
  return symmetricEigenvalues(g, n)
    .map((e) => Math.sqrt(Math.max(e, 0)))
    .sort((x, y) => y - x);
}

/** Side of the Gram matrix up to which the spectral norm is computed exactly by Jacobi, by default. */
const EXACT_SIDE = 256;

/**
 * The spectral norm |W|_2 (largest singular value). Exact (Jacobi) when the short side is at most
 * `exactSide`; otherwise power iteration on the Gram matrix run to convergence (relative change < 1e-12),
 * which is cheaper (n^2 per iteration instead of n^3 per sweep) and accurate to the spread of the top
 * singular values.
 */
export function spectralNorm(w: ArrayLike<number>, rows: number, cols: number, exactSide = EXACT_SIDE): number {
  if (Math.min(rows, cols) <= exactSide) return singularValues(w, rows, cols)[0] ?? 0;
  const { g, n } = shortGram(w, rows, cols);
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let lambda = 0;
  for (let it = 0; it < 5000; it++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += g[i * n + j] * v[j];
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return 0;
    for (let i = 0; i < n; i++) next[i] /= norm;
    v = next;
    const converged = Math.abs(norm - lambda) <= 1e-12 * norm;
    lambda = norm;
    if (converged) break;
  }
  return Math.sqrt(lambda);
}

/**
 * A guaranteed upper bound of |W|_2, cheap for near-orthonormal W. With G the short-side Gram matrix,
 * |W|_2^2 = lambda_max(G) <= 1 + |G - I|_2 <= 1 + |G - I|_F; when |G - I|_F < `nearTolerance` (a Björck
 * output) that bound is returned (one Gram product, no eigen-solve), within about |G - I|_F / 2 of the
 * true value. Otherwise the exact spectral norm (Jacobi).
 */
export function spectralNormUpperBound(w: ArrayLike<number>, rows: number, cols: number, nearTolerance = 1e-3): number {
  const { g, n } = shortGram(w, rows, cols);
  let offIdentity = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) offIdentity += (g[i * n + j] - (i === j ? 1 : 0)) ** 2;
  }
  const distance = Math.sqrt(offIdentity);
  if (distance < nearTolerance) return Math.sqrt(1 + distance);
  return Math.sqrt(Math.max(symmetricEigenvalues(g, n).reduce((a, b) => Math.max(a, b), 0), 0));
}
