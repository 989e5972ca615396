import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG } from '../core/config';
import { boxPoints, expectClose } from '../testing/support';
import { buildModel } from './model';
import { groupSort2ValueAndGradient, sortedPair } from './pairForward';
import { Random } from '../core/random';

describe('the pair-split groupsort2 forward pass', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const hidden of [[64, 64, 64], [8], [], [2, 16, 4]]) {
    for (const kind of ['lipschitz', 'standard'] as const) {
      it(`equals the plain forward pass, values and input gradients (${kind}, hidden [${hidden}])`, () => {
        const model = buildModel({ ...DEFAULT_CONFIG.model, kind, hidden, lipschitz: 2 }, { seed: 4, checkTolerance: true });
        // Non-zero biases, so their even/odd split is exercised too.
        model.layers.forEach((l, i) => l.bias.assign(tf.linspace(-0.5, 0.5 + i, l.outputs)));
        model.invalidate();
        const x = tf.tensor2d(boxPoints(300, 2, 9), [300, 2]);
        const run = (pairs: boolean) => {
          model.usePairForward = pairs;
          const value = tf.tidy(() => model.predict(x).dataSync());
          const grad = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(model.predict(v as tf.Tensor2D)))(x).dataSync());
          return { value, grad };
        };
        const plain = run(false);
        const pairs = run(true);
        expectClose(pairs.value, plain.value, 1e-5);
        expectClose(pairs.grad, plain.grad, 1e-5);
        // The closed-form input gradient norm equals the norm of autodiff's gradient, scale L included.
        const closed = tf.tidy(() => model.closedFormGradientNorm(x).dataSync());
        const autodiffNorms = Array.from({ length: 300 }, (_, k) => Math.hypot(plain.grad[2 * k], plain.grad[2 * k + 1]));
        expectClose(closed, autodiffNorms, 1e-5);
        // f with the gradient norm from one forward pass: the same f and the same norms.
        const both = tf.tidy(() => model.valueAndGradientNorm(x).dataSync());
        expectClose(Array.from({ length: 300 }, (_, k) => both[2 * k]), plain.value, 1e-5);
        expectClose(Array.from({ length: 300 }, (_, k) => both[2 * k + 1]), autodiffNorms, 1e-5);
        model.dispose();
      });
    }
  }
});

describe('f and its gradient from one forward pass (groupSort2ValueAndGradient)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('gives each point its own f and df/dx, df/dy (autodiff of the plain pass as reference, 1e-5)', () => {
    const model = buildModel({ ...DEFAULT_CONFIG.model, kind: 'standard', hidden: [16, 32, 8] }, { seed: 9, checkTolerance: true });
    model.layers.forEach((l, i) => l.bias.assign(tf.linspace(-1, 1 + i, l.outputs)));
    model.invalidate();
    model.usePairForward = false;
    const x = tf.tensor2d(boxPoints(500, 3, 2), [500, 2]);
    const { f, gradient } = tf.tidy(() => {
      const r = groupSort2ValueAndGradient(x, model.effectiveWeights(), model.layers.map((l) => l.scoreBias()));
      return { f: r.f!.dataSync(), gradient: r.gradient.dataSync() };
    });
    expectClose(f, tf.tidy(() => model.predict(x).dataSync()), 1e-5);
    expectClose(gradient, tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(model.predict(v as tf.Tensor2D)))(x).dataSync()), 1e-5);
    model.dispose();
  });
});

describe('the sorted pair of the inference pass (sortedPair: a - relu(a - c), c + relu(a - c))', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('is (a, c) exactly where a <= c, and the swapped pair within 3 unit roundoffs of the larger where a > c', () => {
    const rng = new Random(11);
    // Magnitudes from 1e-3 to 1e3, signs mixed, a tenth of the pairs tied.
    const n = 4000;
    const values = () => Float32Array.from({ length: n }, () => rng.normal() * 10 ** rng.uniform(-3, 3));
    const a = values();
    const c = values();
    for (let i = 0; i < n; i += 10) c[i] = a[i];
    const { pair, difference } = sortedPair(tf.tensor2d(a, [n / 8, 8]), tf.tensor2d(c, [n / 8, 8]));
    const [lo, hi] = pair.map((t) => t.dataSync());
    const d = difference.dataSync();
    for (let i = 0; i < n; i++) {
      expect(d[i] <= 0).toBe(a[i] <= c[i]); // the masks' test agrees with the comparison
      if (a[i] <= c[i]) {
        expect([lo[i], hi[i]]).toEqual([a[i], c[i]]);
      } else {
        // Two roundings (of a - c, then of the result): at most 3 unit roundoffs of the larger.
        const tolerance = 3 * 2 ** -24 * Math.max(Math.abs(a[i]), Math.abs(c[i]));
        expect(Math.abs(lo[i] - c[i])).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(hi[i] - a[i])).toBeLessThanOrEqual(tolerance);
      }
    }
  });
});
