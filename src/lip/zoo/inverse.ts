import * as tf from '@tensorflow/tfjs';
import { matMul } from '../matmul';

/**
 * A differentiable inverse of a square matrix, which tfjs lacks (the Cayley layer needs (I + A)^-1).
 *
 * Forward, two ways:
 * - `checkTolerance` (cpu, wasm: tensors live in CPU memory, a read-back is a copy): Gauss-Jordan
 *   elimination with partial pivoting in float64 JS on the read-back matrix, rounded once to float32.
 *   On wasm the op takes ~0.55 ms at n = 64 and ~4 ms at n = 128, 3-6x less than Newton-Schulz there, and
 *   max |X Y - I| is 3e-8 to 8e-8 against Newton-Schulz's 4e-7 to 5e-7 (docs/layers-dense.md): the float32
 *   rounding of a float64 answer (X X^-1 = I to 1e-10 on Gaussian matrices up to 128, tested). On a GPU
 *   backend the read-back would stall the pipeline every pass, so this path is never used there.
 * - otherwise (webgl, webgpu): Newton-Schulz, Y <- Y (2I - X Y) from Y0 = X^T / (|X|_1 |X|_inf), a fixed
 *   `NEWTON_SCHULZ_ITERATIONS` tensor-only iterations (no read-back). The residual I - X Y0 has norm at most
 *   1 - 1/c with c = |X|_1 |X|_inf / sigma_min(X)^2 and squares every iteration, so 30 iterations reach
 *   float32 precision for c up to ~6e7; the Cayley layer's X = I + A has sigma_min >= 1, so c <= |X|_1 |X|_inf.
 *
 * Backward, from the inverse itself whatever the forward: d(X^-1) = -X^-1 dX X^-1, so with Y = X^-1 and
 * G = dL/dY, dL/dX = -Y^T G Y^T (two products; no differentiation through the elimination or the iteration).
 */

/** Newton-Schulz iterations of the tensor-only path (see above). */
export const NEWTON_SCHULZ_ITERATIONS = 30;

/** X^-1 for a square X, differentiable. Call inside tf.tidy or a gradient scope. */
export function inverse(x: tf.Tensor2D, checkTolerance: boolean): tf.Tensor2D {
  const [rows, cols] = x.shape;
  if (rows !== cols) throw new Error(`inverse: the matrix is ${rows} x ${cols}, not square`);
  return (checkTolerance ? inverseByElimination : inverseByNewtonSchulz)(x);
}

/** The custom gradient shared by both forwards: dL/dX = -Y^T G Y^T. */
function withInverseGradient(forward: (x: tf.Tensor2D) => tf.Tensor2D): (x: tf.Tensor2D) => tf.Tensor2D {
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const y = forward(x);
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const yt = tf.transpose(saved[0] as tf.Tensor2D);
        return [tf.neg(matMul(matMul(yt, dy as tf.Tensor2D), yt))];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;
}

const inverseByElimination = withInverseGradient((x) => {
  const n = x.shape[0];
  return tf.tensor2d(Float32Array.from(gaussJordanInverse(x.dataSync(), n)), [n, n]);
});

const inverseByNewtonSchulz = withInverseGradient((x) => newtonSchulzInverse(x, NEWTON_SCHULZ_ITERATIONS));

/**
 * Newton-Schulz iteration for X^-1 (tensor ops only), `iterations` steps, or fewer when `tolerance` > 0 and
 * |I - X Y|_F falls below it (that check reads a number back every step).
 * @internal Exported for the measurements in inverse.test.ts and .probe scripts.
 */
export function newtonSchulzInverse(x: tf.Tensor2D, iterations: number, tolerance = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const eye = tf.eye(n);
    const abs = tf.abs(x);
    const norm1 = tf.max(tf.sum(abs, 0));
    const normInf = tf.max(tf.sum(abs, 1));
    let y = tf.div(tf.transpose(x), tf.mul(norm1, normInf)) as tf.Tensor2D;
    for (let i = 0; i < iterations; i++) {
      const residual = tf.sub(eye, matMul(x, y)) as tf.Tensor2D;
      if (tolerance > 0 && tf.sum(tf.square(residual)).dataSync()[0] < tolerance * tolerance) break;
      y = tf.add(y, matMul(y, residual)) as tf.Tensor2D; // Y (2I - X Y) = Y + Y (I - X Y)
    }
    return y;
  });
}

/**
 * The inverse of the n x n row-major matrix `a` by in-place Gauss-Jordan elimination with partial pivoting
 * (n^3 multiply-adds, half of eliminating [A | I]), in float64. Throws on a (numerically) singular matrix.
 * @internal Exported for tests.
 */
export function gaussJordanInverse(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a as ArrayLike<number>);
  const swaps = new Int32Array(n); // the row swapped with row k at step k, undone on the columns at the end
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]));
  for (let k = 0; k < n; k++) {
    let pivotRow = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(m[r * n + k]) > Math.abs(m[pivotRow * n + k])) pivotRow = r;
    const pivot = m[pivotRow * n + k];
    if (!(Math.abs(pivot) > 1e-14 * scale)) throw new Error(`inverse: the ${n} x ${n} matrix is singular`);
    swaps[k] = pivotRow;
    if (pivotRow !== k) {
      for (let c = 0; c < n; c++) {
        const t = m[k * n + c];
        m[k * n + c] = m[pivotRow * n + c];
        m[pivotRow * n + c] = t;
      }
    }
    // Row k becomes row k of the inverse's factor: divide by the pivot, whose slot holds 1 / pivot.
    const p = k * n;
    const inv = 1 / pivot;
    m[p + k] = 1;
    for (let c = 0; c < n; c++) m[p + c] *= inv;
    for (let r = 0; r < n; r++) {
      if (r === k) continue;
      const q = r * n;
      const f = m[q + k];
      if (f === 0) continue;
      m[q + k] = 0;
      for (let c = 0; c < n; c++) m[q + c] -= f * m[p + c];
    }
  }
  // Row swaps of A are column swaps of A^-1, undone in reverse order.
  for (let k = n - 1; k >= 0; k--) {
    const r = swaps[k];
    if (r === k) continue;
    for (let i = 0; i < n; i++) {
      const t = m[i * n + k];
      m[i * n + k] = m[i * n + r];
      m[i * n + r] = t;
    }
  }
  return m;
}
