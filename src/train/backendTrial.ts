import { gridPoints } from '../analysis/grid';
import type { ExperimentConfig } from '../core/config';
import { FIELD_GRID_NODES } from '../core/view';
import { generateDataset } from '../data/split';
import { canCheckTolerance } from '../lip/orthonormalize';
import { layerShapes } from '../lip/model';
import * as tf from '@tensorflow/tfjs';
import { Trainer } from './trainer';
import { BatchedLockstep, lockstepBlocker } from './lockstep';

/**
 * The backend trial of a configuration: how long its real training step takes on the active tfjs backend,
 * and one pass of its model over the field grid (what snapshots cost). The score a backend choice compares
 * is msPerStep + msPerGrid / STEPS_PER_GRID_PASS: a step, plus its share of the grid passes that go with
 * it (about one snapshot per ten steps at 50 steps/s and 5 snapshots a second).
 */

const WARMUP_STEPS = 2;
const TIMED_STEPS = 5;
/**
 * A backend still warming up (compiling shaders) after this long is not a candidate: the trial runs
 * while the person waits for the first step, so it must stay short.
 */
const WARMUP_BUDGET_MS = 1500;
/** Training points the trial builds (a step's cost depends on the batch, not on the data set's size). */
const TRIAL_POINTS = 2000;
const STEPS_PER_GRID_PASS = 10;

export interface StepTrial {
  msPerOp: number;
  msPerStep: number;
  msPerGrid: number;
}

/**
 * Times the training step of a run and one field-grid pass on the active backend. A run of several models
 * (a comparison) is timed as the worker trains it: one lockstep step of all of them, as one batched
 * computation where they can share one on this backend (train/lockstep.ts: same shape, GPU backends),
 * otherwise one model after another; its grid figure is the first model's pass times the number of
 * models. So a GPU that batches 8 models can win a comparison that wasm wins for one model.
 */
export async function measureStepAndGrid(run: ExperimentConfig | readonly ExperimentConfig[]): Promise<StepTrial> {
  const configs = Array.isArray(run) ? (run as readonly ExperimentConfig[]) : [run as ExperimentConfig];
  const trainers: Trainer[] = [];
  let lockstep: BatchedLockstep | null = null;
  try {
    for (const config of configs) {
      const trialConfig: ExperimentConfig = { ...config, data: { ...config.data, n: Math.min(config.data.n, TRIAL_POINTS) } };
      trainers.push(new Trainer(trialConfig, generateDataset(trialConfig.data), { checkTolerance: canCheckTolerance(tf.getBackend()) }));
    }
    if (trainers.length > 1 && lockstepBlocker(trainers) === null) lockstep = new BatchedLockstep(trainers);
    const batched = lockstep;
    const steps = (k: number) => (batched ? batched.runStepsWithLosses(k) : Promise.all(trainers.map((t) => t.runStepsWithLosses(k))));
    const warmupStart = performance.now();
    await steps(WARMUP_STEPS);
    const warmupMs = performance.now() - warmupStart;
    // Models one after another warm up one after another: the budget grows with them.
    const budget = WARMUP_BUDGET_MS * (batched ? 1 : trainers.length);
    if (warmupMs > budget) {
      throw new Error(`still warming up after ${warmupMs.toFixed(0)} ms (${WARMUP_STEPS} steps): too slow for a short trial`);
    }
    const stepStart = performance.now();
    await steps(TIMED_STEPS);
    const msPerStep = (performance.now() - stepStart) / TIMED_STEPS;
    const [first] = trainers;
    const grid = gridPoints({ domain: first.dataset.domain, cols: FIELD_GRID_NODES, rows: FIELD_GRID_NODES });
    await first.predict(grid.subarray(0, 512)); // compiles the inference path
    const gridStart = performance.now();
    await first.predict(grid);
    const msPerGrid = (performance.now() - gridStart) * trainers.length;
    return { msPerOp: msPerStep + msPerGrid / STEPS_PER_GRID_PASS, msPerStep, msPerGrid };
  } finally {
    lockstep?.dispose();
    for (const t of trainers) t.dispose();
  }
}

/**
 * Which trials a run shares with others: one model's `trialSizeKey`, or for a comparison the distinct keys
 * of its models and their number ("lipschitz/groupsort2/p2^13/b2^8 x8"): a comparison is measured as one.
 */
export function runTrialKey(configs: readonly ExperimentConfig[]): string {
  const keys = [...new Set(configs.map(trialSizeKey))].join('+');
  return configs.length > 1 ? `${keys} x${configs.length}` : keys;
}

/**
 * Which trials a configuration shares with others: model kind and activation, the parameter count and the
 * batch in powers of two. A choice measured for one key holds for every configuration with that key; a
 * change of size by about 2x or more gets a new trial (re-measured when the model's size changes a lot).
 */
export function trialSizeKey(config: ExperimentConfig): string {
  const parameters = layerShapes(config.model).reduce((sum, [inputs, outputs]) => sum + inputs * outputs + outputs, 0);
  const trainPoints = Math.max(1, Math.round(config.data.n * (1 - config.data.testFraction)));
  const batch = Math.min(config.train.batchSize, trainPoints);
  return `${config.model.kind}/${config.model.activation}/p2^${Math.round(Math.log2(parameters))}/b2^${Math.round(Math.log2(batch))}`;
}
