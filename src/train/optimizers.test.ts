import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { Random } from '../core/random';
import { ADAM_EPSILON, FlatAdam, makeOptimizer } from './optimizers';

/** Variables of several shapes (a kernel, a bias, a row) with seeded values. */
function makeVariables(seed: number): tf.Variable[] {
  const rng = new Random(seed);
  const values = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  return [
    tf.variable(tf.tensor2d(values(12), [4, 3])),
    tf.variable(tf.tensor1d(values(3))),
    tf.variable(tf.tensor2d(values(5), [1, 5])),
  ];
}

/** A loss whose gradients differ in scale per variable, so Adam's per-coordinate scaling matters. */
function loss(vars: tf.Variable[]): tf.Scalar {
  return tf.addN(vars.map((v, i) => tf.mul(tf.sum(tf.pow(tf.sub(v, 0.3 * i), 4)), 10 ** (i - 1)))) as tf.Scalar;
}

function train(vars: tf.Variable[], apply: (grads: tf.NamedTensorMap) => void, steps: number): void {
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => loss(vars), vars);
      apply(grads);
    });
  }
}

describe('FlatAdam', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it("follows tf.train.adam's trajectory to float rounding, also after a learning-rate change", () => {
    const ours = makeVariables(1);
    const reference = makeVariables(1);
    const flat = new FlatAdam(ours, 0.05);
    const tfjs = tf.train.adam(0.05, 0.9, 0.999, ADAM_EPSILON);
    train(ours, (g) => flat.applyGradients(g), 30);
    train(reference, (g) => tfjs.applyGradients(g as Parameters<typeof tfjs.applyGradients>[0]), 30);
    flat.setLearningRate(0.01);
    (tfjs as unknown as { learningRate: number }).learningRate = 0.01; // what Trainer did before FlatAdam
    train(ours, (g) => flat.applyGradients(g), 30);
    train(reference, (g) => tfjs.applyGradients(g as Parameters<typeof tfjs.applyGradients>[0]), 30);
    ours.forEach((v, i) => {
      const a = v.dataSync();
      const b = reference[i].dataSync();
      const start = makeVariables(1)[i].dataSync();
      for (let j = 0; j < a.length; j++) {
        expect(Math.abs(a[j] - b[j])).toBeLessThan(1e-5 * (1 + Math.abs(b[j])));
        expect(Math.abs(b[j] - start[j])).toBeGreaterThan(1e-3); // every coordinate moved: the test has teeth
      }
    });
  });

  it('keeps its tensor count flat over many steps and frees its moments on dispose', () => {
    const vars = makeVariables(2);
    const before = tf.memory().numTensors;
    const optimizer = makeOptimizer('adam', 0.01, vars);
    train(vars, (g) => optimizer.applyGradients(g), 5);
    const during = tf.memory().numTensors;
    train(vars, (g) => optimizer.applyGradients(g), 50);
    expect(tf.memory().numTensors).toBe(during);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sgd moves each variable by -lr times its gradient', () => {
    const vars = makeVariables(3);
    const start = vars.map((v) => v.dataSync().slice());
    const grads = tf.tidy(() => tf.variableGrads(() => loss(vars), vars).grads);
    const sgd = makeOptimizer('sgd', 0.1, vars);
    sgd.applyGradients(grads);
    vars.forEach((v, i) => {
      const g = grads[v.name].dataSync();
      v.dataSync().forEach((x, j) => expect(x).toBeCloseTo(start[i][j] - 0.1 * g[j], 5));
    });
  });
});
