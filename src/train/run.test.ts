import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { generateDataset } from '../data/split';
import { runExperiment } from './run';
import { Trainer } from './trainer';

/** A standard ReLU net under plain SGD at learning rate `lr`: diverges within a few steps at 5 or 10. */
function exploding(lr: number, steps = 2000): ExperimentConfig {
  return {
    ...DEFAULT_CONFIG,
    model: { ...DEFAULT_CONFIG.model, kind: 'standard', activation: 'relu' },
    loss: { ...DEFAULT_CONFIG.loss, name: 'bce' },
    train: { ...DEFAULT_CONFIG.train, optimizer: 'sgd', lr, steps },
  };
}

/** The first step (1-based) whose batch loss is not finite, found one step and one read-back at a time. */
async function firstNonFiniteStep(config: ExperimentConfig): Promise<number | null> {
  const trainer = new Trainer(config, generateDataset(config.data), { checkTolerance: false });
  try {
    while (trainer.step < config.train.steps) {
      if (!Number.isFinite(await trainer.runSteps(1))) return trainer.step;
    }
    return null;
  } finally {
    trainer.dispose();
  }
}

describe('runExperiment', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it.each([
    [10, 50],
    [10, 7],
    [10, 1],
    [5, 100],
  ])(
    'stops a diverging run (sgd, lr %d, chunks of %d) and reports the exact step of the first non-finite loss, with NaN certificates',
    async (lr, chunk) => {
      const config = exploding(lr);
      const expected = await firstNonFiniteStep(config);
      expect(expected).not.toBeNull();
      const result = await runExperiment(config, { chunk });
      expect(result.diverged).toBe(true);
      expect(result.steps).toBe(expected);
      expect(Number.isNaN(result.certifiedAccuracy['0.1'])).toBe(true);
      expect(Number.isNaN(result.mcr)).toBe(true);
    },
  );

  it('the diverged step is not a chunk end (the case the chunked check used to get wrong)', async () => {
    const expected = await firstNonFiniteStep(exploding(10));
    expect(expected! % 50).not.toBe(0);
    expect((await runExperiment(exploding(10), { chunk: 50 })).steps).toBe(expected);
  });

  it('reports a model with zero training steps (random initialisation) without error', async () => {
    const result = await runExperiment({ ...DEFAULT_CONFIG, data: { ...DEFAULT_CONFIG.data, n: 200 }, train: { ...DEFAULT_CONFIG.train, steps: 0 } });
    expect(result.steps).toBe(0);
    expect(result.diverged).toBe(false);
    expect(result.lipschitzEmpirical).toBeLessThanOrEqual(result.lipschitzBound * (1 + 1e-3));
    expect(result.certificateViolations).toBe(0);
  });
});

describe('Trainer.runStepsWithLosses', () => {
  beforeAll(() => useNodeBackend('wasm'));
  const small: ExperimentConfig = { ...DEFAULT_CONFIG, data: { ...DEFAULT_CONFIG.data, n: 200 }, train: { ...DEFAULT_CONFIG.train, steps: 30 } };

  it('gives every step\'s batch loss, equal to the losses of the same steps taken one at a time, and leaks no tensor', async () => {
    const dataset = generateDataset(small.data);
    const oneByOne = new Trainer(small, dataset, { checkTolerance: false });
    const batched = new Trainer(small, dataset, { checkTolerance: false });
    try {
      const expected: number[] = [];
      for (let i = 0; i < 12; i++) expected.push(await oneByOne.runSteps(1));
      const tensors = tf.memory().numTensors;
      const losses = [...(await batched.runStepsWithLosses(5)), ...(await batched.runStepsWithLosses(7))];
      expect(tf.memory().numTensors).toBe(tensors);
      expect(batched.step).toBe(12);
      expect(losses).toEqual(expected);
      expect(new Set(losses).size).toBeGreaterThan(1);
      expect(await batched.runStepsWithLosses(0)).toEqual(new Float32Array(0));
      expect(batched.step).toBe(12);
    } finally {
      oneByOne.dispose();
      batched.dispose();
    }
  });
});
