import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random';
import { matMul } from '../matmul';

/**
 * The skew-orthogonal layer (Singla & Feizi, "Skew Orthogonal Convolutions", ICML 2021), dense case:
 * Q = exp(A) with A skew, orthogonal for every skew A, computed from a truncated Taylor series.
 *
 * A from the kernel V (m x m, m = max(in, out)): S = (V - V^T) / 2, A = S / b with b = |S^4|_inf^(1/4)
 * (|.|_inf the largest absolute row sum). For a normal matrix |S|_2^4 = |S^4|_2 <= |S^4|_inf, so b >= |S|_2
 * and |A|_2 <= 1 always, as in their code, which divides by a power-iteration estimate of |S|_2. We want no
 * state: this bound needs none and is never below the norm. On Gaussian kernels it exceeds |S|_2 by
 * 1.15-1.19x at m = 16, 1.26x at 64, 1.31-1.35x at 128, 1.37-1.40x at 256 (|S^2|_inf^(1/2), one product
 * cheaper, by 1.6x at 64 and 2.0-2.1x at 256; |S^8|_inf^(1/8) by 1.11-1.16x, one product dearer). Its
 * price, as in the paper and a little more: the rotation angles of exp(A) (the eigenvalues e^{i theta}) stay
 * within |theta| <= |S|_2 / b, 1 rad at most (about 0.8 rad at m = 64 for a Gaussian kernel).
 *
 * Order. Singla & Feizi sum the series A^k / k! to k = 5 in training and k = 12 in evaluation. Here one
 * evaluation serves both, so the net trained is exactly the net evaluated and exported: the Taylor
 * polynomial of order 6 at A / 4, squared twice, exp(A) ~ T6(A/4)^4 (scaling and squaring). With
 * |A/4| <= 1/4 the order-6 remainder is at most sum_{k>6} 4^-k / k! < 1.3e-8, and squaring twice multiplies
 * it by at most ~4: |Q - exp(A)| < 6e-8, float32's own precision, so the singular values of W are 1 to
 * float32 rounding, in training too (the paper's 5 training terms at |A| = 1 leave up to 1.6e-3). It costs
 * 6 products of m x m matrices: S^2 and S^4 (for the bound, and B^2 = S^2 / (16 b^2), B^4 = S^4 / (256 b^4)),
 * two for the Paterson-Stockmeyer split T6(B) = I + B + B^2 (I/2 + B/6) + B^4 (I/24 + B/120 + B^2/720), and
 * two squarings:
 * one 64 x 64 layer's forward and backward on wasm take about what the paper's 5 training terms take, and
 * 12 terms summed one by one take ~1.8x that (docs/layers-dense.md). A truncated series can
 * still exceed 1 by rounding; the app's reported Lipschitz bound uses the exact spectral norm of each
 * effective weight (export.ts lipschitzBoundOf), never the assumed 1, so nothing needs changing there.
 *
 * Rectangular layers, as their code (zero-padding the input, cropping the output): W = the in x out block
 * of exp(A) (rows 0..in-1, columns 0..out-1). A thin block of a wide layer (n = min(in, out) < m / 3 and
 * m >= 128, as a 2 -> 256 first layer) is summed term by term instead, E exp(A) = sum_{k <= 12} E A^k / k!
 * (each term the previous times A / k, n x m by m x m: 12 n m^2 multiply-adds against 4 m^3 for the full
 * matrix), the paper's evaluation order, whose remainder at |A| <= 1 is below 1.7e-10. Measured on wasm
 * (forward and backward, docs/layers-dense.md): 2 x 256 takes 35 ms this way against 58 ms, 2 x 128 about
 * the same either way; at m = 64 the 12 small products cost more in per-op overhead than the large ones they
 * save, hence m >= 128. Orthonormal rows (in < out) or columns (in >= out): all
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
  const s4 = matMul(s2, s2);
  const b4 = tf.add(tf.max(tf.sum(tf.abs(s4), 1)), 1e-30); // b^4 = |S^4|_inf
  const b = tf.pow(b4, 0.25);
  const n = Math.min(inputs, outputs);
  if (m >= 128 && 3 * n < m) return blockSeries(tf.div(s, b) as tf.Tensor2D, inputs, outputs);
  // B = A / 4 = S / (4 b), B^2 = S^2 / (16 b^2), B^4 = S^4 / (256 b^4)
  const x = tf.div(s, tf.mul(b, 4)) as tf.Tensor2D;
  const x2 = tf.div(s2, tf.mul(tf.square(b), 16)) as tf.Tensor2D;
  const x4 = tf.div(s4, tf.mul(b4, 256)) as tf.Tensor2D;
  const eye = tf.eye(m);
  const low = tf.add(tf.add(eye, x), matMul(x2, tf.add(tf.mul(eye, 1 / 2), tf.mul(x, 1 / 6)) as tf.Tensor2D));
  const high = tf.addN([tf.mul(eye, 1 / 24), tf.mul(x, 1 / 120), tf.mul(x2, 1 / 720)]) as tf.Tensor2D;
  let q = tf.add(low, matMul(x4, high)) as tf.Tensor2D;
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
