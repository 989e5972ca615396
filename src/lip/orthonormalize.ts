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

/** |a - b|_F < tolerance, read back to the CPU (compared squared: one kernel fewer than the norm). */
function closerThan(a: tf.Tensor, b: tf.Tensor, tolerance: number): boolean {
  return tolerance > 0 && tf.tidy(() => tf.sum(tf.square(tf.sub(a, b))).dataSync()[0]) < tolerance * tolerance;
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
      const done = checkTolerance && closerThan(next, current, cfg.tolerance);
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

/** One iteration's tensors, kept for the backward pass: W, W^T and A = a I - b W^T W. */
interface BjorckStep {
  w: tf.Tensor2D;
  wt: tf.Tensor2D;
  a: tf.Tensor2D;
}

/** One iteration's coefficients: W' = W A with A = a I - b W^T W (Björck's own: a = 1 + beta, b = beta). */
interface BjorckCoefficients {
  a: number;
  b: number;
}

/**
 * Björck's cubic map h(x) = 1.5 x - 0.5 x^3 of one singular value (beta = 1/2), the map the scaled
 * schedule is built on.
 */
function cubic(x: number): number {
  return 1.5 * x - 0.5 * x * x * x;
}

/** Below this assumed smallest singular value the scaled schedule takes this one (its first step's scale stays moderate). */
const SCHEDULE_FLOOR = 0.02;
/**
 * How far above 1 the first scaled iteration stays safe for the largest singular value of V / sigma:
 * sigma comes from a warm-started power iteration, which can underestimate the largest singular value a
 * little; Björck's own iteration tolerates up to sqrt(3).
 */
const SCHEDULE_FIRST_CEILING = 1.2;
/** The scaled iterations end once the predicted lower bound is this close to 1 (Björck's own step takes over). */
const SCHEDULE_END = 1e-3;

/**
 * The scaled Björck schedule for singular values in [lowerBound, 1] (`lowerBound` an estimate of the
 * smallest singular value of V / sigma): the scales alpha_k of the iterations W <- h(alpha_k W), in
 * effect A = 1.5 alpha I - 0.5 alpha^3 W^T W, each chosen so that both ends of the current interval
 * [l, u] land on the same value, h(alpha l) = h(alpha u), i.e. alpha^2 = 3 / (u^2 + u l + l^2). The
 * interval then becomes [h(alpha l), 1]: the small singular values grow by about 2.6x per iteration
 * instead of Björck's 1.5x (the cubic case of the minimax "Polar Express" polynomials, Amsel et al. 2025;
 * scaled Newton-Schulz iterations, Chen & Chow 2014). Every singular value in (0, u] stays in (0, 1],
 * so the limit is the same orthonormal polar factor as Björck's: only the path to it is shorter (6 rather
 * than 10 iterations when the smallest singular value is 0.09). A wrong estimate costs iterations, not
 * exactness: the schedule is followed by Björck's own iterations until the tolerance is met. The first
 * interval's top is `SCHEDULE_FIRST_CEILING`, not 1 (see there). Returns the scales with the predicted
 * lower bound after each; empty when Björck alone is as fast (a bound above about 0.81, where alpha would
 * not exceed 1).
 */
export function scaledBjorckSchedule(lowerBound: number): { alpha: number; bound: number }[] {
  const schedule: { alpha: number; bound: number }[] = [];
  let low = Math.min(1, Math.max(SCHEDULE_FLOOR, lowerBound));
  let high = SCHEDULE_FIRST_CEILING;
  while (1 - low > SCHEDULE_END && schedule.length < 50) {
    const alpha = Math.sqrt(3 / (high * high + high * low + low * low));
    if (alpha <= 1) break; // no faster than Björck's own step (a first interval already near 1)
    low = cubic(alpha * low);
    high = 1;
    schedule.push({ alpha, bound: low });
  }
  return schedule;
}

/**
 * While the predicted smallest singular value is further than this below 1, the iteration cannot meet
 * Björck's tolerance, so its convergence is not checked (one read-back and three kernels saved per
 * iteration). If the estimate was too low the run may go an iteration past the tolerance: never less exact.
 */
const CHECK_WITHIN = 0.1;

/**
 * Björck on a tall or square W (rows >= cols) as ONE differentiable op: the forward loop runs every
 * iteration (to the tolerance) and the gradient is written out, instead of tfjs tracing op by op.
 *
 * Forward: W' = a W - b W W^T W = W A, with A = a I - b W^T W (symmetric); Björck's own iteration has
 * a = 1 + beta, b = beta. With `lowerBound` (an estimate of the smallest singular value of W, beta 1/2)
 * the first iterations follow `scaledBjorckSchedule` instead (a = 1.5 alpha, b = 0.5 alpha^3): the same
 * limit in fewer iterations, Björck's own after.
 *
 * Backward through one iteration, with G = dL/dW' and S = W^T G:
 *   exact:     dL/dW = G A - b W (S + S^T)          (three products)
 *   detached:  dL/dW = G A                          (one product: W^T W held constant)
 * With `gradientIterations` = k > 0, the last k iterations are exact and the earlier ones detached; 0
 * makes every iteration exact. Why the last ones: near convergence (W^T W ~ I) the exact step with
 * beta = 1/2 maps G to G - W sym(W^T G), the projection onto the tangent space of orthonormal matrices,
 * which is what the gradient of the limit does there; a detached step is the identity there. Far from
 * convergence a detached step still rescales G by A, as the exact one does to first order. The forward
 * result is the same for every k; only the gradient is approximate. At k = 1, on the default and the
 * paper's nets during training, the loss gradient's cosine with the exact one measured 0.97 to 0.99 and
 * its norm within 7% (orthonormalize.test.ts checks > 0.95 and 10%), the paper's sweep reproduced, and a
 * training step took 15-25% less time. Per layer it degrades for ill-conditioned kernels (singular values
 * of V / sigma far below 1, e.g. a Gaussian kernel); k = 0 is the exact choice.
 */
function bjorckTall(cfg: BjorckConfig, checkTolerance: boolean, lowerBound?: number): (w: tf.Tensor2D) => tf.Tensor2D {
  const { beta } = cfg;
  // The schedule assumes Björck's cubic (beta 1/2) and a read-back of the convergence (wasm, cpu).
  const schedule = lowerBound !== undefined && beta === 0.5 && checkTolerance ? scaledBjorckSchedule(lowerBound) : [];
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w0, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const steps: BjorckStep[] = [];
    const coefficients: BjorckCoefficients[] = [];
    const cols = w0.shape[1];
    let bjorckIdentity: tf.Tensor2D | null = null; // made on the first unscaled iteration
    let current = w0;
    // The last values read back (of `current`), so that each check reads one matrix, not two.
    let currentValues: Float32Array | null = null;
    for (let i = 0; i < cfg.iterations; i++) {
      const scaled = schedule[i];
      const { a, b } = scaled ? { a: 1.5 * scaled.alpha, b: 0.5 * scaled.alpha ** 3 } : { a: 1 + beta, b: beta };
      const identity = scaled ? tf.tensor2d(scaledIdentity(cols, a), [cols, cols]) : (bjorckIdentity ??= tf.tensor2d(scaledIdentity(cols, a), [cols, cols]));
      const wt = tf.transpose(current);
      const step = tf.sub(identity, tf.mul(tf.matMul(wt, current), b)) as tf.Tensor2D;
      const next = tf.matMul(current, step) as tf.Tensor2D;
      steps.push({ w: current, wt, a: step });
      coefficients.push({ a, b });
      let converged = false;
      if (checkTolerance && cfg.tolerance > 0 && (!scaled || 1 - scaled.bound < CHECK_WITHIN)) {
        // Compared on the host: a read-back here is a copy, cheaper than three kernels.
        const nextValues = next.dataSync() as Float32Array;
        converged = squaredDistance(currentValues ?? current.dataSync(), nextValues) < cfg.tolerance ** 2;
        currentValues = nextValues;
      } else {
        currentValues = null;
      }
      current = next;
      if (converged) break;
    }
    const exactFrom = cfg.gradientIterations > 0 ? steps.length - cfg.gradientIterations : 0;
    const isExact = (i: number) => i >= exactFrom;
    save(steps.flatMap((s, i) => (isExact(i) ? [s.w, s.wt, s.a] : [s.a])));
    return {
      value: current,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        let g = dy as tf.Tensor2D;
        let end = saved.length; // the saved tensors are read back to front, one iteration at a time
        for (let i = steps.length - 1; i >= 0; i--) {
          if (isExact(i)) {
            const [w, wt, a] = saved.slice(end - 3, end) as tf.Tensor2D[];
            end -= 3;
            const s = tf.matMul(wt, g);
            g = tf.sub(tf.matMul(g, a), tf.mul(tf.matMul(w, tf.add(s, tf.transpose(s))), coefficients[i].b)) as tf.Tensor2D;
          } else {
            end -= 1;
            g = tf.matMul(g, saved[end] as tf.Tensor2D) as tf.Tensor2D;
          }
        }
        return [g];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (w: tf.Tensor2D) => tf.Tensor2D;
}

/** |a - b|^2 for two arrays of values (vectors, or matrices in the Frobenius norm). */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}

/** a I (n x n) as plain data: an upload, not a kernel. */
function scaledIdentity(n: number, a: number): Float32Array {
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) values[i * n + i] = a;
  return values;
}

/**
 * Björck orthonormalisation: W <- (1 + beta) W - beta W W^T W, until |dW|_F < tolerance or `iterations`
 * steps. For W with singular values in (0, sqrt(3)) each step maps sigma -> (1 + beta) sigma - beta sigma^3,
 * which converges to 1; the result has orthonormal rows or columns (whichever side is shorter), so its
 * spectral norm is 1 and, when square, it preserves the norm of gradients. Differentiable in W (see
 * `bjorckTall` for the gradient and `gradientIterations`).
 * A wide W (rows < cols) is orthonormalised as its transpose, which is the same iteration transposed, so
 * the inner product W^T W is always formed on the short side.
 * `lowerBound`, an estimate of W's smallest singular value (W's largest at most about 1), shortens the
 * path with the scaled schedule (`scaledBjorckSchedule`; wasm and cpu only, where convergence is read back).
 */
export function bjorck(w: tf.Tensor2D, cfg: BjorckConfig, checkTolerance: boolean, lowerBound?: number): tf.Tensor2D {
  if (cfg.iterations === 0) return w;
  const wide = w.shape[0] < w.shape[1];
  const result = bjorckTall(cfg, checkTolerance, lowerBound)(wide ? tf.transpose(w) : w);
  return wide ? tf.transpose(result) : result;
}

/**
 * The effective kernel of a Lipschitz dense layer: Björck(V / (sigma + eps)), differentiable in V (sigma
 * included); `lowerBound` as in `bjorck`.
 */
export function orthonormalKernel(
  kernel: tf.Tensor2D,
  u: tf.Tensor2D,
  cfg: BjorckConfig,
  checkTolerance: boolean,
  lowerBound?: number,
): tf.Tensor2D {
  const sigma = largestSingularValue(kernel, u);
  return bjorck(tf.div(kernel, tf.add(sigma, SPECTRAL_EPS)), cfg, checkTolerance, lowerBound);
}

/**
 * The effective kernel of the binary head: each output column divided by its own norm, as deel-lip's
 * FrobeniusDense with `disjoint_neurons=True`, so each output is 1-Lipschitz on its own (the columns are not
 * orthogonalised: two outputs together are not). One output: V / |V|_F, spectral norm exactly 1.
 */
export function frobeniusKernel(kernel: tf.Tensor2D): tf.Tensor2D {
  // One column keeps the whole-matrix norm, the same op sequence as before the two-logit head.
  if (kernel.shape[1] === 1) return tf.div(kernel, tf.add(frobeniusNorm(kernel), 1e-12));
  return tf.div(kernel, tf.add(tf.sqrt(tf.sum(tf.square(kernel), 0, true)), 1e-12));
}
