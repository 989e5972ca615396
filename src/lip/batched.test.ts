import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { Random } from '../core/random';
import { DEFAULT_CONFIG, type BjorckConfig, type LossConfig } from '../core/config';
import { expectClose } from '../testing/support';
import { batchedFrobeniusKernel, batchedOrthonormalKernel, batchedPowerIteration } from './batched';
import { makeBatchedLoss } from './batchedLosses';
import { makeLoss } from './losses';
import { frobeniusKernel, orthonormalKernel, powerIteration } from './orthonormalize';
import { singularValues } from './linalg';

beforeAll(() => useNodeBackend('wasm'));

function gaussian(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** The largest |a - b| relative to max(1, |b|_inf). */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let gap = 0;
  for (let i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
  return gap / scale;
}

describe('stacked Lipschitz layers: each model slice is what the model alone computes', () => {
  const shapes: [number, number][] = [
    [16, 16],
    [2, 16], // wide: orthonormalised as its transpose
    [24, 8], // tall
  ];
  const configs: BjorckConfig[] = [
    { ...DEFAULT_CONFIG.model.bjorck, iterations: 30, gradientIterations: 1 },
    { ...DEFAULT_CONFIG.model.bjorck, iterations: 6, gradientIterations: 0 },
  ];
  for (const [rows, cols] of shapes) {
    for (const cfg of configs) {
      it(`Björck ${rows}x${cols}, ${cfg.iterations} iterations, gradient through ${cfg.gradientIterations || 'all'}: values and gradients`, () => {
        const rng = new Random(rows * 100 + cols + cfg.iterations);
        const n = 3;
        const kernels = Array.from({ length: n }, () => tf.tensor2d(gaussian(rng, rows * cols), [rows, cols]));
        const vectors = Array.from({ length: n }, () => tf.tensor2d(gaussian(rng, cols), [1, cols]));
        // A fixed random cotangent per model: the loss sum(W * R) has gradient R through W.
        const cotangents = Array.from({ length: n }, () => tf.tensor2d(gaussian(rng, rows * cols), [rows, cols]));
        const powered = vectors.map((u, m) => powerIteration(kernels[m], u, DEFAULT_CONFIG.model.power, false));
        const stackedPowered = batchedPowerIteration(tf.stack(kernels) as tf.Tensor3D, tf.stack(vectors) as tf.Tensor3D, DEFAULT_CONFIG.model.power.iterations);
        powered.forEach((u, m) => expect(relativeGap(tf.unstack(stackedPowered)[m].dataSync(), u.dataSync()), `power vector ${m}`).toBeLessThan(1e-5));

        const alone = kernels.map((k, m) =>
          tf.valueAndGrad((v: tf.Tensor2D) => tf.sum(tf.mul(orthonormalKernel(v, powered[m], cfg, false), cotangents[m])) as tf.Scalar)(k),
        );
        const stackedKernel = tf.stack(kernels) as tf.Tensor3D;
        const stackedW = batchedOrthonormalKernel(stackedKernel, stackedPowered, cfg);
        const together = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(batchedOrthonormalKernel(v as tf.Tensor3D, stackedPowered, cfg), tf.stack(cotangents))) as tf.Scalar)(stackedKernel);
        const wSlices = tf.unstack(stackedW);
        const gSlices = tf.unstack(together);
        for (let m = 0; m < n; m++) {
          const w = orthonormalKernel(kernels[m], powered[m], cfg, false);
          expect(relativeGap(wSlices[m].dataSync(), w.dataSync()), `W of model ${m}`).toBeLessThan(1e-5);
          expect(relativeGap(gSlices[m].dataSync(), alone[m].grad.dataSync()), `gradient of model ${m}`).toBeLessThan(1e-4);
        }
        // And the slices are Lipschitz layers: singular values 1 after 30 iterations, from Gaussian kernels.
        if (cfg.iterations >= 30) {
          for (const slice of wSlices) {
            const s = singularValues(slice.dataSync(), rows, cols);
            for (const value of s) expectClose(value, 1, 5e-3, 'singular value');
          }
        }
      });
    }
  }

  it('the Frobenius head, one and two logits', () => {
    const rng = new Random(7);
    for (const outputs of [1, 2]) {
      const kernels = Array.from({ length: 4 }, () => tf.tensor2d(gaussian(rng, 16 * outputs), [16, outputs]));
      const stacked = tf.unstack(batchedFrobeniusKernel(tf.stack(kernels) as tf.Tensor3D));
      kernels.forEach((k, m) => expectClose(stacked[m].dataSync(), frobeniusKernel(k).dataSync(), 1e-6, `head ${outputs}, model ${m}`));
    }
  });
});

describe('batched losses: row m is the single-model loss with model m settings', () => {
  const settings: Omit<LossConfig, 'name'>[] = [
    { tau: 0.5, alpha: 10, margin: 0.1 },
    { tau: 10, alpha: 0.25, margin: 1 },
    { tau: 100, alpha: 100, margin: 0.01 },
  ];
  for (const name of ['kr', 'hinge', 'hkr', 'tau-bce', 'bce'] as const) {
    it(name, () => {
      const rng = new Random(name.length);
      const batch = 9;
      const f = Array.from({ length: 3 }, () => gaussian(rng, batch));
      // Row 2 holds one class only: KR's term is 0 there (krLoss's rule).
      const y = [0, 1, 2].map((m) => Float32Array.from({ length: batch }, (_, i) => (m === 2 ? 1 : i % 3 === 0 ? -1 : 1)));
      const configs = settings.map((s) => ({ name, ...s }));
      const together = makeBatchedLoss(configs)(tf.tensor2d(f.flatMap((r) => [...r]), [3, batch]), tf.tensor2d(y.flatMap((r) => [...r]), [3, batch])).dataSync();
      configs.forEach((c, m) => {
        const alone = makeLoss(c)(tf.tensor1d(f[m]), tf.tensor1d(y[m])).dataSync()[0];
        expectClose(together[m], alone, 1e-5 * Math.max(1, Math.abs(alone)), `${name} model ${m}`);
      });
    });
  }

  it('refuses models with different losses', () => {
    expect(() => makeBatchedLoss([{ ...DEFAULT_CONFIG.loss, name: 'kr' }, { ...DEFAULT_CONFIG.loss, name: 'hinge' }])).toThrow(/same loss/);
  });
});
