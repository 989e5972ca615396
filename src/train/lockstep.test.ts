import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { BatchedLockstep, lockstepBlocker } from './lockstep';
import { lockstepAgreement, lockstepTrialConfigs, measureLockstep } from './lockstepTrial';
import { Trainer } from './trainer';

beforeAll(() => useNodeBackend('wasm'));

type Over = Partial<{ [K in keyof ExperimentConfig]: Partial<ExperimentConfig[K]> }>;

function config(over: Over = {}): ExperimentConfig {
  return {
    v: 1,
    data: { ...DEFAULT_CONFIG.data, n: 300, ...over.data },
    model: { ...DEFAULT_CONFIG.model, hidden: [16, 16], ...over.model },
    loss: { ...DEFAULT_CONFIG.loss, ...over.loss },
    train: { ...DEFAULT_CONFIG.train, batchSize: 32, ...over.train },
  };
}

/** A trainer on the fixed-count path (what GPU backends run), the path the lockstep batches. */
const fixedPathTrainer = (cfg: ExperimentConfig, checkTolerance = false) => new Trainer(cfg, generateDataset(cfg.data), { checkTolerance });

let live: Trainer[] = [];
const trainersOf = (configs: ExperimentConfig[], checkTolerance = false) => {
  const made = configs.map((c) => fixedPathTrainer(c, checkTolerance));
  live.push(...made);
  return made;
};
afterEach(() => {
  for (const t of live) t.dispose();
  live = [];
});

async function weightsOf(trainer: Trainer): Promise<Float32Array[]> {
  return Promise.all(trainer.model.trainableVariables().map(async (v) => (await v.data()) as Float32Array));
}

function maxGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  for (let i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
  return gap;
}

/**
 * Trains `configs` twice from the same start, one by one and with the batched lockstep, in ticks of
 * `ticks` steps with an evaluation between two ticks (as the worker does), and compares every step's loss,
 * the weights, the step counts and the evaluations.
 */
async function expectSameAsAlone(configs: ExperimentConfig[], ticks: number[], tolerance: number, evaluated = (_m: number) => true): Promise<void> {
  const alone = trainersOf(configs);
  const together = trainersOf(configs);
  const lockstep = new BatchedLockstep(together);
  try {
    for (const k of ticks) {
      const expected = await Promise.all(alone.map((t) => t.runStepsWithLosses(k)));
      const actual = await lockstep.runStepsWithLosses(k);
      actual.forEach((losses, m) => expect(maxGap(losses, expected[m]), `losses of model ${m}`).toBeLessThan(tolerance));
      for (const [m, t] of together.entries()) {
        expect(t.step).toBe(alone[m].step);
        if (!evaluated(m)) continue;
        const [a, b] = [await t.evaluate(), await alone[m].evaluate()];
        expect(Math.abs(a.loss - b.loss), `evaluated loss of model ${m}`).toBeLessThan(tolerance);
      }
    }
    for (const [m, t] of together.entries()) {
      const [a, b] = [await weightsOf(t), await weightsOf(alone[m])];
      a.forEach((w, i) => expect(maxGap(w, b[i]), `model ${m}, variable ${i}`).toBeLessThan(tolerance));
      // The power vectors too: a loss depends on them only to second order, so it would hide a refresh too many.
      t.model.layers.forEach((layer, j) => {
        const u = layer.devicePowerVector;
        if (u) expect(maxGap(u.dataSync(), alone[m].model.layers[j].devicePowerVector!.dataSync()), `model ${m}, power vector ${j}`).toBeLessThan(tolerance);
      });
    }
  } finally {
    lockstep.dispose();
  }
}

describe('batched lockstep: N models trained at once step exactly as each alone', () => {
  it('a tau sweep with different seeds, learning rates and L (Adam, tau-bce)', async () => {
    const configs = [
      config({ loss: { name: 'tau-bce', tau: 0.5 }, train: { seed: 1, lr: 0.01 } }),
      config({ loss: { name: 'tau-bce', tau: 10 }, train: { seed: 2, lr: 0.003 }, model: { lipschitz: 2 } }),
      config({ loss: { name: 'tau-bce', tau: 100 }, train: { seed: 3, lr: 0.001 }, data: { noise: 0.2 } }),
    ];
    await expectSameAsAlone(configs, [1, 4, 3], 1e-6);
  });

  it('HKR with different alphas and margins, the two-logit head, groupsort2', async () => {
    const base = { model: { head: 'two-logit' as const } };
    const configs = [
      config({ ...base, loss: { name: 'hkr', alpha: 0.25, margin: 0.05 } }),
      config({ ...base, loss: { name: 'hkr', alpha: 100, margin: 0.5 } }),
    ];
    await expectSameAsAlone(configs, [3, 3], 1e-6);
  });

  it('some models looked at between ticks, the others not (their power vectors fresh or stale)', async () => {
    // One power iteration per refresh: a refresh too many (or too few) then shows in the losses.
    const configs = [1, 2, 3].map((seed) => config({ train: { seed }, model: { power: { iterations: 1, tolerance: 1e-3 } } }));
    await expectSameAsAlone(configs, [2, 2, 3], 1e-6, (m) => m === 1);
  });

  it('standard nets under plain gradient descent (relu)', async () => {
    const base = { model: { kind: 'standard' as const, activation: 'relu' as const }, train: { optimizer: 'sgd' as const } };
    const configs = [1, 2, 3, 4].map((seed) => config({ ...base, train: { ...base.train, seed, lr: 0.05 * seed } }));
    await expectSameAsAlone(configs, [2, 5], 1e-6);
  });

  it('follows live changes of the loss settings and learning rate between ticks', async () => {
    const configs = [config({ loss: { name: 'tau-bce', tau: 1 }, train: { seed: 4 } }), config({ loss: { name: 'tau-bce', tau: 3 }, train: { seed: 5 } })];
    const alone = trainersOf(configs);
    const together = trainersOf(configs);
    const lockstep = new BatchedLockstep(together);
    await Promise.all(alone.map((t) => t.runStepsWithLosses(3)));
    await lockstep.runStepsWithLosses(3);
    for (const t of [...alone, ...together]) {
      t.setLoss({ ...DEFAULT_CONFIG.loss, name: 'tau-bce', tau: 50 });
      t.setLearningRate(0.02);
    }
    const expected = await Promise.all(alone.map((t) => t.runStepsWithLosses(4)));
    const actual = await lockstep.runStepsWithLosses(4);
    actual.forEach((losses, m) => expect(maxGap(losses, expected[m]), `losses of model ${m}`).toBeLessThan(1e-6));
    lockstep.dispose();
  });

  it('keeps memory flat over many ticks', async () => {
    const trainers = trainersOf([config({ train: { seed: 1 } }), config({ train: { seed: 2 } })]);
    const lockstep = new BatchedLockstep(trainers);
    await lockstep.runStepsWithLosses(2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await lockstep.runStepsWithLosses(3);
    expect(tf.memory().numTensors).toBe(before);
    lockstep.dispose();
  });
});

describe('which models can share a batched lockstep', () => {
  it('same-shape models on the fixed-count path can', () => {
    expect(lockstepBlocker(trainersOf([config({ loss: { tau: 1 } }), config({ loss: { tau: 5 }, train: { seed: 9 } })]))).toBeNull();
  });

  it('not on a backend that reads back, nor one model, nor different shapes, losses or robust training', () => {
    expect(lockstepBlocker(trainersOf([config(), config()], true))).toMatch(/reads back/);
    expect(lockstepBlocker(trainersOf([config()]))).toMatch(/fewer than two/);
    expect(lockstepBlocker(trainersOf([config(), config({ model: { hidden: [16, 8] } })]))).toMatch(/differ/);
    expect(lockstepBlocker(trainersOf([config(), config({ model: { kind: 'standard' } })]))).toMatch(/differ/);
    expect(lockstepBlocker(trainersOf([config(), config({ loss: { name: 'hkr' } })]))).toMatch(/differ/);
    expect(lockstepBlocker(trainersOf([config(), config({ train: { batchSize: 64 } })]))).toMatch(/differ/);
    expect(lockstepBlocker(trainersOf([config({ train: { robust: 'lmt' } }), config({ train: { robust: 'lmt' } })]))).toMatch(/robust/);
    expect(lockstepBlocker(trainersOf([config({ model: { layer: 'cayley' } }), config({ model: { layer: 'cayley' } })]))).toMatch(/Björck/);
    expect(() => new BatchedLockstep(trainersOf([config(), config({ model: { hidden: [8, 8] } })]))).toThrow(/no batched lockstep/);
  });
});

describe('the lockstep trial (diagnostics page, npm run bench)', () => {
  it('measures one model, N one after another and N batched, and frees what it made', async () => {
    const base = config({ model: { hidden: [8, 8] } });
    const before = tf.memory().numTensors;
    const trial = await measureLockstep(3, 1, base);
    expect(trial.models).toBe(3);
    for (const ms of [trial.oneMs, trial.oneByOneMs, trial.batchedMs]) expect(ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('its models are a log-spaced tau sweep, all else equal', () => {
    const configs = lockstepTrialConfigs(4, config());
    expectCloseTo(configs.map((c) => c.loss.tau), [0.1, 1, 10, 100]);
    expect(new Set(configs.map((c) => JSON.stringify({ ...c, loss: null }))).size).toBe(1);
  });
});

function expectCloseTo(actual: number[], expected: number[]): void {
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i], 9));
}

describe('the lockstep agreement check (diagnostics hook)', () => {
  it('finds batched and one-by-one training equal on wasm, to float rounding', async () => {
    const before = tf.memory().numTensors;
    const { losses, weights } = await lockstepAgreement(2, 2);
    expect(losses).toBeLessThan(1e-6);
    expect(weights).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
