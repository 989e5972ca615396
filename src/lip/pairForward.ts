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
 *
 * Even/odd rows and columns come from reshape + unstack, whose gradients exist on every backend (gather's
 * does not on wasm).
 */

type Pair = [tf.Tensor2D, tf.Tensor2D];

/** The even and odd rows of a kernel (inputs x outputs). */
function rowHalves(w: tf.Tensor2D): Pair {
  const [inputs, outputs] = w.shape;
  return tf.unstack(tf.reshape(w, [inputs / 2, 2, outputs]), 1) as Pair;
}

/** The even and odd columns of a kernel (inputs x outputs). */
function columnHalves(w: tf.Tensor2D): Pair {
  const [inputs, outputs] = w.shape;
  return tf.unstack(tf.reshape(w, [inputs, outputs / 2, 2]), 2) as Pair;
}

/** The layer input (x, or the previous layer's (lo, hi) pair) times `cols`. */
function product(x: tf.Tensor2D, pair: Pair | null, cols: tf.Tensor2D): tf.Tensor2D {
  if (!pair) return matMul(x, cols);
  const [even, odd] = rowHalves(cols);
  return tf.add(matMul(pair[0], even), matMul(pair[1], odd));
}

/**
 * (min(a, c), max(a, c)) as lo = a - relu(a - c), hi = c + relu(a - c), with d = a - c. On wasm, tfjs's
 * minimum and maximum are plain loops: 31 ms for both on 40,401 x 32 against 5 ms for these three
 * vectorised ops; a 201 x 201 snapshot of the default net went from 172 to 150 ms in Node. Where a <= c
 * the values are a and c exactly; where a > c they are the sorted pair up to two roundings, at most
 * 3 x 2^-24 x max(|a|, |c|), the size of the products' own rounding. Inference only: training keeps the
 * exact op (activations.ts).
 * @internal Exported for its test (pairForward.test.ts), which holds it to those bounds.
 */
export function sortedPair(a: tf.Tensor2D, c: tf.Tensor2D): { pair: Pair; difference: tf.Tensor2D } {
  const difference = tf.sub(a, c) as tf.Tensor2D;
  const excess = tf.relu(difference);
  return { pair: [tf.sub(a, excess), tf.add(c, excess)], difference };
}

/**
 * The hidden layers in the pair layout: the last (lo, hi) pair, null without hidden layers. `onLayer`
 * sees each layer's a - c (a the even, c the odd pre-activation half), for the backward pass.
 */
function hiddenPairs(x: tf.Tensor2D, weights: tf.Tensor2D[], biases: tf.Tensor1D[], onLayer?: (difference: tf.Tensor2D) => void): Pair | null {
  let pair: Pair | null = null;
  for (let i = 0; i < weights.length - 1; i++) {
    const [evenCols, oddCols] = columnHalves(weights[i]);
    const [evenBias, oddBias] = tf.unstack(tf.reshape(biases[i], [weights[i].shape[1] / 2, 2]), 1);
    const a = tf.add(product(x, pair, evenCols), evenBias) as tf.Tensor2D;
    const c = tf.add(product(x, pair, oddCols), oddBias) as tf.Tensor2D;
    const sorted = sortedPair(a, c);
    onLayer?.(sorted.difference);
    pair = sorted.pair;
  }
  return pair;
}

/** The pair-split forward pass described above: f at each row of x, before the output scale. */
export function groupSort2Forward(x: tf.Tensor2D, weights: tf.Tensor2D[], biases: tf.Tensor1D[]): tf.Tensor2D {
  const last = weights.length - 1;
  return tf.add(product(x, hiddenPairs(x, weights, biases), weights[last]), biases[last]) as tf.Tensor2D;
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
  return groupSort2ValueAndGradient(x, weights, biases, false).gradient;
}

/**
 * f and df/dx together at each row of x (n x 2), before the output scale: `groupSort2InputGradient`'s
 * forward pass already holds the last layer's (lo, hi), so f costs two thin products more instead of a
 * second forward pass. Returns f (n x 1; only when `withValue`) and the gradient (n x 2). Call inside tf.tidy.
 */
export function groupSort2ValueAndGradient(
  x: tf.Tensor2D,
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
  withValue = true,
): { f: tf.Tensor2D | null; gradient: tf.Tensor2D } {
  const last = weights.length - 1;
  const value = (pair: Pair | null) => (withValue ? (tf.add(product(x, pair, weights[last]), biases[last]) as tf.Tensor2D) : null);
  if (last === 0) return { f: value(null), gradient: tf.add(tf.zerosLike(x), tf.transpose(weights[0])) as tf.Tensor2D }; // f = x W + b
  // Forward, keeping the masks m (1 where a <= c, i.e. a - c <= 0) as floats: 1 - step(a - c), two
  // vectorised ops (lessEqual and a cast are loops on wasm, 8 ms against 2 on 40,401 x 32).
  const masks: tf.Tensor2D[] = [];
  const pair = hiddenPairs(x, weights, biases, (difference) => masks.push(tf.sub(1, tf.step(difference)) as tf.Tensor2D));
  const f = value(pair);
  // Backward from the head: d f / d (lo, hi) are the head's even and odd rows, the same for every point.
  const [headEven, headOdd] = rowHalves(weights[last]);
  let gLo: tf.Tensor2D = tf.transpose(headEven);
  let gHi: tf.Tensor2D = tf.transpose(headOdd);
  for (let i = last - 1; ; i--) {
    const gA = tf.add(gHi, tf.mul(masks[i], tf.sub(gLo, gHi))) as tf.Tensor2D;
    const gC = tf.sub(tf.add(gLo, gHi), gA) as tf.Tensor2D; // g_a + g_c = g_lo + g_hi
    const [evenCols, oddCols] = columnHalves(weights[i]);
    if (i === 0) return { f, gradient: tf.add(matMul(gA, tf.transpose(evenCols)), matMul(gC, tf.transpose(oddCols))) as tf.Tensor2D };
    const [evenColsEvenRows, evenColsOddRows] = rowHalves(evenCols);
    const [oddColsEvenRows, oddColsOddRows] = rowHalves(oddCols);
    gLo = tf.add(matMul(gA, tf.transpose(evenColsEvenRows)), matMul(gC, tf.transpose(oddColsEvenRows))) as tf.Tensor2D;
    gHi = tf.add(matMul(gA, tf.transpose(evenColsOddRows)), matMul(gC, tf.transpose(oddColsOddRows))) as tf.Tensor2D;
  }
}
