/**
 * Certified accuracy of a snapshot at any radius, exactly: the fraction of the evaluated points (test, or
 * train without test points) with y f / L_bound > eps, from the snapshot's f and the dataset's labels.
 * The snapshot's own curve is sampled at fixed radii; between them it would only interpolate.
 */
import { certifiedAccuracyCurve } from '../analysis/certificates';
import { isUsableBound } from '../analysis/modelNumbers';
import type { DatasetSnapshot, FieldSnapshot } from '../worker/protocol';

/** NaN when the bound is not usable (diverged weights) or the labels do not match the snapshot. */
export function certifiedAccuracyOf(field: FieldSnapshot, dataset: DatasetSnapshot, eps: number): number {
  const onTest = field.certified.on === 'test';
  const f = onTest ? field.fTest : field.fTrain;
  const labels = onTest ? dataset.testLabels : dataset.trainLabels;
  if (!isUsableBound(field.lipschitzBound) || f.length !== labels.length || !(eps >= 0)) return NaN;
  return certifiedAccuracyCurve(f, labels, field.lipschitzBound, [eps])[0];
}
