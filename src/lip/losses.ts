import * as tf from '@tensorflow/tfjs';
import type { LossConfig } from '../core/config';

/**
 * Binary losses on one output f (n) with labels y in {-1, +1} (n), averaged over the batch, as in the
 * paper and its libraries. All are minimised.
 *
 * Hinge convention: relu(m - y f) with the FULL margin m (older deel-lip); newer deel-lip writes m/2.
 */
export type LossFunction = (f: tf.Tensor1D, y: tf.Tensor1D) => tf.Scalar;

/**
 * Kantorovich-Rubinstein: mean_{y=-1} f - mean_{y=+1} f. Its negative estimates the Wasserstein-1
 * distance between the classes for a 1-Lipschitz f. A batch holding a single class has no KR term: the
 * loss is then 0 (the term is skipped, not computed from one class alone).
 */
export function krLoss(f: tf.Tensor1D, y: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const positive = tf.cast(tf.greater(y, 0), 'float32');
    const negative = tf.sub(1, positive);
    const nPos = tf.sum(positive);
    const nNeg = tf.sum(negative);
    const meanPos = tf.div(tf.sum(tf.mul(f, positive)), tf.maximum(nPos, 1));
    const meanNeg = tf.div(tf.sum(tf.mul(f, negative)), tf.maximum(nNeg, 1));
    const bothClasses = tf.mul(tf.minimum(nPos, 1), tf.minimum(nNeg, 1));
    return tf.mul(tf.sub(meanNeg, meanPos), bothClasses) as tf.Scalar;
  });
}

/** Hinge with margin m: mean relu(m - y f); zero once every point is at least m on its side. */
export function hingeLoss(f: tf.Tensor1D, y: tf.Tensor1D, margin: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.relu(tf.sub(margin, tf.mul(y, f)))) as tf.Scalar);
}

/** HKR: alpha * hinge_m + kr. alpha = 0 is pure KR; large alpha approaches pure hinge. */
export function hkrLoss(f: tf.Tensor1D, y: tf.Tensor1D, alpha: number, margin: number): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mul(alpha, hingeLoss(f, y, margin)), krLoss(f, y)) as tf.Scalar);
}

/**
 * Cross-entropy with temperature: mean softplus(-tau y f) / tau. Small tau approaches the KR objective
 * (up to constants), large tau approaches mean max(0, -y f).
 */
export function tauBceLoss(f: tf.Tensor1D, y: tf.Tensor1D, tau: number): tf.Scalar {
  return tf.tidy(() => tf.div(tf.mean(tf.softplus(tf.mul(-tau, tf.mul(y, f)))), tau) as tf.Scalar);
}

/** Plain logistic loss: mean softplus(-y f) (tau-bce with tau = 1). */
export function bceLoss(f: tf.Tensor1D, y: tf.Tensor1D): tf.Scalar {
  return tauBceLoss(f, y, 1);
}

/** The loss function a configuration names, with its hyper-parameters bound. */
export function makeLoss(cfg: LossConfig): LossFunction {
  switch (cfg.name) {
    case 'kr':
      return krLoss;
    case 'hinge':
      return (f, y) => hingeLoss(f, y, cfg.margin);
    case 'hkr':
      return (f, y) => hkrLoss(f, y, cfg.alpha, cfg.margin);
    case 'tau-bce':
      return (f, y) => tauBceLoss(f, y, cfg.tau);
    case 'bce':
      return bceLoss;
  }
}
