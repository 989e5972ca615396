import * as tf from '@tensorflow/tfjs';
import { Random } from '../core/random';

/**
 * A rows x cols matrix with singular values spread log-evenly from `smallest` to `largest` (default 1),
 * with random singular vectors: a kernel of known conditioning for Björck's tests.
 */
export function withSpectrum(rows: number, cols: number, smallest: number, seed: number, largest = 1): tf.Tensor2D {
  const rng = new Random(seed);
  return tf.tidy(() => {
    const n = Math.min(rows, cols);
    const values = Array.from({ length: n }, (_, i) => (n === 1 ? largest : smallest * Math.pow(largest / smallest, i / (n - 1))));
    const gaussian = (r: number, c: number) => tf.tensor2d(Float32Array.from({ length: r * c }, () => rng.normal()), [r, c]);
    // Orthonormal factors from Gram-Schmidt (tf.linalg.qr) of Gaussian matrices.
    const [left] = tf.linalg.qr(gaussian(rows, n));
    const [right] = tf.linalg.qr(gaussian(cols, n));
    return tf.matMul(tf.mul(left, tf.tensor1d(values)), right, false, true) as tf.Tensor2D;
  });
}
