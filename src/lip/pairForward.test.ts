import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG } from '../core/config';
import { boxPoints, expectClose } from '../testing/support';
import { buildModel } from './model';
import { groupSort2ValueAndGradient } from './pairForward';

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
