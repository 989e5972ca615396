import { summariseAttack, type AttackMeasurement, type AttackSummary } from './attackSummary';
import { certifiedAccuracyCurve, lipschitzEmpiricalFromGradients, meanCertifiableRobustness } from './certificates';
import type { Grid } from './grid';

/**
 * Every number reported about a model, derived from what was measured of it, by one set of rules: the
 * runner's report and the app's live snapshots (src/train/report.ts, src/train/fieldSnapshot.ts) and the
 * plot preview's synthetic field (src/dev/demoData.ts) all call `modelNumbers`. Plain JS, no tfjs.
 */

/** The radii at which reports state certified accuracy (the runner's keys; the live curve samples them too). */
export const REPORTED_EPS: readonly number[] = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 2.5];

/** Which points the certified accuracy, MCR and violations are measured on: test, or train without test points. */
export type EvaluatedOn = 'test' | 'train';

/** What is read off a model at one step: the raw material of every reported number. */
export interface ModelMeasurements {
  /** L_bound = |outputScale| prod |W_i|_2 over the effective weights: an upper bound (NaN when a weight is not finite). */
  lipschitzBound: number;
  evaluatedOn: EvaluatedOn;
  fTrain: Float32Array;
  fTest: Float32Array;
  /** The square grid over the dataset's domain on which |grad f| is sampled. */
  grid: Grid;
  gridXy: Float32Array;
  /** |grad f| at the grid nodes. */
  gradientGrid: Float32Array;
  /** |grad f| at the data points, train then test. */
  gradientData: Float32Array;
  /** The minimum-norm attack on a sample of the evaluated points, when asked for (the runner; never live snapshots). */
  attack?: AttackMeasurement;
}

/** The numbers derived from the measurements, shared by the runner and the app. */
export interface ModelNumbers {
  lipschitzBound: number;
  /** max |grad f| over the grid nodes and the data points: a lower bound of Lip(f); NaN if any sample is NaN. */
  lipschitzEmpirical: number;
  evaluatedOn: EvaluatedOn;
  /** Certified accuracy at each eps of the list asked for: fraction with y f / L_bound > eps. */
  certifiedAccuracy: number[];
  /** MCR = E[y f] / L_bound over the evaluated points: the mean signed certified radius. */
  mcr: number;
  /** |grad f| over the data points (train and test). */
  gradientNorm: { mean: number; max: number; fractionAbove09: number };
  /** The attack against the certificates, when it was measured. */
  attack: AttackSummary | null;
}

/** A gradient norm above this counts as "gradient-norm preserving" in the statistics. */
const NEAR_ONE = 0.9;

/** f and labels of the evaluated points. */
export function evaluatedPoints(m: ModelMeasurements, labels: { train: Float32Array; test: Float32Array }) {
  return m.evaluatedOn === 'test' ? { f: m.fTest, labels: labels.test } : { f: m.fTrain, labels: labels.train };
}

/** Whether certificates can be built on a bound: finite and > 0 (NaN for diverged weights, 0 for a null net). */
export function isUsableBound(lipschitzBound: number): boolean {
  return lipschitzBound > 0 && Number.isFinite(lipschitzBound);
}

/**
 * Every reported number from the measurements. A model without a usable bound (diverged weights, a null
 * net) has NaN certificates and MCR: no number is made up.
 */
export function modelNumbers(
  m: ModelMeasurements,
  labels: { train: Float32Array; test: Float32Array },
  epsList: number[],
): ModelNumbers {
  const { f, labels: y } = evaluatedPoints(m, labels);
  const usable = isUsableBound(m.lipschitzBound);
  let sum = 0;
  let above = 0;
  for (const g of m.gradientData) {
    sum += g;
    if (g > NEAR_ONE) above++;
  }
  const count = m.gradientData.length;
  return {
    lipschitzBound: m.lipschitzBound,
    lipschitzEmpirical: lipschitzEmpiricalFromGradients(m.gradientGrid, m.gradientData),
    evaluatedOn: m.evaluatedOn,
    certifiedAccuracy: usable ? certifiedAccuracyCurve(f, y, m.lipschitzBound, epsList) : epsList.map(() => NaN),
    mcr: usable ? meanCertifiableRobustness(f, y, m.lipschitzBound) : NaN,
    gradientNorm: {
      mean: count > 0 ? sum / count : NaN,
      max: count > 0 ? lipschitzEmpiricalFromGradients(m.gradientData) : NaN,
      fractionAbove09: count > 0 ? above / count : NaN,
    },
    attack: m.attack ? summariseAttack(m.attack, y, m.lipschitzBound) : null,
  };
}

