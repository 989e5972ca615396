import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';

/**
 * The forward pass of a groupsort2 MLP that never interleaves units. groupsort2 pairs unit 2k with unit
 * 2k+1; instead of computing all units, sorting each pair and interleaving the results (transposes and
 * concatenations of the whole batch, most of the cost on the wasm backend), each layer computes the
 * even units a and the odd units c with the even and odd columns of W, keeps lo = min(a, c) and
 * hi = max(a, c) apart, and the next layer multiplies lo by the even rows of its W and hi by the odd rows:
 *   [lo, hi interleaved] W = lo W[even rows] + hi W[odd rows].
 * Same function, same gradient, same FLOPs; tests compare it with the plain forward pass.
 */
export function groupSort2Forward(x: tf.Tensor2D, weights: tf.Tensor2D[], biases: tf.Tensor1D[]): tf.Tensor2D {
  let pair: [tf.Tensor2D, tf.Tensor2D] | null = null;
  const last = weights.length - 1;
  let out: tf.Tensor2D | null = null;
  weights.forEach((w, i) => {
    const [inputs, outputs] = w.shape;
    // Rows split by the previous layer's pairs (the first layer takes x whole). Even/odd rows and columns
    // come from reshape + unstack, whose gradients exist on every backend (gather's does not on wasm).
    const product = (cols: tf.Tensor2D): tf.Tensor2D => {
      if (!pair) return matMul(x, cols);
      const [even, odd] = tf.unstack(tf.reshape(cols, [inputs / 2, 2, cols.shape[1]]), 1) as tf.Tensor2D[];
      return tf.add(matMul(pair[0], even), matMul(pair[1], odd));
    };
    if (i === last) {
      out = tf.add(product(w), biases[i]) as tf.Tensor2D;
      return;
    }
    const [evenCols, oddCols] = tf.unstack(tf.reshape(w, [inputs, outputs / 2, 2]), 2) as tf.Tensor2D[];
    const [evenBias, oddBias] = tf.unstack(tf.reshape(biases[i], [outputs / 2, 2]), 1);
    const a = tf.add(product(evenCols), evenBias) as tf.Tensor2D;
    const c = tf.add(product(oddCols), oddBias) as tf.Tensor2D;
    pair = [tf.minimum(a, c), tf.maximum(a, c)];
  });
  return out!;
}
