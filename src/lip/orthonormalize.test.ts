import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { Random } from '../core/random';
import { DEFAULT_CONFIG } from '../core/config';
import { orthogonal } from './init';
import { expectClose } from '../testing/support';
import { singularValues } from './linalg';
import { bjorck, canCheckTolerance, orthonormalKernel, powerIteration } from './orthonormalize';

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
      const cfg = { iterations: 6, tolerance: 0, beta: 0.5 };
      const objective = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), upstream));
      const ours = tf.grad(objective((x) => bjorck(x, cfg, false)))(scaled);
      const reference = tf.grad(objective((x) => referenceBjorck(x, cfg.iterations, cfg.beta)))(scaled);
      expectClose(bjorck(scaled, cfg, false).dataSync(), referenceBjorck(scaled, cfg.iterations, cfg.beta).dataSync(), 1e-5);
      expectClose(ours.dataSync(), reference.dataSync(), 1e-4);
    });
  }
});

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
