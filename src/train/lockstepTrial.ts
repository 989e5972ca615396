import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { applySweep, parseSweep } from '../core/sweep';
import { generateDataset } from '../data/split';
import { canCheckTolerance } from '../lip/orthonormalize';
import * as tf from '@tensorflow/tfjs';
import { BatchedLockstep } from './lockstep';
import { Trainer } from './trainer';

/**
 * What a comparison's training costs on the active backend: ms per step of one model, of N models one
 * after another (as the worker runs them where they cannot be batched) and of N models as one batched
 * computation (train/lockstep.ts, the GPU backends' path). Shown on the diagnostics page for every backend
 * and read by `npm run bench`; the target is a batched step of 8 default models within 2.5 single steps.
 */
export interface LockstepTrial {
  models: number;
  /** One model on the backend's own path (early-stopping Björck on wasm and cpu, fixed counts on GPUs). */
  oneMs: number;
  /** N models one after another, each on that path: ms per lockstep step of all N. */
  oneByOneMs: number;
  /** N models as one batched computation (fixed counts): ms per lockstep step of all N. */
  batchedMs: number;
}

/** The models of the trial: `base` (a tau-bce loss) at N temperatures from 0.1 to 100, the sweep `tau:0.1..100/N`. */
export function lockstepTrialConfigs(models: number, base: ExperimentConfig = DEFAULT_CONFIG): ExperimentConfig[] {
  const sweep = parseSweep(`tau:0.1..100/${models}`);
  const configs = sweep.ok ? applySweep(base, sweep.value) : sweep;
  if (!configs.ok) throw new Error(`the trial's sweep: ${configs.error}`);
  return configs.value;
}

/** Time a timed run aims at: enough steps to dwarf the timer, one step where a step takes longer (a software GPU). */
const RUN_TARGET_MS = 300;
const MAX_STEPS_PER_RUN = 5;

/**
 * The median ms per step of `repeats` timed calls of `run(steps)`, after one untimed call of one step
 * (compiling shaders) that also sets `steps`: as many as fit in `RUN_TARGET_MS`, 1 to `MAX_STEPS_PER_RUN`.
 */
async function msPerStep(run: (steps: number) => Promise<unknown>, repeats: number): Promise<number> {
  const warm = performance.now();
  await run(1);
  const steps = Math.max(1, Math.min(MAX_STEPS_PER_RUN, Math.floor(RUN_TARGET_MS / Math.max(1e-3, performance.now() - warm))));
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await run(steps);
    times.push((performance.now() - start) / steps);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * Measures `LockstepTrial` on the active backend: each timed call runs a few steps of every model and
 * waits for their losses (so GPU backends are timed to the end of their work).
 */
export async function measureLockstep(models = 8, repeats = 3, base: ExperimentConfig = DEFAULT_CONFIG): Promise<LockstepTrial> {
  const configs = lockstepTrialConfigs(models, base);
  const dataset = generateDataset(base.data);
  const ownPath = canCheckTolerance(tf.getBackend());
  const made: Trainer[] = [];
  const trainers = (checkTolerance: boolean, count = models) => {
    const list = configs.slice(0, count).map((c) => new Trainer(c, dataset, { checkTolerance }));
    made.push(...list);
    return list;
  };
  let lockstep: BatchedLockstep | null = null;
  try {
    const [one] = trainers(ownPath, 1);
    const oneMs = await msPerStep((k) => one.runStepsWithLosses(k), repeats);
    const alone = trainers(ownPath);
    const oneByOneMs = await msPerStep((k) => Promise.all(alone.map((t) => t.runStepsWithLosses(k))), repeats);
    lockstep = new BatchedLockstep(trainers(false));
    const batched = lockstep;
    const batchedMs = await msPerStep((k) => batched.runStepsWithLosses(k), repeats);
    return { models, oneMs, oneByOneMs, batchedMs };
  } finally {
    lockstep?.dispose();
    for (const t of made) t.dispose();
  }
}

/** The largest gaps `lockstepAgreement` found, each relative to max(1, |value|). */
export interface LockstepAgreement {
  /** Over every step's batch loss of every model. */
  losses: number;
  /** Over every weight of every model at the end. */
  weights: number;
}

/**
 * Trains `models` small nets (2-16-16-1, each its own tau and seed) for `steps` steps twice on the active
 * backend, on the fixed-count path both times: one after another and as one batched computation; returns
 * the largest differences. On wasm they agree to float rounding (lockstep.test.ts); this checks a GPU
 * backend's batched kernels in the browser (the diagnostics hook, e2e).
 */
export async function lockstepAgreement(models = 3, steps = 3): Promise<LockstepAgreement> {
  const base: ExperimentConfig = { ...DEFAULT_CONFIG, data: { ...DEFAULT_CONFIG.data, n: 400 }, model: { ...DEFAULT_CONFIG.model, hidden: [16, 16] } };
  const configs = lockstepTrialConfigs(models, base).map((c, i) => ({ ...c, train: { ...c.train, seed: i + 1 } }));
  const build = () => configs.map((c) => new Trainer(c, generateDataset(c.data), { checkTolerance: false }));
  const alone = build();
  const together = build();
  const lockstep = new BatchedLockstep(together);
  const gap = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
    return worst;
  };
  try {
    const expected = await Promise.all(alone.map((t) => t.runStepsWithLosses(steps)));
    const actual = await lockstep.runStepsWithLosses(steps);
    const losses = Math.max(...actual.map((l, m) => gap(l, expected[m])));
    let weights = 0;
    for (const [m, t] of together.entries()) {
      const mine = t.model.trainableVariables();
      const theirs = alone[m].model.trainableVariables();
      for (let i = 0; i < mine.length; i++) weights = Math.max(weights, gap(await mine[i].data(), await theirs[i].data()));
    }
    return { losses, weights };
  } finally {
    lockstep.dispose();
    for (const t of [...alone, ...together]) t.dispose();
  }
}
