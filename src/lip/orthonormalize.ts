import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';
import type { BjorckConfig, PowerIterationConfig } from '../core/config';

/**
 * The two numerical steps of a Lipschitz (spectrally normalised, orthonormalised) dense layer, as in the
 * paper's libraries: power iteration estimates the largest singular value sigma of V, V / sigma has
 * spectral norm <= 1, and Björck's iteration pushes every singular value to 1.
 *
 * `checkTolerance` decides whether early stopping reads values back (cheap on cpu and wasm, a pipeline
 * stall on a GPU, where a fixed iteration count is used instead); `canCheckTolerance` is that rule.
 */

/**
 * Whether power iteration and Björck may stop early on their tolerance on the tfjs backend `backendName`
 * (the `checkTolerance` argument below and of `buildModel` / `Trainer`). Checking reads a norm back to the
 * CPU after every iteration: a few microseconds on cpu and wasm, whose tensors live in CPU memory, but a
 * full pipeline stall on GPU backends (webgl, webgpu), where running the fixed iteration count is faster.
 * True for 'cpu' and 'wasm' only; any other or unknown name gets the fixed count (always correct, just
 * never early).
 */
export function canCheckTolerance(backendName: string): boolean {
  return backendName === 'cpu' || backendName === 'wasm';
}

/** Added to sigma before dividing, as in deel-lip: avoids dividing by zero for a null kernel. */
export const SPECTRAL_EPS = 1e-3;

function frobeniusNorm(x: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.sum(tf.square(x))) as tf.Scalar;
}

function below(norm: tf.Scalar, tolerance: number): boolean {
  return tolerance > 0 && norm.dataSync()[0] < tolerance;
}

/**
 * Power iteration for the largest singular value of V (in x out), warm-started from the row vector u
 * (1 x out): u <- normalise((u V^T) V), until |du| < tolerance or `iterations` steps. Returns the new u,
 * to be stored and treated as a constant (no gradient flows through it).
 */
export function powerIteration(
  kernel: tf.Tensor2D,
  u: tf.Tensor2D,
  cfg: PowerIterationConfig,
  checkTolerance: boolean,
): tf.Tensor2D {
  return tf.tidy(() => {
    const kernelT = tf.transpose(kernel);
    let current = u;
    for (let i = 0; i < cfg.iterations; i++) {
      const next = tf.tidy(() => {
        const v = tf.matMul(tf.matMul(current, kernelT), kernel);
        return tf.div(v, tf.add(frobeniusNorm(v), 1e-12)) as tf.Tensor2D;
      });
      const done = checkTolerance && tf.tidy(() => below(frobeniusNorm(tf.sub(next, current)), cfg.tolerance));
      if (current !== u) current.dispose();
      current = next;
      if (done) break;
    }
    return current === u ? tf.clone(u) : current;
  });
}

/** sigma = |u V^T|, differentiable in V (u is a constant). */
export function largestSingularValue(kernel: tf.Tensor2D, u: tf.Tensor2D): tf.Scalar {
  return frobeniusNorm(matMul(u, tf.transpose(kernel)));
}

/**
 * One Björck step on a tall or square W (rows >= cols): W' = (1 + beta) W - beta W (W^T W), with its
 * gradient written out instead of traced op by op. With M = W^T W, S = W^T G and G = dL/dW':
 *   dL/dW = (1 + beta) G - beta (G M + W (S + S^T)),
 * three products per step where autodiff of the forward ops takes four plus five transposes. Tests compare
 * it with the autodiff gradient of the plain formula.
 */
function bjorckStepTall(beta: number): (w: tf.Tensor2D) => tf.Tensor2D {
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const wt = tf.transpose(w);
    const m = tf.matMul(wt, w);
    save([w, wt, m]);
    return {
      value: tf.sub(tf.mul(w, 1 + beta), tf.mul(tf.matMul(w, m), beta)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sw, swt, sm] = saved as tf.Tensor2D[];
        const g = dy as tf.Tensor2D;
        const s = tf.matMul(swt, g);
        const products = tf.add(tf.matMul(g, sm), tf.matMul(sw, tf.add(s, tf.transpose(s))));
        return [tf.sub(tf.mul(g, 1 + beta), tf.mul(products, beta))];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (w: tf.Tensor2D) => tf.Tensor2D;
}

/**
 * Björck orthonormalisation: W <- (1 + beta) W - beta W W^T W, until |dW|_F < tolerance or `iterations`
 * steps. For W with singular values in (0, sqrt(3)) each step maps sigma -> (1 + beta) sigma - beta sigma^3,
 * which converges to 1; the result has orthonormal rows or columns (whichever side is shorter), so its
 * spectral norm is 1 and, when square, it preserves the norm of gradients. Differentiable in W.
 * A wide W (rows < cols) is orthonormalised as its transpose, which is the same iteration transposed, so
 * the inner product W^T W is always formed on the short side.
 */
export function bjorck(w: tf.Tensor2D, cfg: BjorckConfig, checkTolerance: boolean): tf.Tensor2D {
  const [rows, cols] = w.shape;
  const wide = rows < cols;
  const step = bjorckStepTall(cfg.beta);
  let current = wide ? tf.transpose(w) : w;
  for (let i = 0; i < cfg.iterations; i++) {
    const next = step(current);
    const done = checkTolerance && below(frobeniusNorm(tf.sub(next, current)), cfg.tolerance);
    current = next;
    if (done) break;
  }
  return wide ? tf.transpose(current) : current;
}

/** The effective kernel of a Lipschitz dense layer: Björck(V / (sigma + eps)), differentiable in V. */
export function orthonormalKernel(
  kernel: tf.Tensor2D,
  u: tf.Tensor2D,
  cfg: BjorckConfig,
  checkTolerance: boolean,
): tf.Tensor2D {
  const sigma = largestSingularValue(kernel, u);
  return bjorck(tf.div(kernel, tf.add(sigma, SPECTRAL_EPS)), cfg, checkTolerance);
}

/** The effective kernel of the binary head: V / |V|_F, whose spectral norm is exactly 1 for one output. */
export function frobeniusKernel(kernel: tf.Tensor2D): tf.Tensor2D {
  return tf.div(kernel, tf.add(frobeniusNorm(kernel), 1e-12));
}
