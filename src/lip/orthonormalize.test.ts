import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { Random } from '../core/random';
import { DEFAULT_CONFIG } from '../core/config';
import { orthogonal } from './init';
import { expectClose } from '../testing/support';
import { singularValues } from './linalg';
import { bjorck, canCheckTolerance, orthonormalKernel, powerIteration } from './orthonormalize';
import { buildModel, type Mlp } from './model';
import { applyActivation } from './activations';
import { tauBceLoss } from './losses';
import type { BjorckConfig } from '../core/config';

const { bjorck: bjorckDefaults, power: powerDefaults } = DEFAULT_CONFIG.model;

function gaussian(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

/** Power iteration run to convergence from a random start: u for the kernel's top singular vector. */
function convergedPowerVector(kernel: tf.Tensor2D): tf.Tensor2D {
  const u0 = tf.tensor2d(gaussian(1, kernel.shape[1], 99), [1, kernel.shape[1]]);
  return powerIteration(kernel, u0, { iterations: 100, tolerance: 1e-7 }, true);
}

describe('Björck orthonormalisation', () => {
  beforeAll(() => useNodeBackend('wasm'));

  // Shapes of real layers: first layer 2 -> w, square hidden, shrinking and growing hidden layers.
  const shapes: [number, number][] = [[2, 64], [64, 64], [64, 32], [32, 64], [128, 128], [256, 128]];
  for (const [rows, cols] of shapes) {
    it(`gives all singular values within 1e-3 of 1 for a ${rows}x${cols} Gaussian kernel`, () => {
      const kernel = tf.tensor2d(gaussian(rows, cols, rows * 1000 + cols), [rows, cols]);
      const u = convergedPowerVector(kernel);
      // Gaussian kernels are badly conditioned (smallest/largest singular value ~ 1/(2n) when square):
      // the default 15 iterations are meant for trained kernels near orthonormal, so allow more here.
      const w = tf.tidy(() => orthonormalKernel(kernel, u, { ...bjorckDefaults, iterations: 40 }, true));
      const sv = singularValues(w.dataSync(), rows, cols);
      expect(sv.length).toBe(Math.min(rows, cols));
      for (const s of sv) expect(Math.abs(s - 1)).toBeLessThan(1e-3);
    });
  }

  it('reaches unit singular values with the default settings from an orthogonal kernel perturbed by training-sized noise', () => {
    const rng = new Random(5);
    const base = orthogonal(64, 64, rng);
    const perturbed = base.map((v) => v * 1.7 + 0.05 * rng.normal());
    const kernel = tf.tensor2d(perturbed, [64, 64]);
    const u = convergedPowerVector(kernel);
    const w = tf.tidy(() => orthonormalKernel(kernel, u, bjorckDefaults, true));
    for (const s of singularValues(w.dataSync(), 64, 64)) expect(Math.abs(s - 1)).toBeLessThan(1e-3);
  });

  it('leaves an orthonormal matrix unchanged', () => {
    const q = orthogonal(16, 16, new Random(3));
    const w = tf.tidy(() => bjorck(tf.tensor2d(q, [16, 16]), bjorckDefaults, true));
    const out = w.dataSync();
    for (let i = 0; i < q.length; i++) expect(Math.abs(out[i] - q[i])).toBeLessThan(1e-5);
  });

  it('lets gradients flow through (the Jacobian is not zero)', () => {
    const kernel = tf.tensor2d(gaussian(8, 8, 4), [8, 8]);
    const u = convergedPowerVector(kernel);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(orthonormalKernel(v as tf.Tensor2D, u, bjorckDefaults, true), tf.linspace(-1, 1, 64).reshape([8, 8]))))(kernel);
    expect(tf.norm(g).dataSync()[0]).toBeGreaterThan(1e-3);
  });
});

/** Björck written as plain tfjs ops, differentiated by tfjs's own autodiff: the reference gradient. */
function referenceBjorck(w: tf.Tensor2D, iterations: number, beta: number): tf.Tensor2D {
  let current = w;
  for (let i = 0; i < iterations; i++) {
    const cubic = tf.matMul(current, tf.matMul(current, current, true, false));
    current = tf.sub(tf.mul(current, 1 + beta), tf.mul(cubic, beta));
  }
  return current;
}

describe('Björck gradient', () => {
  beforeAll(() => useNodeBackend('cpu'));

  for (const [rows, cols] of [[12, 12], [12, 5], [3, 12]] as [number, number][]) {
    it(`equals the autodiff gradient of the plain iteration (${rows}x${cols})`, () => {
      const rng = new Random(rows * cols);
      const w = tf.tensor2d(gaussian(rows, cols, rows + cols), [rows, cols]);
      const scaled = tf.div(w, 1.2 * singularValues(w.dataSync(), rows, cols)[0]) as tf.Tensor2D;
      const upstream = tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
      const cfg = { iterations: 6, tolerance: 0, beta: 0.5, gradientIterations: 0 };
      const objective = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), upstream));
      const ours = tf.grad(objective((x) => bjorck(x, cfg, false)))(scaled);
      const reference = tf.grad(objective((x) => referenceBjorck(x, cfg.iterations, cfg.beta)))(scaled);
      expectClose(bjorck(scaled, cfg, false).dataSync(), referenceBjorck(scaled, cfg.iterations, cfg.beta).dataSync(), 1e-5);
      expectClose(ours.dataSync(), reference.dataSync(), 1e-4);
    });
  }
});

describe('Björck gradient through the last iterations only (gradientIterations)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  const scaledGaussian = (rows: number, cols: number, seed: number) => {
    const w = tf.tensor2d(gaussian(rows, cols, seed), [rows, cols]);
    return tf.div(w, 1.2 * singularValues(w.dataSync(), rows, cols)[0]) as tf.Tensor2D;
  };
  const gradientOf = (x: tf.Tensor2D, upstream: tf.Tensor, cfg: BjorckConfig) =>
    tf.grad((v: tf.Tensor) => tf.sum(tf.mul(bjorck(v as tf.Tensor2D, cfg, false), upstream)))(x).dataSync();

  it('gives the same forward result whatever the number of differentiated iterations', () => {
    const x = scaledGaussian(20, 12, 1);
    const exact = bjorck(x, { ...bjorckDefaults, gradientIterations: 0 }, true).dataSync();
    // 20 x 12 is tall enough for the Gram-side path at k >= 1: the same iterations, other float rounding.
    for (const k of [1, 2, 5]) expectClose(bjorck(x, { ...bjorckDefaults, gradientIterations: k }, true).dataSync(), exact, 1e-5);
  });

  it('is the exact gradient when k covers every iteration run', () => {
    const x = scaledGaussian(12, 12, 2);
    const upstream = tf.tensor2d(gaussian(12, 12, 3), [12, 12]);
    const reference = gradientOf(x, upstream, { iterations: 6, tolerance: 0, beta: 0.5, gradientIterations: 0 });
    for (const k of [6, 10]) expect(Array.from(gradientOf(x, upstream, { iterations: 6, tolerance: 0, beta: 0.5, gradientIterations: k }))).toEqual(Array.from(reference));
    // Fewer exact iterations give a different (approximate) gradient: the option is not a no-op.
    const truncated = gradientOf(x, upstream, { iterations: 6, tolerance: 0, beta: 0.5, gradientIterations: 1 });
    expect(Math.max(...truncated.map((g, i) => Math.abs(g - reference[i])))).toBeGreaterThan(1e-3);
  });

  it('stays close to the exact gradient (cosine > 0.95, norm within 10%) on kernels shaped by training', async () => {
    // The gradient of the loss with respect to every kernel, truncated (default k) against exact (k = 0).
    const config = DEFAULT_CONFIG.model;
    expect(config.bjorck.gradientIterations).toBeGreaterThan(0);
    const { model, x, y } = trainedDefaultNet();
    const kernels = model.layers.map((l) => l.kernel);
    const powerVectors = kernels.map((k) => convergedPowerVector(k));
    const lossGradient = (bjorckConfig: BjorckConfig) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          let h: tf.Tensor2D = x;
          model.layers.forEach((layer, i) => {
            const w = layer.kind === 'spectral' ? orthonormalKernel(layer.kernel, powerVectors[i], bjorckConfig, true) : layer.weight();
            h = tf.add(tf.matMul(h, w), layer.bias);
            if (i < model.layers.length - 1) h = applyActivation(config.activation, h);
          });
          return tauBceLoss(tf.reshape(h, [-1]) as tf.Tensor1D, y, 10);
        }, kernels);
        return tf.concat(kernels.map((k) => tf.reshape(grads[k.name], [-1]))).dataSync();
      });
    expectGradientClose(lossGradient(config.bjorck), lossGradient({ ...config.bjorck, gradientIterations: 0 })); // cosine 0.973 when written
    model.dispose();
  }, 60_000);

  it('stays close to the exact gradient as the layers compute it on wasm (sigma constant, scaled schedule)', () => {
    const config = DEFAULT_CONFIG.model;
    const { model, x, y } = trainedDefaultNet();
    // The same kernels in a net whose gradient is exact: sigma differentiable, every Björck iteration exact.
    const exactModel = buildModel({ ...config, bjorck: { ...config.bjorck, gradientIterations: 0 } }, { seed: 3, checkTolerance: true });
    exactModel.trainableVariables().forEach((v, i) => v.assign(model.trainableVariables()[i]));
    for (let i = 0; i < 50; i++) {
      exactModel.invalidate();
      exactModel.refreshPowerVectors();
    }
    const gradient = (m: Mlp) =>
      tf.tidy(() => {
        const kernels = m.layers.map((l) => l.kernel);
        const { grads } = tf.variableGrads(() => tauBceLoss(m.forwardTrainable(x), y, 10), kernels);
        return tf.concat(kernels.map((k) => tf.reshape(grads[k.name], [-1]))).dataSync();
      });
    expectGradientClose(gradient(model), gradient(exactModel));
    model.dispose();
    exactModel.dispose();
  }, 60_000);
});

/** The default 2-64-64-64-1 net trained 300 steps (tau-bce 10) on a wavy two-class problem, with its data. */
function trainedDefaultNet(): { model: Mlp; x: tf.Tensor2D; y: tf.Tensor1D } {
  const model = buildModel(DEFAULT_CONFIG.model, { seed: 3, checkTolerance: true });
  const rng = new Random(4);
  const xy = Float32Array.from({ length: 2 * 512 }, () => rng.uniform(-2, 2));
  const labels = Float32Array.from({ length: 512 }, (_, i) => (xy[2 * i + 1] > Math.sin(2 * xy[2 * i]) ? 1 : -1));
  const x = tf.tensor2d(xy, [512, 2]);
  const y = tf.tensor1d(labels);
  const optimizer = tf.train.adam(0.01);
  for (let step = 0; step < 300; step++) {
    tf.tidy(() => {
      model.refreshPowerVectors();
      optimizer.minimize(() => tauBceLoss(model.forwardTrainable(x), y, 10), false, model.trainableVariables());
    });
    model.invalidate();
  }
  return { model, x, y };
}

/** An approximate gradient within cosine 0.95 and 10% in norm of the exact one. */
function expectGradientClose(approximate: ArrayLike<number>, exact: ArrayLike<number>): void {
  let dot = 0, exactSq = 0, approximateSq = 0;
  for (let i = 0; i < exact.length; i++) {
    dot += exact[i] * approximate[i];
    exactSq += exact[i] ** 2;
    approximateSq += approximate[i] ** 2;
  }
  expect(dot / Math.sqrt(exactSq * approximateSq)).toBeGreaterThan(0.95);
  expect(Math.sqrt(approximateSq / exactSq)).toBeGreaterThan(0.9);
  expect(Math.sqrt(approximateSq / exactSq)).toBeLessThan(1.1);
}

describe('power iteration', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('estimates the largest singular value, warm start converging within the default budget', () => {
    const data = gaussian(32, 16, 11);
    const kernel = tf.tensor2d(data, [32, 16]);
    const exact = singularValues(data, 32, 16)[0];
    let u = tf.tensor2d(gaussian(1, 16, 12), [1, 16]);
    // Several training steps' worth of warm-started calls with the default budget (10 iterations each).
    for (let step = 0; step < 20; step++) u = powerIteration(kernel, u, powerDefaults, true);
    const sigma = tf.norm(tf.matMul(u, tf.transpose(kernel))).dataSync()[0];
    expect(Math.abs(sigma - exact) / exact).toBeLessThan(1e-3);
    expect(sigma).toBeLessThanOrEqual(exact * (1 + 1e-6));
  });
});

describe('canCheckTolerance', () => {
  it('lets cpu and wasm stop early and runs fixed counts on GPU and unknown backends', () => {
    expect(canCheckTolerance('cpu')).toBe(true);
    expect(canCheckTolerance('wasm')).toBe(true);
    for (const name of ['webgl', 'webgpu', 'tensorflow', '']) expect(canCheckTolerance(name)).toBe(false);
  });
});
