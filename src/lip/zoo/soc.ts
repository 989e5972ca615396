import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random';
import { matMul } from '../matmul';

/**
 * The skew-orthogonal layer (Singla & Feizi, "Skew Orthogonal Convolutions", ICML 2021), dense case:
 * Q = exp(A) with A skew, orthogonal for every skew A, computed from a truncated Taylor series.
 *
 * A from the kernel V (m x m, m = max(in, out)): S = (V - V^T) / 2, A = S / b with b = sqrt(|S^2|_inf)
 * (the largest absolute row sum of S^2 = -S S^T). b >= |S|_2 (for a normal matrix |S|_2^2 = |S^2|_2 <=
 * |S^2|_inf), so |A|_2 <= 1 always, as in their code, which divides by a power-iteration estimate of
 * |S|_2 (we want no state: this bound needs none and is never below the true norm; it is within ~1.4x of it
 * on random kernels, so |A|_2 lies in ~[0.7, 1]). Its price, as in the paper: the rotation angles of exp(A)
 * (the eigenvalues e^{i theta}) stay within |theta| <= 1 rad.
 *
 * Order. Singla & Feizi sum the series A^k / k! to k = 5 in training and k = 12 in evaluation. Here one
 * evaluation serves both, so the net trained is exactly the net evaluated and exported: the Taylor
 * polynomial of order 6 at A / 4, squared twice, exp(A) ~ T6(A/4)^4 (scaling and squaring). With
 * |A/4| <= 1/4 the order-6 remainder is at most sum_{k>6} 4^-k / k! < 1.3e-8, and squaring twice multiplies
 * it by at most ~4: |Q - exp(A)| < 6e-8, float32's own precision, so the singular values of W are 1 to
 * float32 rounding, in training too (the paper's 5 training terms at |A| = 1 leave up to 1.6e-3). It costs
 * 5 products of m x m matrices: S^2 (shared with the bound, B^2 = S^2 / (16 b^2)), B^3, one for the
 * Paterson-Stockmeyer split T6(B) = I + B + B^2/2 + B^3/6 + B^3 (B/24 + B^2/120 + B^3/720), and two squarings;
 * summing 12 powers term by term took 12 (and ~3x the ms/step, docs/layers-dense.md). A truncated series can
 * still exceed 1 by rounding; the app's reported Lipschitz bound uses the exact spectral norm of each
 * effective weight (export.ts lipschitzBoundOf), never the assumed 1, so nothing needs changing there.
 *
 * Rectangular layers, as their code (zero-padding the input, cropping the output): W = the in x out block
 * of exp(A) (rows 0..in-1, columns 0..out-1). A thin block of a wide layer (n = min(in, out) < m / 3 and
 * m >= 128, as a 2 -> 256 first layer) is summed term by term instead, E exp(A) = sum_{k <= 12} E A^k / k!
 * (each term the previous times A / k, n x m by m x m: 12 n m^2 multiply-adds against 4 m^3 for the full
 * matrix), the paper's evaluation order, whose remainder at |A| <= 1 is below 1.7e-10. Measured on wasm
 * (forward and backward, docs/layers-dense.md): 2 x 256 takes 38 ms this way against 63 ms, 2 x 128 5.7
 * against 7.1, but 2 x 64 2.5 against 1.9 (12 small products cost more in per-op overhead than the 3 large
 * ones they save), hence m >= 128. Orthonormal rows (in < out) or columns (in >= out): all
 * singular values 1, as Björck's, so 1-Lipschitz and gradient-norm preserving (GNP) with GroupSort in the
 * same sense as Björck's layers (W^T keeps every gradient's norm when in >= out; an expanding layer, in < out
 * as 2 -> 64, is an isometry forward and keeps the gradient's part in its row space).
 */

/** W (inputs x outputs) of the SOC layer for the kernel (m x m, m = max(inputs, outputs)). */
export function socWeight(kernel: tf.Tensor2D, inputs: number, outputs: number): tf.Tensor2D {
  const m = Math.max(inputs, outputs);
  if (kernel.shape[0] !== m || kernel.shape[1] !== m) throw new Error(`soc: a ${inputs} x ${outputs} layer needs a ${m} x ${m} kernel, got ${kernel.shape.join(' x ')}`);
  const s = tf.mul(tf.sub(kernel, tf.transpose(kernel)), 0.5) as tf.Tensor2D;
  const s2 = matMul(s, s);
  const b2 = tf.add(tf.max(tf.sum(tf.abs(s2), 1)), 1e-24); // b^2 = |S^2|_inf
  // B = A / 4 = S / (4 b), B^2 = S^2 / (16 b^2)
  const n = Math.min(inputs, outputs);
  if (m >= 128 && 3 * n < m) return blockSeries(tf.div(s, tf.sqrt(b2)) as tf.Tensor2D, inputs, outputs);
  const x = tf.div(s, tf.mul(tf.sqrt(b2), 4)) as tf.Tensor2D;
  const x2 = tf.div(s2, tf.mul(b2, 16)) as tf.Tensor2D;
  const x3 = matMul(x2, x);
  const eye = tf.eye(m);
  const low = tf.addN([eye, x, tf.mul(x2, 1 / 2), tf.mul(x3, 1 / 6)]);
  const high = tf.addN([tf.mul(x, 1 / 24), tf.mul(x2, 1 / 120), tf.mul(x3, 1 / 720)]) as tf.Tensor2D;
  let q = tf.add(low, matMul(x3, high)) as tf.Tensor2D;
  for (let i = 0; i < SQUARINGS; i++) q = matMul(q, q);
  return inputs === m && outputs === m ? q : (tf.slice(q, [0, 0], [inputs, outputs]) as tf.Tensor2D);
}

/** exp(A) = exp(A / 2^SQUARINGS)^(2^SQUARINGS): 2 squarings of the order-6 Taylor polynomial at A / 4. */
const SQUARINGS = 2;

/** Terms of the series summed on a thin block (the paper's evaluation order). */
const BLOCK_TERMS = 12;

/** The in x out block of exp(A), |A| <= 1, as sum_{k <= BLOCK_TERMS} of its rows (in < out) or columns times A^k / k!. */
function blockSeries(a: tf.Tensor2D, inputs: number, outputs: number): tf.Tensor2D {
  const m = a.shape[0];
  const rows = inputs < outputs; // E exp(A), in x m; otherwise exp(A) E^T, m x out
  let term = rows ? tf.slice(tf.eye(m), [0, 0], [inputs, m]) : tf.slice(tf.eye(m), [0, 0], [m, outputs]);
  const terms: tf.Tensor2D[] = [term];
  for (let k = 1; k <= BLOCK_TERMS; k++) {
    term = tf.div(rows ? matMul(term, a) : matMul(a, term), k) as tf.Tensor2D;
    terms.push(term);
  }
  const sum = tf.addN(terms) as tf.Tensor2D;
  return rows ? sum : (tf.slice(sum, [0, 0], [inputs, outputs]) as tf.Tensor2D);
}

/** The kernel's shape: square, the larger of the two widths. */
export function socKernelShape(inputs: number, outputs: number): [number, number] {
  const m = Math.max(inputs, outputs);
  return [m, m];
}

/** The initial kernel (m x m), as their code: normal with std 1 / sqrt(m) (its scale is normalised away). */
export function socInitialKernel(inputs: number, outputs: number, rng: Random): Float32Array {
  const m = Math.max(inputs, outputs);
  const s = 1 / Math.sqrt(m);
  return Float32Array.from({ length: m * m }, () => s * rng.normal());
}
