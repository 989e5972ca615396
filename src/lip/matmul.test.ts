import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { expectClose } from '../testing/support';
import { matMul } from './matmul';

describe('matMul with explicit-transpose gradient', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('has the same value and gradients as tf.matMul', () => {
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const weight = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
    const objective = (mm: typeof matMul) => (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(mm(x as tf.Tensor2D, y as tf.Tensor2D), weight));
    const ours = tf.grads(objective(matMul))([a, b]);
    const reference = tf.grads(objective(tf.matMul))([a, b]);
    expectClose(matMul(a, b).dataSync(), tf.matMul(a, b).dataSync(), 1e-5);
    expectClose(ours[0].dataSync(), reference[0].dataSync(), 1e-4);
    expectClose(ours[1].dataSync(), reference[1].dataSync(), 1e-4);
    expect(ours[0].shape).toEqual([5, 7]);
  });
});
