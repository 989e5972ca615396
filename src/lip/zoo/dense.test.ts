import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../backend/node';
import { Random } from '../../core/random';
import { DEFAULT_CONFIG } from '../../core/config';
import { singularValues } from '../linalg';
import { DenseLayer } from '../layers';
import { initialKernel, kernelShape, parametrisedWeight } from './dense';

type ZooLayer = 'cayley' | 'soc' | 'aol';
const ZOO: ZooLayer[] = ['cayley', 'soc', 'aol'];
// The first layer (2 -> 64), square, narrowing, widening, the input of a maxmin net (128 -> 64), and a wide
// first layer (2 -> 128: SOC sums that thin block term by term).
const SHAPES: [number, number][] = [[2, 64], [64, 64], [64, 32], [32, 64], [128, 64], [2, 128]];
/**
 * Cayley and SOC give all singular values 1 to float32 rounding: measured max |s - 1| <= 1.5e-6 over these
 * shapes and kernels (docs/layers-dense.md); 1e-5 leaves room and still fails any real error.
 */
const UNIT_TOL = 1e-5;

/** A random kernel of the layer's kernel shape: the layer's own initialisation, or Gaussian of std `scale`. */
function randomKernel(layer: ZooLayer, inputs: number, outputs: number, seed: number, scale: number | 'init'): tf.Tensor2D {
  const [rows, cols] = kernelShape(layer, inputs, outputs);
  const rng = new Random(seed);
  const values = scale === 'init' ? initialKernel(layer, inputs, outputs, rng) : Float32Array.from({ length: rows * cols }, () => scale * rng.normal());
  return tf.tensor2d(values, [rows, cols]);
}

function weightOf(layer: ZooLayer, kernel: tf.Tensor2D, inputs: number, outputs: number, checkTolerance = true): Float32Array {
  return tf.tidy(() => parametrisedWeight(layer, kernel, inputs, outputs, checkTolerance).dataSync() as Float32Array);
}

describe('the dense parametrisations of the zoo on random kernels', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const [inputs, outputs] of SHAPES) {
    for (const scale of ['init', 0.3, 3] as const) {
      const what = `${inputs}x${outputs}, ${scale === 'init' ? 'initial kernel' : `Gaussian kernel (std ${scale})`}`;

      it(`cayley and soc: every singular value within ${UNIT_TOL} of 1 (${what})`, () => {
        for (const layer of ['cayley', 'soc'] as const) {
          for (const checkTolerance of layer === 'cayley' ? [true, false] : [true]) {
            const kernel = randomKernel(layer, inputs, outputs, inputs * 100 + outputs, scale);
            const sv = singularValues(weightOf(layer, kernel, inputs, outputs, checkTolerance), inputs, outputs);
            expect(sv.length).toBe(Math.min(inputs, outputs));
            for (const s of sv) expect(Math.abs(s - 1), `${layer}${checkTolerance ? '' : ' (Newton-Schulz)'}: singular value ${s}`).toBeLessThan(UNIT_TOL);
            kernel.dispose();
          }
        }
      });
    }

    it(`aol: spectral norm <= 1 + 1e-6 and not orthogonal (smallest singular value < 0.95) for Gaussian kernels (${inputs}x${outputs})`, () => {
      for (const [seed, scale] of [[1, 0.3], [2, 1], [3, 3]]) {
        const kernel = randomKernel('aol', inputs, outputs, seed, scale);
        const sv = singularValues(weightOf('aol', kernel, inputs, outputs), inputs, outputs);
        expect(Math.max(...sv)).toBeLessThanOrEqual(1 + 1e-6);
        expect(Math.min(...sv)).toBeLessThan(0.95);
        kernel.dispose();
      }
    });
  }

  it('aol: the rescaling acts on the input side (rows of W): W = diag(d) V, d_i = (sum_j |V V^T|_ij)^-1/2', () => {
    // V = [[3, 4], [0, 1]]: V V^T = [[25, 4], [4, 1]], row sums 29 and 5.
    const w = weightOf('aol', tf.tensor2d([3, 4, 0, 1], [2, 2]), 2, 2);
    const expected = [3 / Math.sqrt(29), 4 / Math.sqrt(29), 0, 1 / Math.sqrt(5)];
    expected.forEach((e, i) => expect(w[i]).toBeCloseTo(e, 6));
  });

  it('aol at its orthogonal initialisation is orthogonal when in <= out (the rescaling is the identity)', () => {
    for (const [inputs, outputs] of [[2, 64], [64, 64], [32, 64]]) {
      const kernel = randomKernel('aol', inputs, outputs, 4, 'init');
      expectAllClose(weightOf('aol', kernel, inputs, outputs), kernel.dataSync(), 1e-6);
      kernel.dispose();
    }
  });

  it('cayley: a square skew-only kernel gives (I + A)^-1 (I - A) with A = V - V^T (2 x 2 by hand)', () => {
    // V = [[0, t], [0, 0]]: A = [[0, t], [-t, 0]], Q = (I + A)^-1 (I - A) = [[1 - t^2, -2t], [2t, 1 - t^2]] / (1 + t^2)
    const t = 0.5;
    const w = weightOf('cayley', tf.tensor2d([0, t, 0, 0], [2, 2]), 2, 2);
    const d = 1 + t * t;
    expectAllClose(w, [(1 - t * t) / d, (-2 * t) / d, (2 * t) / d, (1 - t * t) / d], 1e-6);
  });

  it('cayley: the Newton-Schulz path (GPU backends) gives the same weight as elimination to 1e-5', () => {
    for (const [inputs, outputs] of SHAPES) {
      const kernel = randomKernel('cayley', inputs, outputs, 9, 1);
      expectAllClose(weightOf('cayley', kernel, inputs, outputs, false), weightOf('cayley', kernel, inputs, outputs, true), 1e-5);
      kernel.dispose();
    }
  });

  it('soc: the kernel is square, max(in, out), and W is the in x out block of one orthogonal matrix', () => {
    expect(kernelShape('soc', 2, 64)).toEqual([64, 64]);
    expect(kernelShape('soc', 128, 64)).toEqual([128, 128]);
    expect(kernelShape('soc', 64, 2)).toEqual([64, 64]);
    // The same kernel read as a 128 x 128 layer and as 2 x 128, 128 x 64 and 128 x 2 layers: blocks of the
    // same exp(A). 2 x 128 and 128 x 2 are summed term by term on the block, the others by scaling and squaring.
    const kernel = randomKernel('soc', 128, 128, 5, 1);
    const full = weightOf('soc', kernel, 128, 128);
    const block = (inputs: number, outputs: number) => {
      const w = weightOf('soc', kernel, inputs, outputs);
      for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) expect(Math.abs(w[i * outputs + j] - full[i * 128 + j]), `${inputs}x${outputs} [${i}, ${j}]`).toBeLessThan(1e-6);
    };
    block(2, 128);
    block(128, 64);
    block(128, 2);
    kernel.dispose();
  });

  it('soc: exp of a 2 x 2 skew matrix is the rotation by its normalised angle (|A| = 1 here: angle 1 rad)', () => {
    // V = [[0, 2t], [0, 0]]: S = [[0, t], [-t, 0]], |S^2|_inf = t^2, A = S / t, exp(A) = [[cos 1, sin 1], [-sin 1, cos 1]]
    const w = weightOf('soc', tf.tensor2d([0, 1.4, 0, 0], [2, 2]), 2, 2);
    expectAllClose(w, [Math.cos(1), Math.sin(1), -Math.sin(1), Math.cos(1)], 1e-6);
  });

  for (const layer of ZOO) {
    for (const [inputs, outputs] of SHAPES) {
      it(`${layer} ${inputs}x${outputs}: the gradient of <C, W(V)> matches central finite differences along random directions`, () => {
        checkGradient(layer, inputs, outputs);
      });
    }
  }
});

/**
 * tfjs's gradient of L(V) = <C, W(V)> against (L(V + hD) - L(V - hD)) / 2h along the gradient and two
 * random directions D (|D|_F = |V|_F, h = 1e-3). The forwards are float32: the error allowed is 1e-3 |grad| |D|
 * (measured at most 1.9e-4 over these cases; along the gradient the derivative itself is |grad| |D|).
 */
function checkGradient(layer: ZooLayer, inputs: number, outputs: number): void {
  const [rows, cols] = kernelShape(layer, inputs, outputs);
  const rng = new Random(inputs * 31 + outputs);
  const kernel = randomKernel(layer, inputs, outputs, inputs + 7 * outputs, 0.5);
  const c = tf.tensor2d(Float32Array.from({ length: inputs * outputs }, () => rng.normal()), [inputs, outputs]);
  const loss = (v: tf.Tensor2D) => tf.sum(tf.mul(parametrisedWeight(layer, v, inputs, outputs, true), c)) as tf.Scalar;
  const grad = tf.tidy(() => tf.grad((v: tf.Tensor) => loss(v as tf.Tensor2D))(kernel));
  const kernelNorm = tf.tidy(() => tf.norm(kernel).dataSync()[0]);
  const gradNorm = tf.tidy(() => tf.norm(grad).dataSync()[0]);
  expect(gradNorm).toBeGreaterThan(1e-3);
  const directions = [
    tf.tidy(() => tf.mul(grad, kernelNorm / gradNorm)),
    ...[0, 1].map(() => tf.tidy(() => {
      const d = tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
      return tf.mul(d, kernelNorm / tf.norm(d).dataSync()[0]);
    })),
  ];
  const h = 1e-3;
  for (const d of directions) {
    const analytic = tf.tidy(() => tf.sum(tf.mul(grad, d)).dataSync()[0]);
    const plus = tf.tidy(() => loss(tf.add(kernel, tf.mul(d, h)) as tf.Tensor2D).dataSync()[0]);
    const minus = tf.tidy(() => loss(tf.sub(kernel, tf.mul(d, h)) as tf.Tensor2D).dataSync()[0]);
    const fd = (plus - minus) / (2 * h);
    expect(Math.abs(fd - analytic), `${layer}: finite difference ${fd} vs gradient ${analytic}`).toBeLessThan(1e-3 * gradNorm * kernelNorm);
  }
  tf.dispose([kernel, c, grad, ...directions]);
}

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i]), `entry ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
}

describe('a spectral DenseLayer of the zoo', () => {
  beforeAll(() => useNodeBackend('wasm'));
  const settings = (layer: 'bjorck' | ZooLayer) => ({ bjorck: DEFAULT_CONFIG.model.bjorck, power: DEFAULT_CONFIG.model.power, checkTolerance: true, layer });

  it('holds no power-iteration vector except for Björck: two tensors (kernel, bias) instead of three', () => {
    const count = (layer: 'bjorck' | ZooLayer, checkTolerance = true) => {
      const before = tf.memory().numTensors;
      const l = new DenseLayer('spectral', 2, 64, initialKernel(layer, 2, 64, new Random(1)), { ...settings(layer), checkTolerance });
      const held = tf.memory().numTensors - before;
      l.dispose();
      return held;
    };
    // Where read-backs are cheap (wasm, cpu) Björck's power vector lives on the host (hostSpectral.ts).
    expect(count('bjorck', false)).toBe(3);
    expect(count('bjorck', true)).toBe(2);
    for (const layer of ZOO) expect(count(layer), layer).toBe(2);
  });

  it('refreshPowerVector does nothing for the zoo layers: no tensor made, the same weight after', () => {
    for (const layer of ZOO) {
      const l = new DenseLayer('spectral', 64, 32, initialKernel(layer, 64, 32, new Random(2)), settings(layer));
      const before = tf.tidy(() => l.weight().dataSync());
      const tensors = tf.memory().numTensors;
      l.refreshPowerVector();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.tidy(() => l.weight().dataSync())).toEqual(before);
      expect(l.kernel.shape).toEqual(kernelShape(layer, 64, 32));
      l.dispose();
    }
  });
});
