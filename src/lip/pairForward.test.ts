import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG } from '../core/config';
import { boxPoints, expectClose } from '../testing/support';
import { buildModel } from './model';

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
        model.dispose();
      });
    }
  }
});
