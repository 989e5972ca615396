import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../core/config';
import { checkActivationWidth } from '../core/mlpJson';

// The widths' rules and the plain-JS forward live with the model file's format (tfjs-free, core/mlpJson.ts).
export { activationOutputWidth, checkActivationWidth } from '../core/mlpJson';

/**
 * Activations, each 1-Lipschitz in the Euclidean norm, applied row-wise to a batch (n x width).
 * GroupSort variants are also gradient-norm preserving: they only permute their input, so the Jacobian is
 * a permutation matrix almost everywhere.
 */

/**
 * groupsort2: each adjacent pair (a, b) -> (min(a, b), max(a, b)), as one op with its own gradient.
 *
 * Every unit is compared with its partner, read from `swapped` (the pairs exchanged): a unit keeps its
 * value when its pair is already in order and takes its partner's otherwise. The exchange is a product
 * with a block-diagonal permutation: rows of `block` consecutive units times a block x block swap matrix
 * (pairs never straddle a block since block is even). A product with a permutation only adds exact zeros,
 * so the values are exactly min and max. The gradient routes each incoming gradient to the unit whose
 * value was taken, dx = where(keep, dy, swap(dy)): the Jacobian is a permutation, also at ties (both kept).
 * This takes 4 kernels forward and 4 backward, against 8 and about 15 for the same through transposes,
 * split, minimum and maximum: 2x faster at batch 256 on wasm for widths 64 to 256 (npm run bench).
 */
export const groupSort2: (x: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
  const [n, width] = x.shape;
  checkActivationWidth('groupsort2', width);
  const block = width % 8 === 0 ? 8 : width % 4 === 0 ? 4 : 2;
  const swap = tf.tensor2d(pairSwapMatrix(block), [block, block]);
  const exchange = (t: tf.Tensor) => tf.reshape(tf.matMul(tf.reshape(t, [(n * width) / block, block]), swap), [n, width]);
  const swapped = exchange(x);
  // (partner - self) * (+1 for the first of a pair, -1 for the second) >= 0: the pair is in order.
  const keep = tf.greaterEqual(tf.mul(tf.sub(swapped, x), tf.tensor1d(pairSigns(width))), 0);
  save([keep, swap]);
  return {
    value: tf.where(keep, x, swapped),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedKeep, savedSwap] = saved;
      const dySwapped = tf.reshape(tf.matMul(tf.reshape(dy, [(n * width) / block, block]), savedSwap as tf.Tensor2D), [n, width]);
      return [tf.where(savedKeep, dy, dySwapped)];
    },
  };
}) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;

/** Arrays built once per size: groupSort2 runs on every layer of every training step. */
const swapMatrices = new Map<number, Float32Array>();
const signRows = new Map<number, Float32Array>();

/** The block x block permutation matrix that exchanges units 2i and 2i + 1. */
function pairSwapMatrix(block: number): Float32Array {
  let m = swapMatrices.get(block);
  if (!m) {
    m = new Float32Array(block * block);
    for (let i = 0; i < block; i++) m[i * block + (i ^ 1)] = 1;
    swapMatrices.set(block, m);
  }
  return m;
}

/** +1 for the first unit of each pair, -1 for the second. */
function pairSigns(width: number): Float32Array {
  let signs = signRows.get(width);
  if (!signs) {
    signs = Float32Array.from({ length: width }, (_, i) => (i % 2 === 0 ? 1 : -1));
    signRows.set(width, signs);
  }
  return signs;
}

/**
 * fullsort: sorts each row ascending. The gradient routes each output's gradient back to the input it came
 * from (the inverse permutation), which tfjs's topk does not provide, hence the custom gradient.
 */
export const fullSort: (x: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const width = x.shape[1] as number;
  const { values, indices } = tf.topk(x, width, true); // descending
  const ascending = tf.reverse(values, 1);
  const order = tf.reverse(indices, 1); // order[j] = input index of output j
  // inverse[i] = output position of input i, the argsort of `order`: topk of -order lists positions by
  // increasing order value, i.e. position k holds the j with order[j] = k.
  const inverse = tf.topk(tf.neg(tf.cast(order, 'float32')), width, true).indices;
  save([inverse]);
  return {
    value: ascending,
    // dx[r, i] = dy[r, inverse[r, i]], gathered from the flattened dy (batched gather is unreliable on wasm).
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const rows = dy.shape[0] as number;
      const rowStart = tf.mul(tf.range(0, rows, 1, 'int32').reshape([rows, 1]), tf.scalar(width, 'int32'));
      const flatIndex = tf.reshape(tf.add(saved[0], rowStart), [-1]);
      return [tf.reshape(tf.gather(tf.reshape(dy, [-1]), flatIndex), dy.shape)];
    },
  };
}) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;

/** maxmin: x -> [relu(x), relu(-x)], doubling the width; 1-Lipschitz and norm preserving (|x| kept). */
export function maxMin(x: tf.Tensor2D): tf.Tensor2D {
  return tf.concat([tf.relu(x), tf.relu(tf.neg(x))], 1) as tf.Tensor2D;
}

/** Applies the named activation to a batch n x width. */
export function applyActivation(name: ActivationName, x: tf.Tensor2D): tf.Tensor2D {
  switch (name) {
    case 'groupsort2':
      return groupSort2(x);
    case 'fullsort':
      return fullSort(x);
    case 'maxmin':
      return maxMin(x);
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'abs':
      return tf.abs(x);
  }
}
