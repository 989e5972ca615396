import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { Random } from '../core/random';
import { bjorck, scaledBjorckSchedule } from './orthonormalize';
import { singularValues } from './linalg';
import { expectClose } from '../testing/support';
import { withSpectrum } from '../testing/spectrum';
import type { BjorckConfig } from '../core/config';

// Björck's detached iterations on the Gram side (orthonormalize.ts `bjorckGram`), used on wasm and cpu for
// kernels at least 1.5x taller than wide with the truncated gradient: checked here against a plain
// autodiff of the same truncated iteration, and for stopping at the same iteration as the tall form.

/** Identity forward, zero gradient: a detached iteration holds A = a I - b W^T W constant. */
const detach = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;

/** The iteration's coefficients (a, b): the scaled schedule's for `lowerBound`, then Björck's (beta 1/2). */
function coefficients(iterations: number, lowerBound?: number): { a: number; b: number }[] {
  const alphas = lowerBound === undefined ? [] : scaledBjorckSchedule(lowerBound).map((s) => s.alpha);
  return Array.from({ length: iterations }, (_, i) => {
    const alpha = alphas[i] ?? 1;
    return { a: 1.5 * alpha, b: 0.5 * alpha ** 3 };
  });
}

/** Iterates W_1..W_n of W <- W (a I - b W^T W) on a tall W, the first n - k with A detached. */
function referenceIterates(w: tf.Tensor2D, steps: { a: number; b: number }[], exactLast: number): tf.Tensor2D[] {
  const iterates: tf.Tensor2D[] = [];
  let current = w;
  const n = w.shape[1];
  steps.forEach(({ a, b }, i) => {
    let step = tf.sub(tf.mul(tf.eye(n), a), tf.mul(tf.matMul(tf.transpose(current), current), b)) as tf.Tensor2D;
    if (i < steps.length - exactLast) step = detach(step);
    current = tf.matMul(current, step);
    iterates.push(current);
  });
  return iterates;
}

const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x, i) => s + (x - b[i]) ** 2, 0));

describe('Björck with its detached iterations on the Gram side', () => {
  beforeAll(() => useNodeBackend('wasm'));

  const shapes: [number, number][] = [[256, 128], [128, 64], [20, 12], [64, 2], [2, 64]];
  for (const [rows, cols] of shapes) {
    for (const k of [1, 2, 3]) {
      for (const lowerBound of [0.9, 0.1]) {
        it(`gives the truncated iteration's value and gradient (${rows}x${cols}, last ${k} exact, ${lowerBound < 0.8 ? 'scaled schedule' : 'Björck alone'})`, () => {
          const w = withSpectrum(rows, cols, lowerBound, rows * 7 + cols + k, 0.9);
          const rng = new Random(k);
          const upstream = tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
          // tolerance 0: all 7 iterations run, as in the reference.
          const cfg: BjorckConfig = { iterations: 7, tolerance: 0, beta: 0.5, gradientIterations: k };
          const steps = coefficients(7, lowerBound);
          const wide = rows < cols;
          const reference = (x: tf.Tensor2D) => {
            const iterates = referenceIterates(wide ? tf.transpose(x) : x, steps, k);
            const last = iterates[iterates.length - 1];
            return wide ? tf.transpose(last) : last;
          };
          const objective = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), upstream));
          tf.tidy(() => {
            expectClose(bjorck(w, cfg, true, lowerBound).dataSync(), reference(w).dataSync(), 1e-5, 'value');
            const ours = tf.grad(objective((x) => bjorck(x, cfg, true, lowerBound)))(w).dataSync();
            const theirs = tf.grad(objective(reference))(w).dataSync();
            const scale = Math.max(...Array.from(theirs, Math.abs));
            expectClose(ours.map((g) => g / scale), theirs.map((g) => g / scale), 2e-5, 'gradient');
          });
        });
      }
    }
  }

  // The stopping rule: Björck stops at the first checked iteration whose change |W' - W|_F is below the
  // tolerance. The Gram side predicts that iteration and the tall form confirms it, so the result is within
  // the tolerance of the tall form's and orthonormal to it, also when the smallest singular value's
  // estimate is too high (the third case) or the kernel too badly conditioned for the Gram side (the last:
  // the tall form runs).
  const cases: [number, number, number, number][] = [[256, 128, 0.2, 0.2], [96, 8, 0.06, 0.06], [128, 64, 0.06, 0.4], [256, 128, 0.002, 0.002]];
  for (const [rows, cols, smallest, lowerBound] of cases) {
    it(`meets the tall form's stopping rule (${rows}x${cols}, smallest singular value ${smallest}, estimated ${lowerBound})`, () => {
      const w = withSpectrum(rows, cols, smallest, rows + cols, 0.9);
      const cfg: BjorckConfig = { iterations: 40, tolerance: 1e-3, beta: 0.5, gradientIterations: 1 };
      tf.tidy(() => {
        const schedule = scaledBjorckSchedule(lowerBound);
        const iterates = [w, ...referenceIterates(w, coefficients(40, lowerBound), 1)].map((t) => t.dataSync());
        // The tall form checks an iteration unless the schedule predicts it cannot meet the tolerance.
        const checked = (i: number) => !schedule[i] || 1 - schedule[i].bound < 0.1;
        let stop = 1;
        while (stop < 40 && !(checked(stop - 1) && distance(iterates[stop], iterates[stop - 1]) < cfg.tolerance)) stop++;
        expect(stop, 'the reference converges within the cap').toBeLessThan(40);
        const ours = bjorck(w, cfg, true, lowerBound);
        expect(distance(ours.dataSync(), iterates[stop])).toBeLessThan(cfg.tolerance);
        for (const s of singularValues(ours.dataSync(), rows, cols)) expect(Math.abs(s - 1)).toBeLessThan(cfg.tolerance);
        // One more of Björck's steps moves it by less than the tolerance.
        const further = referenceIterates(ours, coefficients(1), 1)[0].dataSync();
        expect(distance(further, ours.dataSync())).toBeLessThan(cfg.tolerance);
      });
    });
  }

  /** The number of square cols x cols by cols x cols products in one forward and backward pass. */
  async function gramProducts(w: tf.Tensor2D, cfg: BjorckConfig, checkTolerance: boolean, lowerBound?: number): Promise<number> {
    const n = Math.min(...w.shape);
    const profile = await tf.profile(() => tf.tidy(() => void tf.grad((x: tf.Tensor) => tf.sum(bjorck(x as tf.Tensor2D, cfg, checkTolerance, lowerBound)))(w).dataSync()));
    const square = (shape: number[]) => shape.length >= 2 && shape[shape.length - 1] === n && shape[shape.length - 2] === n;
    return profile.kernels.filter((k) => k.name === 'BatchMatMul' && k.inputShapes.every((s) => square(s as number[]))).length;
  }

  it('runs only where it pays and is precise: tall kernels, truncated gradient, read-back, estimate >= 0.05', async () => {
    const cfg: BjorckConfig = { iterations: 15, tolerance: 1e-3, beta: 0.5, gradientIterations: 1 };
    const tall = withSpectrum(256, 128, 0.2, 5);
    expect(await gramProducts(tall, cfg, true, 0.2)).toBeGreaterThan(3);
    expect(await gramProducts(tall, cfg, true, 0.02), 'a badly conditioned kernel').toBe(0);
    expect(await gramProducts(tall, cfg, true), 'no estimate').toBe(0);
    expect(await gramProducts(tall, cfg, false, 0.2), 'no read-back (GPU backends)').toBe(0);
    expect(await gramProducts(tall, { ...cfg, gradientIterations: 0 }, true, 0.2), 'the exact gradient').toBe(0);
    expect(await gramProducts(withSpectrum(80, 64, 0.2, 6), cfg, true, 0.2), 'a kernel under 1.5x taller than wide').toBe(0);
  });

  it('keeps no tensor after a value-and-gradient pass', () => {
    const w = withSpectrum(128, 64, 0.1, 1);
    const before = tf.memory().numTensors;
    tf.tidy(() => void tf.grad((x: tf.Tensor) => tf.sum(bjorck(x as tf.Tensor2D, { iterations: 15, tolerance: 1e-3, beta: 0.5, gradientIterations: 1 }, true, 0.2)))(w));
    expect(tf.memory().numTensors).toBe(before);
  });
});
