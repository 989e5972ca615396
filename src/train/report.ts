import { analyseBoundary } from '../analysis/boundary';
import { certifiedAccuracy, meanCertifiableRobustness } from '../analysis/certificates';
import { gridPoints, type Grid } from '../analysis/grid';
import type { PointSet } from '../core/geometry';
import { lipschitzBoundOf, readEffectiveWeights } from '../lip/export';
import type { Evaluation, Trainer } from './trainer';

/**
 * The honest numbers of a trained model, as the headless runner prints them: accuracies, the Lipschitz
 * bound (exact product of spectral norms) against an empirical estimate, certified accuracy over eps,
 * MCR, a soundness check of the certificate against the true distance to the learned boundary, and
 * gradient-norm statistics over the data.
 */
export interface ModelReport {
  trainAccuracy: number;
  testAccuracy: number;
  loss: number;
  lipschitzBound: number;
  /** max |grad f| over a grid covering the data and over the data points: a lower bound of Lip(f). */
  lipschitzEmpirical: number;
  /** Fraction of evaluated points with y f / L_bound > eps, keyed by eps as a string. */
  certifiedAccuracy: Record<string, number>;
  /** Which points the certified accuracy, MCR and violations are measured on. */
  evaluatedOn: 'test' | 'train';
  /** Mean certifiable robustness E[y f]. */
  mcr: number;
  /** Points whose certified radius exceeds their measured distance to the boundary by more than a grid cell. */
  certificateViolations: number;
  /** The grid cell diagonal used as tolerance for violations. */
  boundaryResolution: number;
  /** |grad f| over the data points (train and test). */
  gradientNorm: { mean: number; max: number; fractionAbove09: number };
}

export interface ReportOptions {
  epsList: number[];
  /** Nodes per side of the grid used to extract the boundary. */
  boundaryGridNodes: number;
  /** Nodes per side of the grid used for the empirical Lipschitz estimate. */
  gradientGridNodes: number;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  epsList: [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 2.5],
  boundaryGridNodes: 401,
  gradientGridNodes: 201,
};

function concatPoints(a: PointSet, b: PointSet): Float32Array {
  const xy = new Float32Array(a.xy.length + b.xy.length);
  xy.set(a.xy);
  xy.set(b.xy, a.xy.length);
  return xy;
}

function maxOf(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Number.isNaN(v) || Number.isNaN(m) ? NaN : Math.max(m, v);
  return m;
}

/** The report of a model whose weights admit no certificate: every derived number is NaN (null in JSON). */
function unusableReport(
  evaluation: Evaluation,
  lipschitzBound: number,
  evaluatedOn: ModelReport['evaluatedOn'],
  epsList: number[],
): ModelReport {
  return {
    trainAccuracy: evaluation.trainAccuracy,
    testAccuracy: evaluation.testAccuracy,
    loss: evaluation.loss,
    lipschitzBound,
    lipschitzEmpirical: NaN,
    certifiedAccuracy: Object.fromEntries(epsList.map((eps) => [String(eps), NaN])),
    evaluatedOn,
    mcr: NaN,
    certificateViolations: NaN,
    boundaryResolution: NaN,
    gradientNorm: { mean: NaN, max: NaN, fractionAbove09: NaN },
  };
}

/** Computes the full report of a trainer's current model. */
export async function computeReport(trainer: Trainer, options: ReportOptions = DEFAULT_REPORT_OPTIONS): Promise<ModelReport> {
  const { model, dataset } = trainer;
  const evaluation = await trainer.evaluate();
  const lipschitzBound = lipschitzBoundOf(await readEffectiveWeights(model), model.outputScale);

  const evaluatedOn = dataset.test.labels.length > 0 ? 'test' : 'train';
  if (!(lipschitzBound > 0 && Number.isFinite(lipschitzBound))) {
    // Non-finite weights (diverged training) or a null net: no certificate can be computed.
    return unusableReport(evaluation, lipschitzBound, evaluatedOn, options.epsList);
  }
  const points = dataset[evaluatedOn];
  const f = await trainer.predict(points.xy);

  const boundaryGrid: Grid = { domain: dataset.domain, cols: options.boundaryGridNodes, rows: options.boundaryGridNodes };
  const boundary = analyseBoundary({
    gridValues: await trainer.predict(gridPoints(boundaryGrid)),
    grid: boundaryGrid,
    xy: points.xy,
    f,
    lipschitzBound,
  });

  const dataXy = concatPoints(dataset.train, dataset.test);
  const dataGradients = await trainer.gradientNorms(dataXy);
  const gradientGrid: Grid = { domain: dataset.domain, cols: options.gradientGridNodes, rows: options.gradientGridNodes };
  const gridGradients = await trainer.gradientNorms(gridPoints(gradientGrid));

  let sum = 0;
  let above = 0;
  for (const g of dataGradients) {
    sum += g;
    if (g > 0.9) above++;
  }
  return {
    trainAccuracy: evaluation.trainAccuracy,
    testAccuracy: evaluation.testAccuracy,
    loss: evaluation.loss,
    lipschitzBound,
    lipschitzEmpirical: Math.max(maxOf(dataGradients), maxOf(gridGradients)),
    certifiedAccuracy: Object.fromEntries(
      options.epsList.map((eps) => [String(eps), certifiedAccuracy(f, points.labels, lipschitzBound, eps)]),
    ),
    evaluatedOn,
    mcr: meanCertifiableRobustness(f, points.labels),
    certificateViolations: boundary.violations.length,
    boundaryResolution: boundary.tolerance,
    gradientNorm: {
      mean: sum / dataGradients.length,
      max: maxOf(dataGradients),
      fractionAbove09: above / dataGradients.length,
    },
  };
}
