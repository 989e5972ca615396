import { attackPrecision } from '../analysis/attack';
import { attackSample, type AttackMeasurement, type AttackSummary } from '../analysis/attackSummary';
import { analyseBoundary } from '../analysis/boundary';
import { certifiedAccuracyCurve } from '../analysis/certificates';
import { gridPoints, type Grid } from '../analysis/grid';
import {
  evaluatedPoints,
  isUsableBound,
  modelNumbers,
  REPORTED_EPS,
  type EvaluatedOn,
  type ModelMeasurements,
} from '../analysis/modelNumbers';
import type { Dataset, PointSet } from '../core/geometry';
import { FIELD_GRID_NODES } from '../core/view';
import { lipschitzBoundOf, readNetWeights } from '../lip/export';
import type { Mlp } from '../lip/model';
import { attackModel } from './attack';
import type { Trainer } from './trainer';

/**
 * The ONE model report. `measureModel` reads a model (bound, f and |grad f| on the data, |grad f| on the grid);
 * `modelNumbers` (analysis/modelNumbers.ts) derives every reported number from that. The runner calls
 * `computeReport` (adding the certificate soundness check); the app's live snapshots call the same two
 * functions (train/fieldSnapshot.ts), so both show the same numbers for the same model and grid.
 */

/** The report the headless runner prints (its `--out` file and the sweep's results). */
export interface ModelReport {
  trainAccuracy: number;
  testAccuracy: number;
  /** The loss over the whole training set at the final weights. */
  loss: number;
  /** The same loss over the whole test set (null in JSON without test points). */
  testLoss: number;
  lipschitzBound: number;
  /** max |grad f| over a grid covering the data and over the data points: a lower bound of Lip(f). */
  lipschitzEmpirical: number;
  /** Fraction of evaluated points with y f / L_bound > eps, keyed by eps as a string. */
  certifiedAccuracy: Record<string, number>;
  /**
   * NOT a sound certificate: the fraction with the raw margin y f > eps (no division by L_bound), the
   * axis of the paper's figure 2 (y (f0 - f1) of its two-logit head). For the two-logit head it can be up
   * to twice the sound radius; for a one-logit net it is `certifiedAccuracy` with L_bound replaced by 1.
   */
  certifiedAccuracyPaperAxis: Record<string, number>;
  evaluatedOn: EvaluatedOn;
  /** Mean certifiable robustness E[y f] / L_bound. */
  mcr: number;
  /** Points whose certified radius exceeds their measured distance to the boundary by more than a grid cell. */
  certificateViolations: number;
  /** The grid cell diagonal used as tolerance for violations. */
  boundaryResolution: number;
  /** |grad f| over the data points (train and test). */
  gradientNorm: { mean: number; max: number; fractionAbove09: number };
  /** The minimum-norm attack on (a sample of) the evaluated points; null when not asked for. */
  attack: AttackSummary | null;
}

export interface ReportOptions {
  epsList: number[];
  /** Nodes per side of the fine grid on which the boundary is extracted for the soundness check. */
  boundaryGridNodes: number;
  /** Nodes per side of the grid for |grad f| (the empirical Lipschitz estimate), as in the app. */
  gradientGridNodes: number;
  /** Whether to run the minimum-norm attack (off when left out; the runner's defaults turn it on). */
  attack?: boolean;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  epsList: [...REPORTED_EPS],
  boundaryGridNodes: 401,
  gradientGridNodes: FIELD_GRID_NODES,
  attack: true,
};

/** Grid node coordinates, cached by domain and size (live snapshots reuse them every time). */
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

function concatPoints(a: PointSet, b: PointSet): Float32Array {
  const xy = new Float32Array(a.xy.length + b.xy.length);
  xy.set(a.xy);
  xy.set(b.xy, a.xy.length);
  return xy;
}

/**
 * What measuring needs of a model: its data, f and |grad f| at points, and its layers (for the bound). A
 * Trainer is one; so is a model rebuilt from its weights elsewhere (train/inference.ts).
 */
export interface MeasurableModel {
  readonly dataset: Dataset;
  readonly model: Mlp;
  predict(xy: Float32Array): Promise<Float32Array>;
  gradientNorms(xy: Float32Array): Promise<Float32Array>;
  /** f and |grad f| at the same points (one pass where the model allows: train/gradientNorms.ts). */
  valuesAndGradientNorms(xy: Float32Array): Promise<ValuesAndGradientNorms>;
}

/** f and |grad f| at a set of points. */
export interface ValuesAndGradientNorms {
  f: Float32Array;
  gradientNorm: Float32Array;
}

/** A model's measurements with f at the grid nodes, which the live snapshot draws. */
interface GridMeasurements extends ModelMeasurements {
  gridF: Float32Array;
}

/** The attack on a seeded sample of the evaluated points (`attackSample`), inside the dataset's domain. */
async function measureAttack(model: Mlp, dataset: Dataset, evaluatedOn: EvaluatedOn): Promise<AttackMeasurement> {
  const { xy } = dataset[evaluatedOn];
  const indices = attackSample(xy.length / 2);
  const sampled = new Float32Array(2 * indices.length);
  indices.forEach((k, i) => sampled.set(xy.subarray(2 * k, 2 * k + 2), 2 * i));
  return { indices, results: await attackModel(model, sampled, dataset.domain), precision: attackPrecision(dataset.domain) };
}

/**
 * Reads a model: bound, f and |grad f| on the data, and |grad f| on a `gridNodes`-square grid; with
 * `attack`, also the minimum-norm attack (the runner asks for it; live snapshots do not, it would cost
 * them as much again).
 */
export async function measureModel(trainer: MeasurableModel, gridNodes: number, options: { attack?: boolean } = {}): Promise<GridMeasurements> {
  const { model, dataset } = trainer;
  const grid: Grid = { domain: dataset.domain, cols: gridNodes, rows: gridNodes };
  const gridXy = cachedGridPoints(grid);
  const { train, test } = dataset;
  const evaluatedOn: EvaluatedOn = test.labels.length > 0 ? 'test' : 'train';
  const onGrid = await trainer.valuesAndGradientNorms(gridXy);
  return {
    lipschitzBound: lipschitzBoundOf(await readNetWeights(model), model.outputScale),
    evaluatedOn,
    fTrain: await trainer.predict(train.xy),
    fTest: test.labels.length > 0 ? await trainer.predict(test.xy) : new Float32Array(0),
    grid,
    gridXy,
    gridF: onGrid.f,
    gradientGrid: onGrid.gradientNorm,
    gradientData: await trainer.gradientNorms(concatPoints(train, test)),
    ...(options.attack ? { attack: await measureAttack(model, dataset, evaluatedOn) } : {}),
  };
}

/** Computes the runner's full report of a trainer's current model (with the certificate soundness check). */
export async function computeReport(trainer: Trainer, options: ReportOptions = DEFAULT_REPORT_OPTIONS): Promise<ModelReport> {
  const { dataset } = trainer;
  const evaluation = await trainer.evaluate();
  const measured = await measureModel(trainer, options.gradientGridNodes, { attack: options.attack });
  const labels = { train: dataset.train.labels, test: dataset.test.labels };
  const numbers = modelNumbers(measured, labels, options.epsList);

  const evaluated = evaluatedPoints(measured, labels);
  const paperAxis = certifiedAccuracyCurve(evaluated.f, evaluated.labels, 1, options.epsList);

  let certificateViolations = NaN;
  let boundaryResolution = NaN;
  if (isUsableBound(numbers.lipschitzBound)) {
    const boundaryGrid: Grid = { domain: dataset.domain, cols: options.boundaryGridNodes, rows: options.boundaryGridNodes };
    const boundary = analyseBoundary({
      gridValues: await trainer.predict(gridPoints(boundaryGrid)),
      grid: boundaryGrid,
      xy: dataset[measured.evaluatedOn].xy,
      f: evaluated.f,
      lipschitzBound: numbers.lipschitzBound,
    });
    certificateViolations = boundary.violations.length;
    boundaryResolution = boundary.tolerance;
  }
  return {
    trainAccuracy: evaluation.trainAccuracy,
    testAccuracy: evaluation.testAccuracy,
    loss: evaluation.loss,
    testLoss: evaluation.testLoss,
    lipschitzBound: numbers.lipschitzBound,
    lipschitzEmpirical: numbers.lipschitzEmpirical,
    certifiedAccuracy: Object.fromEntries(options.epsList.map((eps, i) => [String(eps), numbers.certifiedAccuracy[i]])),
    certifiedAccuracyPaperAxis: Object.fromEntries(options.epsList.map((eps, i) => [String(eps), paperAxis[i]])),
    evaluatedOn: numbers.evaluatedOn,
    mcr: numbers.mcr,
    certificateViolations,
    boundaryResolution,
    gradientNorm: numbers.gradientNorm,
    attack: numbers.attack,
  };
}
