import { gridPoints } from '../analysis/grid';
import type { ExperimentConfig } from '../core/config';
import { FIELD_GRID_NODES } from '../core/view';
import { generateDataset } from '../data/split';
import { canCheckTolerance } from '../lip/orthonormalize';
import { layerShapes } from '../lip/model';
import * as tf from '@tensorflow/tfjs';
import { Trainer } from './trainer';

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

/** Times `config`'s training step and one field-grid pass on the active backend. */
export async function measureStepAndGrid(config: ExperimentConfig): Promise<StepTrial> {
  const trialConfig: ExperimentConfig = { ...config, data: { ...config.data, n: Math.min(config.data.n, TRIAL_POINTS) } };
  const trainer = new Trainer(trialConfig, generateDataset(trialConfig.data), { checkTolerance: canCheckTolerance(tf.getBackend()) });
  try {
    const warmupStart = performance.now();
    await trainer.runSteps(WARMUP_STEPS);
    const warmupMs = performance.now() - warmupStart;
    if (warmupMs > WARMUP_BUDGET_MS) {
      throw new Error(`still warming up after ${warmupMs.toFixed(0)} ms (${WARMUP_STEPS} steps): too slow for a short trial`);
    }
    const stepStart = performance.now();
    await trainer.runSteps(TIMED_STEPS);
    const msPerStep = (performance.now() - stepStart) / TIMED_STEPS;
    const grid = gridPoints({ domain: trainer.dataset.domain, cols: FIELD_GRID_NODES, rows: FIELD_GRID_NODES });
    await trainer.predict(grid.subarray(0, 512)); // compiles the inference path
    const gridStart = performance.now();
    await trainer.predict(grid);
    const msPerGrid = performance.now() - gridStart;
    return { msPerOp: msPerStep + msPerGrid / STEPS_PER_GRID_PASS, msPerStep, msPerGrid };
  } finally {
    trainer.dispose();
  }
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
