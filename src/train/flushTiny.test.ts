import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { flushTinyGradient } from './flushTiny';

describe('flushTinyGradient', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('is the identity forward; backward it drops subnormal-sized entries and keeps the rest exactly', async () => {
    const x = tf.tensor1d([1, -2, 3, 4]);
    const weights = tf.tensor1d([0.5, 1e-39, -3e-31, 2]);
    const [value, grad] = tf.tidy(() => {
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(flushTinyGradient(v as tf.Tensor1D), weights)))(x);
      return [flushTinyGradient(x), g];
    });
    expect(Array.from(await value.data())).toEqual([1, -2, 3, 4]);
    expect(Array.from(await grad.data())).toEqual([0.5, 0, 0, 2]);
    tf.dispose([x, weights, value, grad]);
  });
});
