import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { ACTIVATIONS } from '../core/config';
import { expectClose } from '../testing/support';
import { activationForwardRow } from '../core/mlpJson';
import { applyActivation, fullSort, groupSort2 } from './activations';

describe('activations', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('groupsort2 maps each adjacent pair (a, b) to (min, max)', () => {
    const x = tf.tensor2d([[3, 1, -2, 5], [0, 0, 7, -7]]);
    expect(Array.from(groupSort2(x).dataSync())).toEqual([1, 3, -2, 5, 0, 0, -7, 7]);
  });

  // Widths that use each exchange block (8, 4 and 2 units), with ties, large and tiny magnitudes.
  for (const width of [16, 12, 6, 2]) {
    it(`groupsort2 equals min/max exactly, and routes gradients as min/max do (width ${width})`, () => {
      const rows = 33;
      const values = tf.tidy(() => {
        const base = tf.mul(tf.randomNormal([rows, width], 0, 1, 'float32', width), tf.pow(10, tf.randomUniform([rows, width], -6, 6, 'float32', 7)));
        return tf.concat([base, tf.ones([1, width]), tf.tensor2d([Array.from({ length: width }, (_, i) => (i % 4 < 2 ? 1e30 : -1e-30))])]);
      }) as tf.Tensor2D;
      const pairs = values.reshape([-1, 2]);
      const reference = tf.tidy(() => tf.stack([tf.min(pairs, 1), tf.max(pairs, 1)], 1).reshape([-1, width]));
      expect(Array.from(groupSort2(values).dataSync())).toEqual(Array.from(reference.dataSync()));
      const upstream = tf.randomNormal(values.shape, 0, 1, 'float32', 9);
      const ours = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(groupSort2(v as tf.Tensor2D), upstream)))(values).dataSync();
      const [a, b] = [pairs.slice([0, 0], [-1, 1]).dataSync(), pairs.slice([0, 1], [-1, 1]).dataSync()];
      const u = upstream.reshape([-1, 2]).arraySync() as number[][];
      // Pair in order (a <= b, ties included): identity; otherwise the two gradients are exchanged.
      const expected = u.flatMap(([ua, ub], i) => (a[i] <= b[i] ? [ua, ub] : [ub, ua]));
      expect(Array.from(ours)).toEqual(expected);
    });
  }

  it('groupsort2 rejects an odd width with a clear message', () => {
    expect(() => groupSort2(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(/even.*got 3/);
  });

  it('fullsort sorts every row ascending', () => {
    const x = tf.tensor2d([[3, 1, -2, 5, 0], [9, 8, 7, 6, 5]]);
    expect(Array.from(fullSort(x).dataSync())).toEqual([-2, 0, 1, 3, 5, 5, 6, 7, 8, 9]);
  });

  it('fullsort routes each gradient back to the input it came from', () => {
    const x = tf.tensor2d([[3, 1, -2, 5]]);
    const weights = tf.tensor2d([[10, 20, 30, 40]]); // weight of output position j
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(fullSort(v as tf.Tensor2D), weights)))(x);
    // sorted: -2 (input 2), 1 (input 1), 3 (input 0), 5 (input 3)
    expect(Array.from(g.dataSync())).toEqual([30, 20, 10, 40]);
  });

  it('maxmin doubles the width as [relu(x), relu(-x)]', () => {
    const x = tf.tensor2d([[2, -3]]);
    expect(Array.from(applyActivation('maxmin', x).dataSync())).toEqual([2, 0, 0, 3]);
  });

  for (const name of ACTIVATIONS) {
    it(`${name} is 1-Lipschitz on random pairs and matches its plain-JS forward`, () => {
      const a = tf.randomNormal([200, 6], 0, 2, 'float32', 1) as tf.Tensor2D;
      const b = tf.add(a, tf.randomNormal([200, 6], 0, 0.5, 'float32', 2)) as tf.Tensor2D;
      const fa = applyActivation(name, a);
      const fb = applyActivation(name, b);
      const out = tf.norm(tf.sub(fa, fb), 'euclidean', 1).dataSync();
      const inp = tf.norm(tf.sub(a, b), 'euclidean', 1).dataSync();
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeLessThanOrEqual(inp[i] * (1 + 1e-6) + 1e-6);
      const rows = a.arraySync();
      const plain = rows.flatMap((r) => activationForwardRow(name, r));
      expectClose(fa.dataSync(), plain, 1e-5);
    });
  }

  for (const name of ['groupsort2', 'fullsort'] as const) {
    it(`${name} preserves the norm of backpropagated gradients exactly`, () => {
      const x = tf.randomNormal([50, 8], 0, 1, 'float32', 3) as tf.Tensor2D;
      const upstream = tf.randomNormal([50, 8], 0, 1, 'float32', 4);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(applyActivation(name, v as tf.Tensor2D), upstream)))(x);
      expectClose(tf.norm(g, 'euclidean', 1).dataSync(), tf.norm(upstream, 'euclidean', 1).dataSync(), 1e-5);
    });
  }
});
