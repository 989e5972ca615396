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

/** One scaled iteration: its scale alpha and the predicted smallest singular value after it. */
interface ScheduleStep {
  alpha: number;
  bound: number;
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
export function scaledBjorckSchedule(lowerBound: number): ScheduleStep[] {
  const schedule: ScheduleStep[] = [];
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
  const schedule = scheduleFor(cfg, checkTolerance, lowerBound);
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w0, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const steps: BjorckStep[] = [];
    const coefficients: BjorckCoefficients[] = [];
    const identities = new IdentityCache(w0.shape[1]);
    let current = w0;
    // The last values read back (of `current`), so that each check reads one matrix, not two.
    let currentValues: Float32Array | null = null;
    for (let i = 0; i < cfg.iterations; i++) {
      const c = coefficientsAt(schedule, i, cfg.beta);
      const step = tallStep(current, c, identities);
      steps.push(step);
      coefficients.push(c);
      let converged = false;
      if (checkTolerance && cfg.tolerance > 0 && worthChecking(schedule, i)) {
        // Compared on the host: a read-back here is a copy, cheaper than three kernels.
        const nextValues = step.next.dataSync() as Float32Array;
        converged = squaredDistance(currentValues ?? current.dataSync(), nextValues) < cfg.tolerance ** 2;
        currentValues = nextValues;
      } else {
        currentValues = null;
      }
      current = step.next;
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
            g = tallStepGradient(g, saved.slice(end - 3, end) as tf.Tensor2D[], coefficients[i].b);
            end -= 3;
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

/**
 * Björck on a tall W (rows >= GRAM_RATIO x cols) with the truncated gradient (`gradientIterations` k >= 1),
 * the detached iterations done on the Gram side. Every iterate is W_j = W_0 P_j with P_j a polynomial in
 * M = W_0^T W_0 (cols x cols), so the detached iterations need only the Gram matrix G_j = W_j^T W_j:
 *   A_j = a I - b G_j,   G_{j+1} = (G_j A_j) A_j,   P_{j+1} = P_j A_j
 * (A_j commutes with G_j), three cols^3 products instead of two rows x cols^2 ones. The detached
 * iterations' backward, g A_{m-1} ... A_0 = g P^T, is one product instead of one per iteration.
 * Convergence is read from the Gram side: the step's change |W_j (A_j - I)|_F^2 = tr(E G_j E), with
 * E = A_j - I, from G_j and G_j A_j (`gramStepChange`), `bjorckTall`'s criterion decided before the step
 * is taken. The step predicted to meet the tolerance and the k - 1 before it run as `bjorckTall`'s exact
 * steps from W_0 P (one rows x cols^2 product); the last one's change is confirmed on W itself, and exact
 * steps go on until it is met (the Gram side loses precision on badly conditioned kernels, so `bjorck`
 * uses it only above `GRAM_MIN_SMALLEST`). On the paper's 256 x 128 and 128 x 64 kernels the detached
 * iterations' arithmetic, forward and backward, about halves: 23.1 -> 18.9 ms per training step
 * (README, "Performance").
 */
function bjorckGram(cfg: BjorckConfig, checkTolerance: boolean, lowerBound?: number): (w: tf.Tensor2D) => tf.Tensor2D {
  const schedule = scheduleFor(cfg, checkTolerance, lowerBound);
  const checking = checkTolerance && cfg.tolerance > 0;
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w0, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const cols = w0.shape[1];
    const identities = new IdentityCache(cols);
    const coefficients: BjorckCoefficients[] = [];
    // products[j] = P_j, the detached map W_j = W_0 P_j; P_0 = I is null (no product).
    const products: (tf.Tensor2D | null)[] = [null];
    let gram = tf.matMul(tf.transpose(w0), w0) as tf.Tensor2D;
    let last = cfg.iterations - 1;
    for (let j = 0; j < cfg.iterations; j++) {
      const c = coefficientsAt(schedule, j, cfg.beta);
      coefficients.push(c);
      if (j === last) break; // the cap: step j is the last, taken exactly below
      const step = tf.sub(identities.get(c.a), tf.mul(gram, c.b)) as tf.Tensor2D;
      const gramStep = tf.matMul(gram, step) as tf.Tensor2D;
      if (checking && worthChecking(schedule, j)) {
        const change = gramStepChange(gram.dataSync(), gramStep.dataSync(), c, cols);
        if (change < cfg.tolerance ** 2) {
          last = j;
          break;
        }
      }
      const previous = products[j];
      products.push(previous ? (tf.matMul(previous, step) as tf.Tensor2D) : step);
      gram = tf.matMul(gramStep, step) as tf.Tensor2D;
    }
    const exactFrom = Math.max(0, last - cfg.gradientIterations + 1);
    const detached = products[exactFrom];
    let current = detached ? (tf.matMul(w0, detached) as tf.Tensor2D) : w0;
    const steps: BjorckStep[] = [];
    let currentValues: Float32Array | null = null;
    for (let i = exactFrom; i < cfg.iterations; i++) {
      coefficients[i] ??= coefficientsAt(schedule, i, cfg.beta);
      const step = tallStep(current, coefficients[i], identities);
      steps.push(step);
      if (i < last) {
        current = step.next;
        continue;
      }
      if (!checking) {
        current = step.next;
        break; // the cap
      }
      // Confirmed on the tall form, as `bjorckTall` checks: the Gram side loses precision on badly
      // conditioned kernels (it squares their condition number), and then Björck's exact steps go on.
      const nextValues = step.next.dataSync() as Float32Array;
      const converged = squaredDistance(currentValues ?? current.dataSync(), nextValues) < cfg.tolerance ** 2;
      currentValues = nextValues;
      current = step.next;
      if (converged) break;
    }
    save([...steps.flatMap((s) => [s.w, s.wt, s.a]), ...(detached ? [detached] : [])]);
    return {
      value: current,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        let g = dy as tf.Tensor2D;
        for (let i = steps.length - 1; i >= 0; i--) {
          g = tallStepGradient(g, saved.slice(3 * i, 3 * i + 3) as tf.Tensor2D[], coefficients[exactFrom + i].b);
        }
        // Through the detached iterations: g A_{m-1} ... A_0 = g P^T (each A_j symmetric).
        if (detached) g = tf.matMul(g, tf.transpose(saved[saved.length - 1] as tf.Tensor2D)) as tf.Tensor2D;
        return [g];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (w: tf.Tensor2D) => tf.Tensor2D;
}

/** Rows per column from which `bjorckGram` does less arithmetic than `bjorckTall` (about 1.25 at 5 detached iterations). */
const GRAM_RATIO = 1.5;
/**
 * The smallest singular value (of V / sigma, the host's estimate) from which `bjorckGram` is used. The Gram
 * matrix squares the condition number, so in float32 its small eigenvalues carry an absolute error of
 * about 1e-7: on a 256 x 128 kernel the result's distance to the polar factor measured 9e-6 at a smallest
 * singular value of 0.1 (the tall form's 8e-6), 7e-5 at 0.02 (2e-5), 4e-3 at 0.002 (1e-4), still
 * orthonormal but further than Björck's tolerance. The paper's net, trained, stays above it (its
 * speed-up was measured with the estimate deciding).
 */
const GRAM_MIN_SMALLEST = 0.05;

/**
 * The change of one Björck step from the Gram side, |W (A - I)|_F^2 = tr(E G E) with E = A - I =
 * (a - 1) I - b G, from G = W^T W and G A (n x n values, row-major): G E = G A - G, and E, G E are
 * symmetric, so the trace is the sum of their elementwise product.
 */
function gramStepChange(gram: ArrayLike<number>, gramStep: ArrayLike<number>, c: BjorckCoefficients, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      const e = (i === j ? c.a - 1 : 0) - c.b * gram[k];
      sum += e * (gramStep[k] - gram[k]);
    }
  }
  return sum;
}

/** The scaled schedule where it applies: Björck's cubic (beta 1/2) and a read-back of the convergence (wasm, cpu). */
function scheduleFor(cfg: BjorckConfig, checkTolerance: boolean, lowerBound?: number): ScheduleStep[] {
  return lowerBound !== undefined && cfg.beta === 0.5 && checkTolerance ? scaledBjorckSchedule(lowerBound) : [];
}

/** Iteration i's coefficients: the schedule's scale (a = 1.5 alpha, b = 0.5 alpha^3), then Björck's own. */
function coefficientsAt(schedule: ScheduleStep[], i: number, beta: number): BjorckCoefficients {
  const scaled = schedule[i];
  return scaled ? { a: 1.5 * scaled.alpha, b: 0.5 * scaled.alpha ** 3 } : { a: 1 + beta, b: beta };
}

/** Whether iteration i's convergence is worth reading back (see `CHECK_WITHIN`). */
function worthChecking(schedule: ScheduleStep[], i: number): boolean {
  const scaled = schedule[i];
  return !scaled || 1 - scaled.bound < CHECK_WITHIN;
}

/** One Björck step W' = W A, A = a I - b W^T W, with the tensors its exact gradient needs. */
function tallStep(w: tf.Tensor2D, c: BjorckCoefficients, identities: IdentityCache): BjorckStep & { next: tf.Tensor2D } {
  const wt = tf.transpose(w);
  const a = tf.sub(identities.get(c.a), tf.mul(tf.matMul(wt, w), c.b)) as tf.Tensor2D;
  return { w, wt, a, next: tf.matMul(w, a) as tf.Tensor2D };
}

/** Backward through one exact step: dL/dW = G A - b W (S + S^T), S = W^T G. */
function tallStepGradient(g: tf.Tensor2D, [w, wt, a]: tf.Tensor2D[], b: number): tf.Tensor2D {
  const s = tf.matMul(wt, g);
  return tf.sub(tf.matMul(g, a), tf.mul(tf.matMul(w, tf.add(s, tf.transpose(s))), b)) as tf.Tensor2D;
}

/** a I (n x n) tensors, each uploaded once per Björck call, not built by kernels. */
class IdentityCache {
  private readonly byScale = new Map<number, tf.Tensor2D>();
  constructor(private readonly n: number) {}
  get(a: number): tf.Tensor2D {
    let identity = this.byScale.get(a);
    if (!identity) {
      identity = tf.tensor2d(scaledIdentity(this.n, a), [this.n, this.n]);
      this.byScale.set(a, identity);
    }
    return identity;
  }
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
 * path with the scaled schedule (`scaledBjorckSchedule`; wasm and cpu only, where convergence is read back),
 * and there lets a kernel at least 1.5x taller than wide run its detached iterations on the Gram side
 * (`bjorckGram`) when the estimate is at least `GRAM_MIN_SMALLEST`.
 */
export function bjorck(w: tf.Tensor2D, cfg: BjorckConfig, checkTolerance: boolean, lowerBound?: number): tf.Tensor2D {
  if (cfg.iterations === 0) return w;
  const wide = w.shape[0] < w.shape[1];
  const tall = wide ? tf.transpose(w) : w;
  const gram =
    checkTolerance &&
    cfg.gradientIterations > 0 &&
    tall.shape[0] >= GRAM_RATIO * tall.shape[1] &&
    lowerBound !== undefined &&
    lowerBound >= GRAM_MIN_SMALLEST;
  const result = (gram ? bjorckGram : bjorckTall)(cfg, checkTolerance, lowerBound)(tall);
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
