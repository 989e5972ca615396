import * as tf from '@tensorflow/tfjs';
import type { ActivationName, BjorckConfig } from '../core/config';
import { applyActivation } from './activations';
import type { DenseKind } from './layers';
import { SPECTRAL_EPS } from './orthonormalize';

/**
 * N models of one shape as ONE computation: every weight stacked along a leading model axis
 * ([N, in, out] kernels, [N, out] biases), every product a batched matMul. Used to train the models of a
 * comparison in lockstep on GPU backends (train/lockstep.ts), where a batched product costs about what one
 * product does, so N models cost far less than N times one.
 *
 * The maths is the fixed-count path of the single-model code (orthonormalize.ts, layers.ts, model.ts as
 * run with `checkTolerance` false): power iteration, sigma = |u V^T|, Björck with its gradient exact through
 * the last `gradientIterations` iterations and detached before, the Frobenius head, the forward pass. Each
 * slice along the model axis computes what that model alone would; lockstep.test.ts holds the two together.
 * No host read-backs here, so no early stopping and no scaled schedule (those are the wasm and cpu path).
 */

/** Transposes each model's matrix: [N, r, c] -> [N, c, r]. */
function transposeEach<T extends tf.Tensor3D>(x: T): T {
  return tf.transpose(x, [0, 2, 1]) as T;
}

/** Each model's Frobenius norm of [N, r, c] as [N, 1, 1]. */
function normEach(x: tf.Tensor3D): tf.Tensor3D {
  return tf.sqrt(tf.sum(tf.square(x), [1, 2], true)) as tf.Tensor3D;
}

/**
 * Fixed-count power iteration for each model's largest singular value: u <- normalise((u V^T) V), u
 * [N, 1, out], V [N, in, out]. The result is a constant (no gradient), as `powerIteration`'s.
 */
export function batchedPowerIteration(kernel: tf.Tensor3D, u: tf.Tensor3D, iterations: number): tf.Tensor3D {
  return tf.tidy(() => {
    const kernelT = transposeEach(kernel);
    let current = u;
    for (let i = 0; i < iterations; i++) {
      const v = tf.matMul(tf.matMul(current, kernelT), kernel);
      current = tf.div(v, tf.add(normEach(v as tf.Tensor3D), 1e-12));
    }
    return current === u ? tf.clone(u) : current;
  });
}

/**
 * Björck on each model's tall or square W ([N, rows, cols], rows >= cols), `iterations` steps
 * W <- W A, A = (1 + beta) I - beta W^T W, as one op whose gradient is exact through the last
 * `gradientIterations` (all when 0) and detached (W^T W held constant: G <- G A) before: `bjorckTall`'s.
 */
function batchedBjorckTall(cfg: BjorckConfig): (w: tf.Tensor3D) => tf.Tensor3D {
  const a = 1 + cfg.beta;
  const b = cfg.beta;
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w0, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const cols = w0.shape[2];
    const identity = tf.mul(tf.eye(cols), a);
    const steps: { w: tf.Tensor3D; a: tf.Tensor3D }[] = [];
    let current = w0;
    for (let i = 0; i < cfg.iterations; i++) {
      const step = tf.sub(identity, tf.mul(tf.matMul(transposeEach(current), current), b)) as tf.Tensor3D;
      steps.push({ w: current, a: step });
      current = tf.matMul(current, step);
    }
    const exactFrom = cfg.gradientIterations > 0 ? steps.length - cfg.gradientIterations : 0;
    save(steps.flatMap((s, i) => (i >= exactFrom ? [s.w, s.a] : [s.a])));
    return {
      value: current,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        let g = dy as tf.Tensor3D;
        let end = saved.length; // read back to front, one iteration at a time
        for (let i = steps.length - 1; i >= 0; i--) {
          if (i >= exactFrom) {
            const [w, step] = saved.slice(end - 2, end) as tf.Tensor3D[];
            end -= 2;
            // dL/dW = G A - b W (S + S^T), S = W^T G
            const s = tf.matMul(transposeEach(w), g) as tf.Tensor3D;
            const symmetric = tf.add(s, transposeEach(s)) as tf.Tensor3D;
            g = tf.sub(tf.matMul(g, step), tf.mul(tf.matMul(w, symmetric), b));
          } else {
            end -= 1;
            g = tf.matMul(g, saved[end] as tf.Tensor3D);
          }
        }
        return [g];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (w: tf.Tensor3D) => tf.Tensor3D;
}

/** Björck on each model's W, a wide one ([N, r, c], r < c) as its transpose (`bjorck`'s rule). */
export function batchedBjorck(w: tf.Tensor3D, cfg: BjorckConfig): tf.Tensor3D {
  if (cfg.iterations === 0) return w;
  const wide = w.shape[1] < w.shape[2];
  const result = batchedBjorckTall(cfg)(wide ? transposeEach(w) : w);
  return wide ? transposeEach(result) : result;
}

/**
 * Each model's effective kernel Björck(V / (sigma + eps)), sigma = |u V^T| differentiable in V (u
 * constant): `orthonormalKernel` on the fixed-count path.
 */
export function batchedOrthonormalKernel(kernel: tf.Tensor3D, u: tf.Tensor3D, cfg: BjorckConfig): tf.Tensor3D {
  const sigma = normEach(tf.matMul(u, transposeEach(kernel)));
  return batchedBjorck(tf.div(kernel, tf.add(sigma, SPECTRAL_EPS)), cfg);
}

/** Each model's head kernel with each output column divided by its norm (`frobeniusKernel`). */
export function batchedFrobeniusKernel(kernel: tf.Tensor3D): tf.Tensor3D {
  if (kernel.shape[2] === 1) return tf.div(kernel, tf.add(normEach(kernel), 1e-12));
  return tf.div(kernel, tf.add(tf.sqrt(tf.sum(tf.square(kernel), 1, true)), 1e-12));
}

/** One stacked dense layer: what `DenseLayer` is for one model. */
export interface BatchedLayer {
  kind: DenseKind;
  /** [N, in, out] (a two-logit head's out is 2). */
  kernel: tf.Tensor3D;
  /** [N, out]. */
  bias: tf.Tensor2D;
  /** A Björck layer's power vectors [N, 1, out], constants; null for the other kinds. */
  powerVector: tf.Tensor3D | null;
  /** The paper's two-logit head: the score uses logit 0 minus logit 1 (`DenseLayer.scoreWeight`). */
  twoLogit: boolean;
}

/** A stacked layer's effective weight W, differentiable in its kernel (`DenseLayer.weight`). */
function batchedWeight(layer: BatchedLayer, bjorck: BjorckConfig): tf.Tensor3D {
  switch (layer.kind) {
    case 'spectral':
      return batchedOrthonormalKernel(layer.kernel, layer.powerVector!, bjorck);
    case 'frobenius':
      return batchedFrobeniusKernel(layer.kernel);
    case 'standard':
      return layer.kernel;
  }
}

/**
 * f for each model on its own inputs: x [N, B, 2] -> [N, B], through h <- act(h W + b) and the head
 * times each model's output scale (`scale` [N, 1]: L for a Lipschitz net, 1 for a standard one).
 * Differentiable in the kernels and biases (training).
 */
export function batchedForward(
  x: tf.Tensor3D,
  layers: readonly BatchedLayer[],
  activation: ActivationName,
  bjorck: BjorckConfig,
  scale: tf.Tensor2D,
): tf.Tensor2D {
  const [models, batch] = x.shape;
  let h = x;
  layers.forEach((layer, i) => {
    let w = batchedWeight(layer, bjorck);
    let b = layer.bias;
    if (layer.twoLogit) {
      w = tf.sub(tf.slice(w, [0, 0, 0], [-1, -1, 1]), tf.slice(w, [0, 0, 1], [-1, -1, 1]));
      b = tf.sub(tf.slice(b, [0, 0], [-1, 1]), tf.slice(b, [0, 1], [-1, 1]));
    }
    h = tf.add(tf.matMul(h, w), tf.expandDims(b, 1));
    if (i < layers.length - 1) {
      // Activations act row by row: every model's batch rows as one 2-D batch.
      const width = h.shape[2];
      const activated = applyActivation(activation, tf.reshape(h, [models * batch, width]) as tf.Tensor2D);
      h = tf.reshape(activated, [models, batch, activated.shape[1]]);
    }
  });
  return tf.mul(tf.reshape(h, [models, batch]), scale) as tf.Tensor2D;
}
