/** The data's geometric ceiling (analysis/ceiling.ts) as a chart series, from a model's dataset snapshot. */
import { certifiedCeiling } from '../../analysis/ceiling';
import type { DatasetSnapshot } from '../../worker/protocol';
import type { LineSeries } from './chartData';

/** A classifier wrong on some points can certify past it (its radius may cover misclassified points). */
const CEILING_NAME = 'data ceiling for a classifier right on every point';

/** The ceiling over [0, epsMax] on the points certified accuracy is measured on (test, else train). */
export function ceilingSeries(dataset: DatasetSnapshot | null, epsMax: number): LineSeries | null {
  if (!dataset) return null;
  const train = { xy: dataset.trainXy, labels: dataset.trainLabels };
  const test = { xy: dataset.testXy, labels: dataset.testLabels };
  const evaluated = test.labels.length > 0 ? test : train;
  const points = certifiedCeiling(evaluated, [train, test], epsMax);
  return points.length > 0 ? { name: CEILING_NAME, color: '#8a8f99', dashed: true, points } : null;
}
