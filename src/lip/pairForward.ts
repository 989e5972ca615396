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

/**
 * The input gradient df/dx of a groupsort2 MLP at each row of x (n x 2), before the output scale, by a
 * backward pass written out in the same pair layout as `groupSort2Forward`. The forward pass keeps only
 * which unit of each pair was the smaller (a <= c: a went to lo); going back, the gradients of (lo, hi)
 * are routed to (a, c) by that mask, a permutation, and then through the even and odd weight columns:
 *   g_a = m g_lo + (1 - m) g_hi,  g_c = m g_hi + (1 - m) g_lo,
 *   g_prev_lo = g_a E_even^T + g_c O_even^T,  g_prev_hi = g_a E_odd^T + g_c O_odd^T,
 * with E, O the even and odd columns of W and _even, _odd their even and odd rows. About twice the cost of
 * the forward pass, where autodiff of the forward ops costs about four times (tests compare the two).
 * Call inside tf.tidy.
 */
export function groupSort2InputGradient(x: tf.Tensor2D, weights: tf.Tensor2D[], biases: tf.Tensor1D[]): tf.Tensor2D {
  const last = weights.length - 1;
  const split = weights.map((w) => {
    const [inputs, outputs] = w.shape;
    return outputs === 1 ? null : (tf.unstack(tf.reshape(w, [inputs, outputs / 2, 2]), 2) as tf.Tensor2D[]);
  });
  // Forward, keeping the masks m (1 where a <= c) as floats.
  const masks: tf.Tensor2D[] = [];
  let pair: [tf.Tensor2D, tf.Tensor2D] | null = null;
  const rowsOf = (w: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] => {
    const [inputs, outputs] = w.shape;
    return tf.unstack(tf.reshape(w, [inputs / 2, 2, outputs]), 1) as [tf.Tensor2D, tf.Tensor2D];
  };
  for (let i = 0; i < last; i++) {
    const [evenCols, oddCols] = split[i]!;
    const [evenBias, oddBias] = tf.unstack(tf.reshape(biases[i], [weights[i].shape[1] / 2, 2]), 1);
    const product = (cols: tf.Tensor2D): tf.Tensor2D => {
      if (!pair) return matMul(x, cols);
      const [even, odd] = rowsOf(cols);
      return tf.add(matMul(pair[0], even), matMul(pair[1], odd));
    };
    const a = tf.add(product(evenCols), evenBias) as tf.Tensor2D;
    const c = tf.add(product(oddCols), oddBias) as tf.Tensor2D;
    masks.push(tf.cast(tf.lessEqual(a, c), 'float32') as tf.Tensor2D);
    pair = [tf.minimum(a, c), tf.maximum(a, c)];
  }
  if (last === 0) return tf.add(tf.zerosLike(x), tf.transpose(weights[0])) as tf.Tensor2D; // f = x W + b
  // Backward from the head: d f / d (lo, hi) are the head's even and odd rows, the same for every point.
  const [headEven, headOdd] = rowsOf(weights[last]);
  let gLo: tf.Tensor2D = tf.transpose(headEven);
  let gHi: tf.Tensor2D = tf.transpose(headOdd);
  for (let i = last - 1; ; i--) {
    const gA = tf.add(gHi, tf.mul(masks[i], tf.sub(gLo, gHi))) as tf.Tensor2D;
    const gC = tf.sub(tf.add(gLo, gHi), gA) as tf.Tensor2D; // g_a + g_c = g_lo + g_hi
    const [evenCols, oddCols] = split[i]!;
    if (i === 0) return tf.add(matMul(gA, tf.transpose(evenCols)), matMul(gC, tf.transpose(oddCols))) as tf.Tensor2D;
    const [evenColsEvenRows, evenColsOddRows] = rowsOf(evenCols);
    const [oddColsEvenRows, oddColsOddRows] = rowsOf(oddCols);
    gLo = tf.add(matMul(gA, tf.transpose(evenColsEvenRows)), matMul(gC, tf.transpose(oddColsEvenRows))) as tf.Tensor2D;
    gHi = tf.add(matMul(gA, tf.transpose(evenColsOddRows)), matMul(gC, tf.transpose(oddColsOddRows))) as tf.Tensor2D;
  }
}
