/**
 * A fixed, deterministic computation that proves a tfjs backend computes what the others compute, on the
 * app's real model: a Lipschitz 2-64-64-1 GroupSort2 net (Björck-orthonormalised hidden layers, Frobenius
 * head) built by `buildModel` with a fixed seed, evaluated on a fixed 16 x 16 grid, then trained for three
 * Adam steps on a small fixed dataset through the `Trainer` and evaluated again. The second half compares
 * gradients through power iteration and Björck as well as the forward pass. Every backend should return the
 * same numbers up to float32 rounding.
 *
 * Iterations run fixed counts (`checkTolerance: false`), so no backend stops early on its own rounding.
 */
import { generateDataset } from '../data/split';
import type { ExperimentConfig } from '../core/config';
import { Trainer } from './trainer';

export const CHECK_GRID_SIDE = 16;
export const CHECK_POINTS = CHECK_GRID_SIDE * CHECK_GRID_SIDE;
export const CHECK_TRAIN_STEPS = 3;

/**
 * The check's configuration, written out in full (not derived from DEFAULT_CONFIG) so that a change of the
 * app's defaults does not change the check. Full batch: the 64 training points form every batch.
 */
export const CHECK_CONFIG: ExperimentConfig = {
  v: 1,
  data: { name: 'moons', n: 64, noise: 0.1, seed: 5, testFraction: 0, points: [], scale: 1 },
  model: {
    kind: 'lipschitz',
    hidden: [64, 64],
    head: 'one-logit',
    activation: 'groupsort2',
    layer: 'bjorck',
    lipschitz: 1,
    bjorck: { iterations: 15, tolerance: 1e-3, beta: 0.5, gradientIterations: 1 },
    power: { iterations: 10, tolerance: 1e-3 },
  },
  loss: { name: 'tau-bce', tau: 10, alpha: 10, margin: 0.29 },
  train: { optimizer: 'adam', lr: 0.01, batchSize: 64, steps: CHECK_TRAIN_STEPS, seed: 11, robust: 'none', robustEps: 0.1 },
};

/** The check points: a 16 x 16 grid over [-2, 2]^2, row-major (x fastest), as a flat [x0, y0, x1, y1, ...]. */
export function checkPoints(): Float32Array {
  const out = new Float32Array(CHECK_POINTS * 2);
  for (let r = 0; r < CHECK_GRID_SIDE; r++) {
    for (let c = 0; c < CHECK_GRID_SIDE; c++) {
      const k = r * CHECK_GRID_SIDE + c;
      out[2 * k] = -2 + (4 * c) / (CHECK_GRID_SIDE - 1);
      out[2 * k + 1] = -2 + (4 * r) / (CHECK_GRID_SIDE - 1);
    }
  }
  return out;
}

/** f at the check points, before and after the training steps (CHECK_POINTS values each). */
export interface CheckValues {
  forward: number[];
  trained: number[];
}

/** Run the check on the active tfjs backend. Every tensor it makes is released before it resolves. */
export async function runCheckComputation(): Promise<CheckValues> {
  const trainer = new Trainer(CHECK_CONFIG, generateDataset(CHECK_CONFIG.data), { checkTolerance: false });
  try {
    const points = checkPoints();
    const forward = await trainer.predict(points);
    await trainer.runSteps(CHECK_TRAIN_STEPS);
    const trained = await trainer.predict(points);
    return { forward: Array.from(forward), trained: Array.from(trained) };
  } finally {
    trainer.dispose();
  }
}

/** The sum of some check outputs: one number to show a person. */
/**
 * How close a backend's check values must be to cpu's, relative to max(1, |cpu value|): float32 rounding
 * in a different order stays far below these; a wrong kernel lands far above (webgl's old Adam epsilon
 * gave 4e-2 after training).
 */
export const CHECK_TOLERANCES = { forward: 1e-4, trained: 1e-3 } as const;

/** One backend's check values against cpu's: the largest relative differences, and whether both pass. */
export interface CheckAgreement {
  forward: number;
  trained: number;
  pass: boolean;
}

/** Largest |v - ref| / max(1, |ref|) over the check points (Infinity on a length mismatch or a NaN). */
export function largestRelativeDifference(values: readonly number[], reference: readonly number[]): number {
  if (values.length !== reference.length || values.length === 0) return Infinity;
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const d = Math.abs(values[i] - reference[i]) / Math.max(1, Math.abs(reference[i]));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}

export function compareCheck(values: CheckValues, reference: CheckValues): CheckAgreement {
  const forward = largestRelativeDifference(values.forward, reference.forward);
  const trained = largestRelativeDifference(values.trained, reference.trained);
  return { forward, trained, pass: forward <= CHECK_TOLERANCES.forward && trained <= CHECK_TOLERANCES.trained };
}

export function checkSummary(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
