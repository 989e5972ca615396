import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../backend/node';
import { Random } from '../../core/random';
import { gaussJordanInverse, inverse, newtonSchulzInverse, NEWTON_SCHULZ_ITERATIONS } from './inverse';

/** max |X Y - I| over the entries, in float64. */
function identityError(x: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += x[i * n + k] * y[k * n + j];
      worst = Math.max(worst, Math.abs(v - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/** X = I + A as in the Cayley layer: A = U - U^T + V^T V from a random m x n kernel of entry scale s. */
function cayleyMatrix(n: number, m: number, s: number, seed: number): Float32Array {
  const rng = new Random(seed);
  const k = Array.from({ length: m * n }, () => s * rng.normal());
  const x = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = (i === j ? 1 : 0) + k[i * n + j] - k[j * n + i];
      for (let r = n; r < m; r++) v += k[r * n + i] * k[r * n + j];
      x[i * n + j] = v;
    }
  }
  return x;
}

function gaussian(n: number, seed: number): Float64Array {
  const rng = new Random(seed);
  return Float64Array.from({ length: n * n }, () => rng.normal());
}

describe('Gauss-Jordan inverse (float64 JS)', () => {
  for (const n of [1, 2, 7, 64, 128]) {
    it(`gives X X^-1 = I and X^-1 X = I to 1e-10 for a Gaussian ${n} x ${n} matrix`, () => {
      const x = gaussian(n, n);
      const y = gaussJordanInverse(x, n);
      expect(identityError(x, y, n)).toBeLessThan(1e-10);
      expect(identityError(y, x, n)).toBeLessThan(1e-10);
    });
  }

  it('pivots: inverts a matrix with zeros on its diagonal (a permutation times a scale)', () => {
    // [[0, 2, 0], [0, 0, 3], [4, 0, 0]]: no elimination without row swaps
    const x = [0, 2, 0, 0, 0, 3, 4, 0, 0];
    expect(Array.from(gaussJordanInverse(x, 3))).toEqual([0, 0, 0.25, 0.5, 0, 0, 0, 1 / 3, 0]);
  });

  it('refuses a singular matrix, naming its size', () => {
    expect(() => gaussJordanInverse([1, 2, 2, 4], 2)).toThrow(/2 x 2 matrix is singular/);
  });
});

describe('the differentiable inverse (tfjs)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const checkTolerance of [true, false]) {
    const path = checkTolerance ? 'elimination (cpu/wasm)' : `Newton-Schulz, ${NEWTON_SCHULZ_ITERATIONS} fixed iterations (GPU)`;
    for (const [n, m, s] of [[2, 64, 1], [64, 64, 0.2], [64, 64, 2], [128, 128, 1], [32, 64, 1]] as const) {
      it(`by ${path}: X X^-1 = I to 1e-5 for the Cayley matrix I + A of a ${m} x ${n} kernel (entries ~ ${s})`, () => {
        const x = cayleyMatrix(n, m, s, n + m);
        const y = tf.tidy(() => inverse(tf.tensor2d(x, [n, n]), checkTolerance).dataSync());
        expect(identityError(x, y, n)).toBeLessThan(1e-5);
      });
    }
  }

  it('Newton-Schulz with a convergence check stops early at the same accuracy', () => {
    const x = cayleyMatrix(64, 64, 0.2, 5);
    const y = tf.tidy(() => newtonSchulzInverse(tf.tensor2d(x, [64, 64]), 60, 1e-5).dataSync());
    expect(identityError(x, y, 64)).toBeLessThan(1e-5);
  });

  it('refuses a non-square matrix', () => {
    expect(() => tf.tidy(() => inverse(tf.zeros([2, 3]) as tf.Tensor2D, true))).toThrow(/2 x 3, not square/);
  });

  for (const checkTolerance of [true, false]) {
    it(`has the gradient of central finite differences of a float64 reference (${checkTolerance ? 'elimination' : 'Newton-Schulz'})`, () => {
      // L(X) = sum(C * X^-1): tfjs's gradient against (L(X + h E_ij) - L(X - h E_ij)) / 2h computed in float64.
      const n = 6;
      const x = cayleyMatrix(n, 9, 0.7, 11);
      const c = gaussian(n, 12);
      const loss = (m: ArrayLike<number>) => gaussJordanInverse(m, n).reduce((acc, v, i) => acc + v * c[i], 0);
      const grad = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(inverse(v as tf.Tensor2D, checkTolerance), tf.tensor2d(Float32Array.from(c), [n, n]))))(tf.tensor2d(x, [n, n])).dataSync());
      const h = 1e-6;
      let scale = 0;
      for (const g of grad) scale = Math.max(scale, Math.abs(g));
      for (let i = 0; i < n * n; i++) {
        const plus = Float64Array.from(x);
        const minus = Float64Array.from(x);
        plus[i] += h;
        minus[i] -= h;
        const fd = (loss(plus) - loss(minus)) / (2 * h);
        expect(Math.abs(grad[i] - fd), `entry ${i}`).toBeLessThan(1e-5 * scale);
      }
    });
  }

  it('leaks no tensors, forward and backward', () => {
    const x = tf.tensor2d(cayleyMatrix(8, 8, 1, 3), [8, 8]);
    const before = tf.memory().numTensors;
    for (const checkTolerance of [true, false]) {
      tf.tidy(() => {
        tf.grad((v: tf.Tensor) => tf.sum(inverse(v as tf.Tensor2D, checkTolerance)))(x);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
