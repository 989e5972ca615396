import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { BatchSampler } from './sampler';
import { Trainer } from './trainer';

function config(over: Partial<{ [K in keyof ExperimentConfig]: Partial<ExperimentConfig[K]> }> = {}): ExperimentConfig {
  return {
    v: 1,
    data: { ...DEFAULT_CONFIG.data, n: 400, ...over.data },
    model: { ...DEFAULT_CONFIG.model, hidden: [16, 16], ...over.model },
    loss: { ...DEFAULT_CONFIG.loss, ...over.loss },
    train: { ...DEFAULT_CONFIG.train, batchSize: 64, ...over.train },
  };
}

const makeTrainer = (cfg: ExperimentConfig) => new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: true });

describe('batch sampling', () => {
  it('visits every training point once per epoch, in a seeded order', () => {
    const sampler = new BatchSampler(10, 5, 3);
    const epoch = [...sampler.next(), ...sampler.next()].sort((a, b) => a - b);
    expect(epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const again = new BatchSampler(10, 5, 3);
    expect(Array.from(again.next())).toEqual(Array.from(new BatchSampler(10, 5, 3).next()));
  });

  it('gives the whole set when the batch is larger than the data', () => {
    expect(Array.from(new BatchSampler(4, 256, 1).next())).toEqual([0, 1, 2, 3]);
  });
});

describe('the training engine', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('keeps tf.memory().numTensors flat over 2000 steps with evaluations and predictions', async () => {
    const trainer = makeTrainer(config());
    await trainer.runSteps(10);
    await trainer.evaluate();
    await trainer.predict(new Float32Array(200));
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let round = 0; round < 20; round++) {
      await trainer.runSteps(100);
      await trainer.evaluate();
      await trainer.predict(new Float32Array(200));
    }
    expect(trainer.step).toBe(2010);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
    trainer.dispose();
  });

  it('releases every tensor on dispose', async () => {
    const before = tf.memory().numTensors;
    const trainer = makeTrainer(config());
    await trainer.runSteps(5);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic per seed: same config, same losses; another training seed differs', async () => {
    const run = async (seed: number) => {
      const t = makeTrainer(config({ train: { seed } }));
      const losses = [await t.runSteps(20), await t.runSteps(20)];
      t.dispose();
      return losses;
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('is deterministic whatever is watched: evaluations and predictions between steps do not change the run', async () => {
    const weightsAfter = async (watch: boolean) => {
      const t = makeTrainer(config());
      for (let i = 0; i < 12; i++) {
        await t.runSteps(3);
        if (watch) {
          await t.evaluate();
          await t.predict(Float32Array.of(0.1, 0.2, -0.5, 0.3));
        }
      }
      const weights = await Promise.all(t.model.trainableVariables().map(async (v) => Array.from(await v.data())));
      t.dispose();
      return weights;
    };
    expect(await weightsAfter(true)).toEqual(await weightsAfter(false));
  });

  it('learns: accuracy on moons rises well above chance within 300 steps', async () => {
    const trainer = makeTrainer(config());
    const before = await trainer.evaluate();
    await trainer.runSteps(300);
    const after = await trainer.evaluate();
    expect(after.trainAccuracy).toBeGreaterThan(0.9);
    expect(after.testAccuracy).toBeGreaterThan(0.9);
    expect(after.loss).toBeLessThan(before.loss);
    trainer.dispose();
  });

  for (const optimizer of ['sgd', 'adam'] as const) it(`applies a new learning rate at once (${optimizer}): lr 0 freezes the weights`, async () => {
    const trainer = makeTrainer(config({ train: { optimizer } }));
    await trainer.runSteps(5);
    trainer.setLearningRate(0);
    // Compare the trainable kernels: the effective weights still move slightly as the warm-started
    // power iteration keeps converging, by design.
    const read = () => trainer.model.trainableVariables().map((v) => Array.from(v.dataSync()));
    const frozen = read();
    await trainer.runSteps(5);
    expect(read()).toEqual(frozen);
    trainer.setLearningRate(0.05);
    await trainer.runSteps(1);
    expect(read()).not.toEqual(frozen);
    trainer.dispose();
  });

  it('applies a new loss at once without resetting the weights', async () => {
    const trainer = makeTrainer(config());
    await trainer.runSteps(20);
    const before = await trainer.predict(new Float32Array([0.5, 0.5]));
    trainer.setLoss({ name: 'kr', tau: 1, alpha: 0, margin: 0 });
    const same = await trainer.predict(new Float32Array([0.5, 0.5]));
    expect(Array.from(same)).toEqual(Array.from(before));
    const eval1 = await trainer.evaluate();
    expect(trainer.step).toBe(20);
    expect(Number.isFinite(eval1.loss)).toBe(true);
    trainer.dispose();
  });

  it('trains every loss on a tiny dataset (6 points) without NaN, kr on batches that may hold one class', async () => {
    for (const name of ['kr', 'hinge', 'hkr', 'tau-bce', 'bce'] as const) {
      const trainer = makeTrainer(config({ data: { n: 6 }, loss: { name }, train: { batchSize: 1 } }));
      const loss = await trainer.runSteps(30);
      expect(Number.isFinite(loss)).toBe(true);
      const ev = await trainer.evaluate();
      expect(Number.isFinite(ev.loss)).toBe(true);
      trainer.dispose();
    }
  });
});

describe('evaluation: train and test loss over the whole sets', () => {
  beforeAll(() => useNodeBackend('wasm'));

  const points = (xy: number[], labels: number[]) => ({ xy: Float32Array.from(xy), labels: Float32Array.from(labels) });
  const domain = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };
  /** A linear standard net (no hidden layer) whose weights are then set to f(x, y) = x. */
  const linearTrainer = (loss: ExperimentConfig['loss'], test: ReturnType<typeof points>) => {
    const cfg = config({ model: { kind: 'standard', hidden: [], activation: 'relu' }, loss });
    const train = points([1, 0, -1, 0, 3, 5], [1, -1, -1]);
    const trainer = new Trainer(cfg, { train, test, domain }, { checkTolerance: true });
    const [head] = trainer.model.layers;
    head.kernel.assign(tf.tensor2d([[1], [0]]));
    head.bias.assign(tf.tensor1d([0]));
    trainer.model.invalidate();
    return trainer;
  };
  const softplus = (z: number) => Math.log1p(Math.exp(z));

  it('bce: mean softplus(-y f) over each set, by hand', async () => {
    // f = x. Train y f = 1, 1, -3; test y f = 2, -0.5.
    const trainer = linearTrainer({ ...DEFAULT_CONFIG.loss, name: 'bce' }, points([2, 1, 0.5, -1], [1, -1]));
    const ev = await trainer.evaluate();
    expect(ev.loss).toBeCloseTo((2 * softplus(-1) + softplus(3)) / 3, 5);
    expect(ev.testLoss).toBeCloseTo((softplus(-2) + softplus(0.5)) / 2, 5);
    expect(ev.trainAccuracy).toBeCloseTo(2 / 3, 6);
    expect(ev.testAccuracy).toBe(0.5);
    trainer.dispose();
  });

  it('hinge and kr: the configured loss with its hyper-parameters, on the test set', async () => {
    const test = points([2, 0, 0.5, 0, -1, 0], [1, -1, -1]);
    const hinge = linearTrainer({ ...DEFAULT_CONFIG.loss, name: 'hinge', margin: 1 }, test);
    // test y f = 2, -0.5, 1: relu(1 - y f) = 0, 1.5, 0 -> mean 0.5
    expect((await hinge.evaluate()).testLoss).toBeCloseTo(0.5, 6);
    hinge.dispose();
    const kr = linearTrainer({ ...DEFAULT_CONFIG.loss, name: 'kr' }, test);
    // mean f over y = -1 (0.5, -1) minus mean f over y = +1 (2): -0.25 - 2 = -2.25 (negative: the KR loss)
    expect((await kr.evaluate()).testLoss).toBeCloseTo(-2.25, 6);
    kr.dispose();
  });

  it('without test points the test loss and accuracy are NaN, the train loss is still computed, and no tensor leaks', async () => {
    const trainer = linearTrainer({ ...DEFAULT_CONFIG.loss, name: 'bce' }, points([], []));
    await trainer.evaluate();
    const before = tf.memory().numTensors;
    const ev = await trainer.evaluate();
    expect(tf.memory().numTensors).toBe(before);
    expect(ev.testLoss).toBeNaN();
    expect(ev.testAccuracy).toBeNaN();
    expect(ev.loss).toBeCloseTo((2 * softplus(-1) + softplus(3)) / 3, 5);
    trainer.dispose();
  });
});
