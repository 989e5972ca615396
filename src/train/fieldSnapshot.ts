import { certifiedAccuracyCurve, defaultEpsList, meanCertifiableRobustness } from '../analysis/certificates';
import { contour } from '../analysis/contour';
import { distancesToSegments } from '../analysis/distance';
import { gridPoints, type Grid } from '../analysis/grid';
import { fastLipschitzBoundOf, readEffectiveWeights } from '../lip/export';
import type { DatasetSnapshot, FieldOptions, FieldSnapshot } from '../worker/protocol';
import type { Trainer } from './trainer';

/**
 * Everything the plots draw of one model at its current step, computed where the model lives (the
 * worker): f on a grid, the learned boundary, optional |grad f| and distance-to-boundary maps, f at the
 * data, the certified-accuracy curve and MCR. The UI only draws these arrays.
 */

/** Points of the certified-accuracy curve. */
const CURVE_POINTS = 41;

/** Grid node coordinates, cached by domain and size (they are reused at every snapshot). */
const gridCache = new Map<string, Float32Array>();

function cachedGridPoints(grid: Grid): Float32Array {
  const { domain: d, cols, rows } = grid;
  const key = `${d.xMin},${d.xMax},${d.yMin},${d.yMax},${cols},${rows}`;
  let xy = gridCache.get(key);
  if (!xy) {
    if (gridCache.size > 8) gridCache.clear();
    xy = gridPoints(grid);
    gridCache.set(key, xy);
  }
  return xy;
}

/** The points of a trainer's dataset, as copies the caller may transfer. */
export function datasetSnapshot(trainer: Trainer): DatasetSnapshot {
  const { train, test, domain } = trainer.dataset;
  return {
    trainXy: train.xy.slice(),
    trainLabels: train.labels.slice(),
    testXy: test.xy.slice(),
    testLabels: test.labels.slice(),
    domain: { ...domain },
  };
}

/** The largest certified radius among correctly classified points, rounded up to a readable axis end. */
function curveEnd(f: Float32Array, labels: Float32Array, lipschitzBound: number): number {
  let max = 0;
  for (let k = 0; k < f.length; k++) max = Math.max(max, (labels[k] * f[k]) / lipschitzBound);
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const unit = 10 ** Math.floor(Math.log10(max));
  return Math.ceil((max * 1.05) / unit) * unit;
}

function maxFinite(values: Float32Array): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** Computes the snapshot of a trainer's current model. */
export async function computeFieldSnapshot(trainer: Trainer, options: FieldOptions): Promise<FieldSnapshot> {
  const { domain } = trainer.dataset;
  const grid: Grid = { domain, cols: options.gridNodes, rows: options.gridNodes };
  const gridXy = cachedGridPoints(grid);
  const f = await trainer.predict(gridXy);
  const boundary = contour(f, grid, 0);
  const gradientNorm = options.gradient ? await trainer.gradientNorms(gridXy) : null;
  const distance = options.distance ? distancesToSegments(boundary, gridXy) : null;
  const bound = fastLipschitzBoundOf(await readEffectiveWeights(trainer.model), trainer.model.outputScale);
  const lipschitzBound = bound > 0 && Number.isFinite(bound) ? bound : NaN;

  const { train, test } = trainer.dataset;
  const fTrain = await trainer.predict(train.xy);
  const fTest = test.labels.length > 0 ? await trainer.predict(test.xy) : new Float32Array(0);
  const on = test.labels.length > 0 ? 'test' : 'train';
  const [fOn, labelsOn] = on === 'test' ? [fTest, test.labels] : [fTrain, train.labels];
  let certified: FieldSnapshot['certified'] = { eps: [], accuracy: [], on };
  if (Number.isFinite(lipschitzBound)) {
    const eps = defaultEpsList(curveEnd(fOn, labelsOn, lipschitzBound), CURVE_POINTS);
    certified = { eps, accuracy: certifiedAccuracyCurve(fOn, labelsOn, lipschitzBound, eps), on };
  }
  return {
    step: trainer.step,
    gridNodes: options.gridNodes,
    domain: { ...domain },
    f,
    gradientNorm,
    distance,
    boundary,
    lipschitzBound,
    lipschitzEmpirical: gradientNorm ? maxFinite(gradientNorm) : NaN,
    fTrain,
    fTest,
    certified,
    mcr: meanCertifiableRobustness(fOn, labelsOn),
  };
}

/** The buffers of a snapshot, for a postMessage transfer list. */
export function snapshotTransferables(field: FieldSnapshot): ArrayBuffer[] {
  const arrays = [field.f, field.gradientNorm, field.distance, field.boundary, field.fTrain, field.fTest];
  return arrays.filter((a): a is Float32Array => a !== null).map((a) => a.buffer as ArrayBuffer);
}
