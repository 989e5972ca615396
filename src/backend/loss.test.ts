import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from './node';
import { retireBackend, watchBackend } from './loss';

/**
 * Grows the wasm heap until it cannot grow (it stops at 4 GB): the module aborts, as it did on 4 x 1024
 * with 100,000 points. (One request beyond 4 GB at once is refused without an abort.)
 */
function exhaustWasm(): unknown {
  try {
    tf.tidy(() => {
      let x = tf.ones([30_000, 1024]);
      const all = [];
      for (let i = 0; i < 40; i++) all.push((x = tf.add(x, 1)));
      return tf.addN(all);
    });
  } catch (err) {
    return err;
  }
  return null;
}

describe('a dead backend', () => {
  it('an aborted wasm module is found by its watch, and a retired one comes back fresh', async () => {
    await useNodeBackend('wasm');
    const held = tf.ones([100, 100]);
    const watch = watchBackend('wasm');
    expect(watch.check()).toBeNull();
    const err = exhaustWasm();
    expect(String(err)).toMatch(/Aborted/);
    // Every later call aborts too: the module is dead.
    expect(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()).toThrow(/Aborted/);
    expect(watch.check()).toMatch(/^the wasm module aborted .*out of memory/);

    retireBackend('wasm');
    held.dispose(); // a tensor of the dead module can be let go without calling into it
    await useNodeBackend('wasm');
    const before = tf.memory().numTensors;
    const sum = tf.tidy(() => tf.sum(tf.ones([10, 10])));
    expect((await sum.data())[0]).toBe(100);
    sum.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(watchBackend('wasm').check()).toBeNull();
  });

  it('cpu and a backend without a GPU instance are never reported lost', async () => {
    await useNodeBackend('cpu');
    expect(watchBackend('cpu').check()).toBeNull();
    expect(watchBackend('webgl').check()).toBeNull();
    const lost = await Promise.race([watchBackend('cpu').lost, new Promise((r) => setTimeout(() => r('quiet'), 20))]);
    expect(lost).toBe('quiet');
  });
});
