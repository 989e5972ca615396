import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import type { ExperimentConfig } from '../core/config';
import { SMALL_LIPSCHITZ, SMALL_STANDARD } from '../testing/support';
import { isFiniteCheckpoint, readCheckpoint } from './checkpoint';
import { Trainer } from './trainer';

const kr: ExperimentConfig = { ...SMALL_LIPSCHITZ, loss: { ...SMALL_LIPSCHITZ.loss, name: 'kr' } };

describe('chunked evaluation', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('equals the evaluation in one piece, for every loss (KR is not a mean of chunk means)', async () => {
    for (const config of [SMALL_LIPSCHITZ, SMALL_STANDARD, kr]) {
      const data = generateDataset({ ...config.data, n: 333 });
      const whole = new Trainer(config, data, { checkTolerance: true, evaluationChunk: 100_000 });
      const chunked = new Trainer(config, data, { checkTolerance: true, evaluationChunk: 37 });
      try {
        await whole.runSteps(20);
        await chunked.runSteps(20);
        const a = await whole.evaluate();
        let pauses = 0;
        const b = await chunked.evaluate(async () => void pauses++);
        // 250 train points in 7 chunks of at most 37, 83 test points in 3: a pause between two chunks.
        expect(pauses).toBe(6 + 2);
        expect(b.step).toBe(a.step);
        expect(b.trainAccuracy).toBe(a.trainAccuracy);
        expect(b.testAccuracy).toBe(a.testAccuracy);
        expect(Math.abs(b.loss - a.loss)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a.loss)));
        expect(Math.abs(b.testLoss - a.testLoss)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a.testLoss)));
      } finally {
        whole.dispose();
        chunked.dispose();
      }
    }
  });

  it('with `between` set, predict and gradientNorms run in chunks with it between, and give the same values', async () => {
    const data = generateDataset({ ...SMALL_LIPSCHITZ.data, n: 333 });
    let pauses = 0;
    const plain = new Trainer(SMALL_LIPSCHITZ, data, { checkTolerance: true });
    const chunked = new Trainer(SMALL_LIPSCHITZ, data, { checkTolerance: true, evaluationChunk: 50, between: async () => void pauses++ });
    try {
      const xy = data.train.xy; // 250 points: 5 chunks
      expect(Array.from(await chunked.predict(xy))).toEqual(Array.from(await plain.predict(xy)));
      expect(pauses).toBe(4);
      expect(Array.from(await chunked.gradientNorms(xy))).toEqual(Array.from(await plain.gradientNorms(xy)));
      expect(pauses).toBe(8);
      await chunked.evaluate(); // the default pause between the evaluation's chunks too
      expect(pauses).toBe(8 + 4 + 1);
    } finally {
      plain.dispose();
      chunked.dispose();
    }
  });

  it('leaves no tensor behind, also when a pause between chunks throws', async () => {
    const trainer = new Trainer(SMALL_LIPSCHITZ, generateDataset(SMALL_LIPSCHITZ.data), { checkTolerance: true, evaluationChunk: 16 });
    try {
      await trainer.evaluate();
      const before = tf.memory().numTensors;
      await trainer.evaluate(async () => undefined);
      await expect(trainer.evaluate(() => Promise.reject(new Error('superseded')))).rejects.toThrow('superseded');
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      trainer.dispose();
    }
  });
});

describe('checkpoints', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('a trainer restored from a checkpoint predicts what the original did at that step, and counts from it', async () => {
    const data = generateDataset(SMALL_LIPSCHITZ.data);
    const original = new Trainer(SMALL_LIPSCHITZ, data, { checkTolerance: true });
    const rebuilt = new Trainer(SMALL_LIPSCHITZ, data, { checkTolerance: true });
    try {
      await original.runSteps(30);
      const checkpoint = await readCheckpoint(original);
      expect(checkpoint.step).toBe(30);
      expect(isFiniteCheckpoint(checkpoint)).toBe(true);
      const expected = await original.predict(data.train.xy);
      await original.runSteps(5); // the copy does not follow the trainer
      rebuilt.restore(checkpoint);
      expect(rebuilt.step).toBe(30);
      const got = await rebuilt.predict(data.train.xy);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      // The same kernels; a fresh power-iteration vector may move sigma very slightly.
      expect(worst).toBeLessThan(1e-3);
      await rebuilt.runSteps(1);
      expect(rebuilt.step).toBe(31);
    } finally {
      original.dispose();
      rebuilt.dispose();
    }
  });

  it('tells a checkpoint with a NaN weight from a finite one, and refuses one of another shape', async () => {
    const trainer = new Trainer(SMALL_STANDARD, generateDataset(SMALL_STANDARD.data), { checkTolerance: true });
    try {
      const checkpoint = await readCheckpoint(trainer);
      const broken = { ...checkpoint, variables: checkpoint.variables.map((v, i) => (i === 1 ? v.map(() => NaN) : v)) };
      expect(isFiniteCheckpoint(broken)).toBe(false);
      expect(() => trainer.restore({ step: 0, variables: checkpoint.variables.slice(1) })).toThrow(/variables/);
    } finally {
      trainer.dispose();
    }
  });
});
