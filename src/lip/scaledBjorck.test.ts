import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { Random } from '../core/random';
import { DEFAULT_CONFIG } from '../core/config';
import { singularValues } from './linalg';
import { bjorck, scaledBjorckSchedule, SPECTRAL_EPS } from './orthonormalize';
import { HostSpectralState } from './hostSpectral';
import { expectClose } from '../testing/support';
import { withSpectrum } from '../testing/spectrum';

const bjorckDefaults = DEFAULT_CONFIG.model.bjorck;

function cubic(x: number): number {
  return 1.5 * x - 0.5 * x ** 3;
}

/** Number of matrix products in one forward Björck run (two per iteration, whatever the schedule). */
async function productsIn(run: () => void): Promise<number> {
  const profile = await tf.profile(() => tf.tidy(run));
  return profile.kernels.filter((k) => k.name === 'BatchMatMul').length;
}

describe('the scaled Björck schedule', () => {
  it('keeps every singular value of (0, 1.2] in (0, 1] and those above the bound above each predicted bound', () => {
    for (const bound of [0.001, 0.02, 0.05, 0.1, 0.3, 0.6]) {
      const schedule = scaledBjorckSchedule(bound);
      expect(schedule.length, `bound ${bound}`).toBeGreaterThan(0);
      expect(schedule.length, `bound ${bound}`).toBeLessThanOrEqual(10);
      for (const { alpha } of schedule) expect(alpha).toBeGreaterThan(1);
      for (let i = 1; i < schedule.length; i++) expect(schedule[i].bound).toBeGreaterThan(schedule[i - 1].bound);
      expect(schedule[schedule.length - 1].bound).toBeGreaterThan(1 - 1e-3);
      for (let s0 = 0.0005; s0 <= 1.2; s0 += 0.0005) {
        let s = s0;
        for (const { alpha, bound: predicted } of schedule) {
          s = cubic(alpha * s);
          expect(s, `bound ${bound}, s0 ${s0}`).toBeGreaterThan(0);
          expect(s, `bound ${bound}, s0 ${s0}`).toBeLessThanOrEqual(1 + 1e-12);
          if (s0 >= Math.max(bound, 0.02)) expect(s).toBeGreaterThanOrEqual(predicted - 1e-12);
        }
      }
    }
  });

  it('is empty when the bound is near 1 (Björck alone is as fast there)', () => {
    expect(scaledBjorckSchedule(0.95)).toEqual([]);
    expect(scaledBjorckSchedule(1)).toEqual([]);
  });

  it('grows small singular values faster than Björck: 0.09 reaches 1 in 6 scaled iterations, in 9 of Björck\'s', () => {
    const steps = (alphas: number[]) => {
      let s = 0.09;
      let k = 0;
      while (1 - s > 1e-4 && k < 50) s = cubic((alphas[k++] ?? 1) * s);
      return k;
    };
    expect(steps(scaledBjorckSchedule(0.09).map((x) => x.alpha))).toBeLessThanOrEqual(6);
    expect(steps([])).toBe(9);
  });
});

describe('Björck with the scaled schedule', () => {
  beforeAll(() => useNodeBackend('wasm'));

  const shapes: [number, number][] = [[64, 64], [256, 128], [128, 64], [2, 64], [64, 32]];
  for (const [rows, cols] of shapes) {
    it(`reaches the same orthonormal matrix as Björck alone, in fewer products (${rows}x${cols})`, async () => {
      const smallest = 0.08;
      const w = withSpectrum(rows, cols, smallest, rows + cols);
      // The exact gradient keeps every shape on the tall form, whose products count its iterations (the
      // truncated gradient runs tall kernels on the Gram side with the estimate, gramBjorck.test.ts).
      const cfg = { ...bjorckDefaults, iterations: 30, gradientIterations: 0 };
      const plain = tf.tidy(() => bjorck(w, cfg, true).dataSync());
      const scaled = tf.tidy(() => bjorck(w, cfg, true, smallest).dataSync());
      for (const s of singularValues(scaled, rows, cols)) expect(Math.abs(s - 1)).toBeLessThan(1e-3);
      // Both stop within the tolerance (1e-3 in Frobenius norm) of the same polar factor.
      expectClose(scaled, plain, 2e-3);
      const plainProducts = await productsIn(() => void bjorck(w, cfg, true).dataSync());
      const scaledProducts = await productsIn(() => void bjorck(w, cfg, true, smallest).dataSync());
      expect(scaledProducts).toBeLessThan(plainProducts - 4); // at least two iterations fewer
    });
  }

  it('still converges to the same matrix when the bound is wrong (5x too high, 20x too low)', () => {
    const w = withSpectrum(64, 64, 0.05, 7);
    const cfg = { ...bjorckDefaults, iterations: 30 };
    const plain = tf.tidy(() => bjorck(w, cfg, true).dataSync());
    for (const bound of [0.25, 0.0025]) {
      const scaled = tf.tidy(() => bjorck(w, cfg, true, bound).dataSync());
      for (const s of singularValues(scaled, 64, 64)) expect(Math.abs(s - 1)).toBeLessThan(1e-3);
      expectClose(scaled, plain, 2e-3);
    }
  });

  it('is not used where convergence is not read back (GPU backends run Björck alone, fixed counts)', async () => {
    const w = withSpectrum(32, 32, 0.1, 8);
    const cfg = { ...bjorckDefaults, iterations: 12 };
    const plain = tf.tidy(() => bjorck(w, cfg, false).dataSync());
    expect(tf.tidy(() => bjorck(w, cfg, false, 0.1).dataSync())).toEqual(plain);
  });
});

describe('the scaled schedule\'s gradient', () => {
  beforeAll(() => useNodeBackend('cpu'));

  /** The scaled iterations then Björck's, as plain ops differentiated by tfjs's autodiff. */
  function referenceScaled(w: tf.Tensor2D, alphas: number[], iterations: number): tf.Tensor2D {
    let current = w;
    for (let i = 0; i < iterations; i++) {
      const alpha = alphas[i] ?? 1;
      const cubicTerm = tf.matMul(current, tf.matMul(current, current, true, false));
      current = tf.sub(tf.mul(current, 1.5 * alpha), tf.mul(cubicTerm, 0.5 * alpha ** 3));
    }
    return current;
  }

  for (const [rows, cols] of [[12, 12], [12, 5], [3, 12]] as [number, number][]) {
    it(`is the exact gradient of the scaled iteration with gradientIterations 0 (${rows}x${cols})`, () => {
      const rng = new Random(rows * 31 + cols);
      const w = withSpectrum(rows, cols, 0.1, rows * cols);
      const upstream = tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
      // tolerance 0: every iteration runs, so the two compute the same sequence.
      const cfg = { iterations: 8, tolerance: 0, beta: 0.5, gradientIterations: 0 };
      const alphas = scaledBjorckSchedule(0.1).map((s) => s.alpha);
      const wide = rows < cols;
      const reference = (x: tf.Tensor2D) => (wide ? tf.transpose(referenceScaled(tf.transpose(x), alphas, 8)) : referenceScaled(x, alphas, 8)) as tf.Tensor2D;
      const objective = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), upstream));
      expectClose(bjorck(w, cfg, true, 0.1).dataSync(), reference(w).dataSync(), 1e-5);
      expectClose(tf.grad(objective((x) => bjorck(x, cfg, true, 0.1)))(w).dataSync(), tf.grad(objective(reference))(w).dataSync(), 1e-4);
    });
  }
});

describe('the host-side power iteration (HostSpectralState)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const [rows, cols] of [[64, 64], [256, 128], [2, 64], [32, 64]] as [number, number][]) {
    it(`estimates the largest and smallest singular values, warm-started (${rows}x${cols})`, () => {
      const rng = new Random(rows + 3 * cols);
      const data = Float32Array.from({ length: rows * cols }, () => rng.normal());
      const kernel = tf.tensor2d(data, [rows, cols]);
      const exact = singularValues(data, rows, cols);
      const largest = exact[0];
      const smallest = exact[exact.length - 1] / (largest + SPECTRAL_EPS);
      const state = new HostSpectralState(rows, cols, Float32Array.from({ length: cols }, () => rng.normal()), SPECTRAL_EPS);
      // Each refresh is one training step's worth (default power budget); the kernel is held fixed here.
      const estimates: number[] = [];
      for (let step = 0; step < 300; step++) {
        state.refresh(kernel, DEFAULT_CONFIG.model.power);
        expect(state.sigma!).toBeLessThanOrEqual(largest * (1 + 1e-5));
        estimates.push(state.smallest!);
      }
      expect(Math.abs(state.sigma! - largest) / largest).toBeLessThan(1e-3);
      // Never below the true smallest singular value once sigma has converged; close to it after warm-up.
      for (const e of estimates.slice(20)) expect(e).toBeGreaterThanOrEqual(smallest * (1 - 1e-3));
      // A Gaussian square kernel's smallest singular values crowd near 0, where one power step a refresh
      // separates them slowly; an estimate a few hundredths high costs at most an iteration.
      expect(state.smallest!).toBeLessThan(Math.max(1.5 * smallest, smallest + 0.05));
      kernel.dispose();
    });
  }

  it('keeps its vectors and reports sigma NaN for a kernel with NaN, then recovers', () => {
    const state = new HostSpectralState(4, 4, new Float32Array([1, 0, 0, 0]), SPECTRAL_EPS);
    const good = tf.eye(4) as tf.Tensor2D;
    state.refresh(good, DEFAULT_CONFIG.model.power);
    const u = state.powerVector();
    state.refresh(tf.fill([4, 4], Number.NaN) as tf.Tensor2D, DEFAULT_CONFIG.model.power);
    expect(state.sigma).toBeNaN();
    expect(state.powerVector()).toEqual(u);
    state.refresh(good, DEFAULT_CONFIG.model.power);
    expect(state.sigma!).toBeCloseTo(1, 5);
  });
});
