import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { certifiedAccuracy } from '../analysis/certificates';
import { DEFAULT_CONFIG, type ExperimentConfig, type RobustMethod } from '../core/config';
import { generateDataset } from '../data/split';
import { spectralNorm } from '../lip/linalg';
import { Trainer } from './trainer';

/** Robust training (lip/robustTraining.ts) through the training engine: a standard net on two moons. */

function config(robust: RobustMethod, over: Partial<ExperimentConfig['train']> = {}): ExperimentConfig {
  return {
    ...DEFAULT_CONFIG,
    model: { ...DEFAULT_CONFIG.model, kind: 'standard', hidden: [32, 32], activation: 'relu' },
    loss: { ...DEFAULT_CONFIG.loss, name: 'bce' },
    train: { ...DEFAULT_CONFIG.train, robust, robustEps: 0.1, ...over },
  };
}

const makeTrainer = (cfg: ExperimentConfig) => new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: true });

/** The exact bound of the trained model: the product of the exact spectral norms of its effective weights. */
function exactBound(trainer: Trainer): number {
  const { model } = trainer;
  const weights = model.effectiveWeights();
  return model.layers.reduce((k, l, i) => k * spectralNorm(weights[i].dataSync(), l.inputs, l.scoreOutputs), Math.abs(model.outputScale));
}

/** Certified accuracy at eps on the test set with the exact bound: y f / K_exact > eps. */
async function certifiedAt(trainer: Trainer, eps: number): Promise<number> {
  const { test } = trainer.dataset;
  return certifiedAccuracy(await trainer.predict(test.xy), test.labels, exactBound(trainer), eps);
}

describe('robust training in the engine', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('lmt and gloro at eps 0.1 give a smaller exact K and more points certified at 0.1 than plain training (same seed, 400 steps)', async () => {
    const results: Record<string, { k: number; certified: number; accuracy: number }> = {};
    for (const robust of ['none', 'lmt', 'gloro'] as const) {
      const trainer = makeTrainer(config(robust));
      await trainer.runSteps(400);
      const evaluation = await trainer.evaluate();
      results[robust] = { k: exactBound(trainer), certified: await certifiedAt(trainer, 0.1), accuracy: evaluation.testAccuracy };
      trainer.dispose();
    }
    // Measured (wasm, 2026-11-29): none K 133.6, 17.2% certified; lmt K 67.6, 98.4%; gloro K 80.8, 98.4%.
    for (const robust of ['lmt', 'gloro'] as const) {
      expect(results[robust].k).toBeLessThan(0.8 * results.none.k);
      expect(results[robust].certified).toBeGreaterThan(results.none.certified + 0.3);
      expect(results[robust].accuracy).toBeGreaterThan(0.97);
    }
  });

  it('is deterministic per seed: the same losses for the same seed, other ones for another seed', async () => {
    const losses = async (seed: number) => {
      const trainer = makeTrainer(config('lmt', { seed }));
      const values = Array.from(await trainer.runStepsWithLosses(30));
      trainer.dispose();
      return values;
    };
    const a = await losses(4);
    expect(await losses(4)).toEqual(a);
    expect(await losses(5)).not.toEqual(a);
  });

  it('reports the robust loss in evaluations, and looking does not change the run', async () => {
    const watched = makeTrainer(config('gloro'));
    const plain = makeTrainer(config('none'));
    const unwatched = makeTrainer(config('gloro'));
    expect(Number.isFinite((await watched.evaluate()).loss)).toBe(true); // at step 0 too
    for (let i = 0; i < 5; i++) {
      await watched.runSteps(10);
      await watched.evaluate();
      await watched.predict(new Float32Array([0.1, 0.2]));
      await unwatched.runSteps(10);
    }
    await plain.runSteps(50);
    expect((await watched.evaluate()).loss).toBe((await unwatched.evaluate()).loss);
    // GloRo's loss is above plain cross-entropy's at these margins (a bottom logit eps K above the other one).
    expect((await watched.evaluate()).loss).toBeGreaterThan((await plain.evaluate()).loss);
    [watched, plain, unwatched].forEach((t) => t.dispose());
  });

  it('restoring a checkpoint resets the power vectors: a diverged model recovers (its vectors are not finite)', async () => {
    // sgd: no optimizer state, so the power vectors are the only state the NaN step leaves behind.
    const trainer = makeTrainer(config('lmt', { optimizer: 'sgd' }));
    await trainer.runSteps(10);
    const checkpoint = { step: trainer.step, variables: trainer.model.trainableVariables().map((v) => v.dataSync().slice() as Float32Array) };
    const kernel = trainer.model.layers[1].kernel;
    tf.tidy(() => kernel.assign(tf.fill(kernel.shape, NaN)));
    trainer.model.invalidate();
    expect(await trainer.runSteps(1)).toBeNaN();
    trainer.restore(checkpoint);
    const losses = await trainer.runStepsWithLosses(20);
    expect(Array.from(losses).every(Number.isFinite)).toBe(true);
    trainer.dispose();
  });

  it('keeps tf.memory().numTensors flat over steps and evaluations, and releases everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const trainer = makeTrainer(config('lmt'));
    await trainer.runSteps(5);
    await trainer.evaluate();
    const tensors = tf.memory().numTensors;
    for (let round = 0; round < 5; round++) {
      await trainer.runSteps(20);
      await trainer.evaluate();
    }
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
