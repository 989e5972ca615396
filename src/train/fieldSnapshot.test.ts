import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridSpacing } from '../analysis/grid';
import { useNodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { computeFieldSnapshot, snapshotTransferables } from './fieldSnapshot';
import { Trainer } from './trainer';

const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  data: { ...DEFAULT_CONFIG.data, n: 400 },
  model: { ...DEFAULT_CONFIG.model, hidden: [32, 32] },
};

describe('field snapshots', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('hold a sound certificate map, gradient norms <= 1, and a non-increasing certified curve', async () => {
    const trainer = new Trainer(config, generateDataset(config.data), { checkTolerance: true });
    await trainer.runSteps(200);
    await trainer.predict(new Float32Array(2)); // builds the cached inference weights (kept on purpose)
    const before = tf.memory().numTensors;
    const field = await computeFieldSnapshot(trainer, { gridNodes: 101, distance: true, intervalMs: 0 });
    expect(tf.memory().numTensors).toBe(before);

    expect(field.f.length).toBe(101 * 101);
    expect(field.boundary.length).toBeGreaterThan(0);
    expect(field.lipschitzBound).toBeCloseTo(1, 2);
    const tolerance = gridSpacing({ domain: field.domain, cols: 101, rows: 101 }).diagonal;
    for (let k = 0; k < field.f.length; k++) {
      expect(Math.abs(field.f[k]) / field.lipschitzBound).toBeLessThanOrEqual(field.distance![k] + tolerance);
      expect(field.gradientNorm[k]).toBeLessThanOrEqual(1 + 1e-3);
    }
    const { accuracy, eps } = field.certified;
    expect(eps[0]).toBe(0);
    for (let i = 1; i < accuracy.length; i++) expect(accuracy[i]).toBeLessThanOrEqual(accuracy[i - 1]);
    expect(accuracy[0]).toBeCloseTo((await trainer.evaluate()).testAccuracy, 6);
    expect(field.lipschitzEmpirical).toBeGreaterThan(0.5);
    expect(snapshotTransferables(field)).toHaveLength(6);
    // The paper's axis: the fraction of test points with y f > eps, the raw margin, counted directly.
    const labels = trainer.dataset.test.labels;
    field.paperAxis.eps.forEach((e, i) => {
      let count = 0;
      for (let k = 0; k < labels.length; k++) if (labels[k] * field.fTest[k] > e) count++;
      expect(field.paperAxis.accuracy[i]).toBeCloseTo(count / labels.length, 12);
    });
    trainer.dispose();
  });

  it('skips the distance map nobody draws, but always measures the Lipschitz estimate over grid and data', async () => {
    const trainer = new Trainer(config, generateDataset(config.data), { checkTolerance: true });
    const field = await computeFieldSnapshot(trainer, { gridNodes: 21, distance: false, intervalMs: 0 });
    expect(field.distance).toBeNull();
    expect(field.gradientNorm.length).toBe(21 * 21);
    expect(field.lipschitzEmpirical).toBeGreaterThan(0);
    expect(field.lipschitzEmpirical).toBeLessThanOrEqual(1 + 1e-3);
    trainer.dispose();
  });

  it('in chunks, with a pause between them, is the snapshot in one piece', async () => {
    const trainer = new Trainer(config, generateDataset(config.data), { checkTolerance: true });
    await trainer.runSteps(50);
    const options = { gridNodes: 41, distance: true, intervalMs: 0 };
    const whole = await computeFieldSnapshot(trainer, options);
    let pauses = 0;
    const parts = await computeFieldSnapshot(trainer, options, { points: 97, between: async () => void pauses++ });
    // 41 x 41 grid nodes for f and |grad f| together (one pass), 300 train and 100 test points for f, all 400 for |grad f|.
    const chunks = (n: number) => Math.ceil(n / 97) - 1;
    expect(pauses).toBe(chunks(41 * 41) + chunks(300) + chunks(100) + chunks(400));
    for (const key of ['f', 'gradientNorm', 'fTrain', 'fTest', 'distance'] as const) {
      const a = whole[key]!;
      const b = parts[key]!;
      expect(b.length).toBe(a.length);
      for (let k = 0; k < a.length; k++) expect(Math.abs(b[k] - a[k]), `${key}[${k}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a[k])));
    }
    expect(parts.certified.accuracy).toEqual(whole.certified.accuracy);
    expect(parts.lipschitzBound).toBe(whole.lipschitzBound);
    trainer.dispose();
  });
});
