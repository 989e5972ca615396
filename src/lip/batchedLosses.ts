import * as tf from '@tensorflow/tfjs';
import type { LossConfig, LossName } from '../core/config';

/**
 * The losses of losses.ts for N models at once: f and y are [N, B] (one row per model), each model with
 * its own hyper-parameters, and the result is each model's batch loss, [N]. Row i is what the
 * single-model loss gives on (f[i], y[i]) with model i's settings (batchedLosses.test.ts).
 */
export type BatchedLossFunction = (f: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor1D;

/** Each row's mean of [N, B] as [N, 1]. */
function rowMean(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mean(x, 1, true) as tf.Tensor2D;
}

/** Kantorovich-Rubinstein per row, 0 for a row whose batch holds one class (as `krLoss`). */
function batchedKr(f: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  const positive = tf.cast(tf.greater(y, 0), 'float32');
  const negative = tf.sub(1, positive);
  const nPos = tf.sum(positive, 1, true);
  const nNeg = tf.sum(negative, 1, true);
  const meanPos = tf.div(tf.sum(tf.mul(f, positive), 1, true), tf.maximum(nPos, 1));
  const meanNeg = tf.div(tf.sum(tf.mul(f, negative), 1, true), tf.maximum(nNeg, 1));
  const bothClasses = tf.mul(tf.minimum(nPos, 1), tf.minimum(nNeg, 1));
  return tf.mul(tf.sub(meanNeg, meanPos), bothClasses) as tf.Tensor2D;
}

/** Hinge per row with each model's margin m [N, 1]. */
function batchedHinge(f: tf.Tensor2D, y: tf.Tensor2D, margin: tf.Tensor2D): tf.Tensor2D {
  return rowMean(tf.relu(tf.sub(margin, tf.mul(y, f))) as tf.Tensor2D);
}

/** tau-bce per row with each model's tau [N, 1]: mean softplus(-tau y f) / tau. */
function batchedTauBce(f: tf.Tensor2D, y: tf.Tensor2D, tau: tf.Tensor2D): tf.Tensor2D {
  return tf.div(rowMean(tf.softplus(tf.mul(tf.neg(tau), tf.mul(y, f))) as tf.Tensor2D), tau) as tf.Tensor2D;
}

/** A column [N, 1] of one hyper-parameter, one value per model. Call inside tf.tidy. */
function column(values: number[]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1]);
}

/**
 * The loss that N configurations name, each with its own hyper-parameters. They must all name the same
 * loss (`name`); tau, alpha and margin may differ. The returned function builds its constants on each
 * call: call it inside tf.tidy.
 */
export function makeBatchedLoss(configs: readonly LossConfig[]): BatchedLossFunction {
  const name: LossName = configs[0].name;
  if (configs.some((c) => c.name !== name)) throw new Error('batched losses: every model must use the same loss');
  const values = (key: 'tau' | 'alpha' | 'margin') => configs.map((c) => c[key]);
  const rows = (x: tf.Tensor2D) => tf.reshape(x, [-1]) as tf.Tensor1D;
  switch (name) {
    case 'kr':
      return (f, y) => rows(batchedKr(f, y));
    case 'hinge':
      return (f, y) => rows(batchedHinge(f, y, column(values('margin'))));
    case 'hkr':
      return (f, y) => rows(tf.add(tf.mul(column(values('alpha')), batchedHinge(f, y, column(values('margin')))), batchedKr(f, y)));
    case 'tau-bce':
      return (f, y) => rows(batchedTauBce(f, y, column(values('tau'))));
    case 'bce':
      return (f, y) => rows(batchedTauBce(f, y, column(configs.map(() => 1))));
  }
}
