import { certifiedAccuracyCurve, defaultEpsList } from '../analysis/certificates';
import { gradientHistogram } from '../analysis/gradientHistogram';
import { contour } from '../analysis/contour';
import { distancesToSegments } from '../analysis/distance';
import type { FieldOptions } from '../core/view';
import { evaluatedPoints, isUsableBound, modelNumbers, REPORTED_EPS } from '../analysis/modelNumbers';
import { measureModel, type MeasurableModel } from './report';
import { valuesAndGradientNormsInChunks } from './gradientNorms';
import type { DatasetSnapshot, FieldSnapshot } from './snapshot';
import type { BetweenChunks, Trainer } from './trainer';

/**
 * Everything the plots draw of one model at its current step, computed where the model lives (the
 * worker): f and |grad f| on a grid, the learned boundary, an optional distance-to-boundary map, f at the
 * data, and the report's numbers (train/report.ts, the same ones the runner prints). The UI only draws.
 */

/** Points of the certified-accuracy curve. */
const CURVE_POINTS = 41;

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

/**
 * The radii of the live certified-accuracy curve: CURVE_POINTS evenly spaced from 0 to the largest
 * certified radius (rounded up), plus the reported radii in that range, so the panel's figure at a
 * reported eps is an exact count, the same as the runner's, not an interpolation.
 */
function curveEps(f: Float32Array, labels: Float32Array, lipschitzBound: number): number[] {
  const end = curveEnd(f, labels, lipschitzBound);
  const even = defaultEpsList(end, CURVE_POINTS);
  return [...new Set([...even, ...REPORTED_EPS.filter((eps) => eps <= end)])].sort((a, b) => a - b);
}

/** How a snapshot's model passes are cut: points per chunk, and what runs between two chunks. */
export interface SnapshotChunking {
  points: number;
  between?: BetweenChunks;
}

/** `f` over `xy` in chunks of `points` points (interleaved x, y), `between` running between two chunks. */
async function inChunks(
  xy: Float32Array,
  { points, between }: SnapshotChunking,
  f: (chunk: Float32Array) => Promise<Float32Array>,
): Promise<Float32Array> {
  const n = xy.length / 2;
  if (n <= points) return f(xy);
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += points) {
    const end = Math.min(n, start + points);
    out.set(await f(xy.subarray(2 * start, 2 * end)), start);
    if (between && end < n) await between();
  }
  return out;
}

/** The same model, with its passes over many points cut into chunks. */
function chunked<M extends MeasurableModel & { readonly step: number }>(model: M, chunking: SnapshotChunking): MeasurableModel & { readonly step: number } {
  return {
    dataset: model.dataset,
    model: model.model,
    step: model.step,
    predict: (xy) => inChunks(xy, chunking, (chunk) => model.predict(chunk)),
    gradientNorms: (xy) => inChunks(xy, chunking, (chunk) => model.gradientNorms(chunk)),
    valuesAndGradientNorms: (xy) => valuesAndGradientNormsInChunks(xy, chunking.points, chunking.between, (chunk) => model.valuesAndGradientNorms(chunk)),
  };
}

/**
 * Computes the snapshot of a model (a trainer's current one, or one rebuilt from its weights at `step`).
 * With `chunking`, every pass over many points (the grid, the data) runs in chunks, with `between`
 * between them: a snapshot of 100,000 points or a wide net stays within bounded memory, and the worker
 * answers commands while it is computed.
 */
export async function computeFieldSnapshot(
  source: MeasurableModel & { readonly step: number },
  options: FieldOptions,
  chunking?: SnapshotChunking,
): Promise<FieldSnapshot> {
  const trainer = chunking ? chunked(source, chunking) : source;
  const measured = await measureModel(trainer, options.gridNodes);
  const labels = { train: trainer.dataset.train.labels, test: trainer.dataset.test.labels };
  const { f, labels: y } = evaluatedPoints(measured, labels);
  const usable = isUsableBound(measured.lipschitzBound);
  const eps = usable ? curveEps(f, y, measured.lipschitzBound) : [];
  const numbers = modelNumbers(measured, labels, eps);
  const paperEps = curveEps(f, y, 1);
  const fGrid = measured.gridF;
  const boundary = contour(fGrid, measured.grid, 0);
  return {
    step: trainer.step,
    gridNodes: options.gridNodes,
    domain: { ...measured.grid.domain },
    f: fGrid,
    gradientNorm: measured.gradientGrid,
    distance: options.distance ? distancesToSegments(boundary, measured.gridXy) : null,
    boundary,
    lipschitzBound: numbers.lipschitzBound,
    lipschitzEmpirical: numbers.lipschitzEmpirical,
    fTrain: measured.fTrain,
    fTest: measured.fTest,
    certified: { eps, accuracy: numbers.certifiedAccuracy, on: numbers.evaluatedOn },
    paperAxis: { eps: paperEps, accuracy: certifiedAccuracyCurve(f, y, 1, paperEps) },
    mcr: numbers.mcr,
    gradientOnData: gradientHistogram(measured.gradientData, Math.abs(trainer.model.outputScale)),
  };
}

/** The buffers of a snapshot, for a postMessage transfer list. */
export function snapshotTransferables(field: FieldSnapshot): ArrayBuffer[] {
  const arrays = [field.f, field.gradientNorm, field.distance, field.boundary, field.fTrain, field.fTest];
  return arrays.filter((a): a is Float32Array => a !== null).map((a) => a.buffer as ArrayBuffer);
}
