import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { evaluateField, finiteDifferenceGradientNorms, gradientNorms, type ScalarField } from './field';
import { expectClose, randomPoints, SQUARE2 } from '../testing/support';

/** f(x, y) = 3x - 4y: gradient (3, -4), norm 5 everywhere. */
const linear: ScalarField = (x) => tf.reshape(tf.matMul(x, tf.tensor2d([3, -4], [2, 1])), [-1]);
/** f(x, y) = |x| - 1, the signed distance to the two lines x = +-1: gradient norm 1 off x = 0. */
const twoLines: ScalarField = (x) => tf.reshape(tf.sub(tf.abs(tf.slice(x, [0, 0], [-1, 1])), 1), [-1]);
/** f(p) = |p| - 1, the signed distance to the unit circle: gradient norm 1 off the origin. */
const circle: ScalarField = (x) => tf.sub(tf.sqrt(tf.sum(tf.square(x), 1)), 1);
/** f(x, y) = x^2 + sin y: gradient (2x, cos y). */
const smooth: ScalarField = (x) => {
  const [u, v] = tf.split(x, 2, 1);
  return tf.reshape(tf.add(tf.square(u), tf.sin(v)), [-1]);
};

/** Runs `body` and asserts that it leaves as many tensors alive as before. */
async function expectNoLeak(body: () => Promise<unknown>): Promise<void> {
  const before = tf.memory().numTensors;
  await body();
  expect(tf.memory().numTensors).toBe(before);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// Points away from the kinks at x = 0 and at the origin.
const xy = randomPoints(3, 500, SQUARE2).map((v, k) => (k % 2 === 0 && Math.abs(v) < 0.01 ? v + 0.02 : v));

describe('evaluateField', () => {
  it('returns f at every point, the same for any batch size, without leaking tensors', async () => {
    await expectNoLeak(async () => {
      const whole = await evaluateField(linear, xy);
      const batched = await evaluateField(linear, xy, 7);
      expect(whole.length).toBe(500);
      expect(Array.from(batched)).toEqual(Array.from(whole));
      for (let k = 0; k < 500; k++) expectClose(whole[k], 3 * xy[2 * k] - 4 * xy[2 * k + 1], 1e-5, `f at point ${k}`);
    });
  });

  it('accepts an n x 1 output, returns nothing for no points, and rejects a wrong shape without leaking', async () => {
    await expectNoLeak(async () => {
      const column: ScalarField = (x) => tf.matMul(x, tf.tensor2d([1, 1], [2, 1])) as unknown as tf.Tensor1D;
      expect(Array.from(await evaluateField(column, Float32Array.of(1, 2, 3, 4)))).toEqual([3, 7]);
      expect((await evaluateField(linear, new Float32Array(0))).length).toBe(0);
      const wrong: ScalarField = (x) => tf.reshape(x, [-1]) as tf.Tensor1D;
      await expect(evaluateField(wrong, Float32Array.of(1, 2))).rejects.toThrow(/expected \[1\]/);
      await expect(evaluateField(linear, Float32Array.of(1, 2, 3))).rejects.toThrow(/even/);
    });
  });
});

describe('gradientNorms', () => {
  it('f = 3x - 4y has gradient norm 5 everywhere', async () => {
    await expectNoLeak(async () => {
      const norms = await gradientNorms(linear, xy, 64);
      for (let k = 0; k < norms.length; k++) expectClose(norms[k], 5, 1e-5, `|grad f| at point ${k}`);
    });
  });

  it('the SDFs of two lines (|x| - 1) and of a circle (|p| - 1) have gradient norm 1', async () => {
    await expectNoLeak(async () => {
      for (const field of [twoLines, circle]) {
        const norms = await gradientNorms(field, xy, 100);
        for (let k = 0; k < norms.length; k++) expectClose(norms[k], 1, 1e-5, `|grad f| at point ${k}`);
      }
    });
  });

  it('gives each point its own gradient: f = x^2 + sin y has norm sqrt(4x^2 + cos^2 y)', async () => {
    await expectNoLeak(async () => {
      const norms = await gradientNorms(smooth, xy, 33);
      for (let k = 0; k < norms.length; k++) {
        const expected = Math.hypot(2 * xy[2 * k], Math.cos(xy[2 * k + 1]));
        expectClose(norms[k], expected, 1e-5, `|grad f| at point ${k}`);
      }
    });
  });
});

describe('finiteDifferenceGradientNorms', () => {
  it('agrees with autodiff within O(h^2) on smooth fields', async () => {
    await expectNoLeak(async () => {
      for (const field of [linear, smooth, circle, twoLines]) {
        const auto = await gradientNorms(field, xy);
        const numeric = await finiteDifferenceGradientNorms(field, xy);
        for (let k = 0; k < auto.length; k++) expectClose(numeric[k], auto[k], 2e-3, `point ${k}`);
      }
    });
  });

  it('rejects a non-positive step', async () => {
    await expect(finiteDifferenceGradientNorms(linear, xy, 0)).rejects.toThrow(/h must/);
  });
});
