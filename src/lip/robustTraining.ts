import * as tf from '@tensorflow/tfjs';
import type { LossConfig, RobustMethod, TrainConfig } from '../core/config';
import { Random } from '../core/random';
import type { DenseLayer } from './layers';
import { makeLoss, type LossFunction } from './losses';
import type { Mlp } from './model';

/**
 * Robust training of one-logit nets (docs/robust-training.md): Lipschitz margin training (LMT, Tsuzuku
 * et al., NeurIPS 2018) and globally robust nets (GloRo, Leino et al., ICML 2021). Both ask every training
 * point for y f(x) > eps K, where K = |outputScale| prod_i |W_i|_2 bounds the Lipschitz constant of f, so
 * that the point is certified at radius eps. During training K is a differentiable estimate (`LipschitzEstimate`,
 * warm-started power iteration); the report certifies with the exact product (lip/export.ts lipschitzBoundOf).
 */

/** Power-iteration steps per training step: the vectors are warm-started, so one keeps up with the weights. */
export const POWER_ITERATIONS_PER_STEP = 1;
/** Power-iteration steps from the seeded vector (when built, after `reset`): the random start is far off. */
export const POWER_ITERATIONS_FROM_START = 20;
/** Added to the seed for the power vectors' start: their own stream, the weights' draws are not moved. */
const POWER_SEED_OFFSET = 0x5eed;

/** One factor of K: a bound of one layer's Lipschitz constant, as a scalar differentiable in its weights. */
export interface LipschitzFactor {
  /** The factor; call inside a gradient scope (or tf.tidy). Does not change any state. */
  value(): tf.Scalar;
  /** Moves non-trainable state (power vectors) on for the current weights, without gradient. */
  advance(iterations: number): void;
  /** Back to the seeded start state (non-finite weights leave non-finite vectors behind). */
  reset(): void;
  dispose(): void;
}

/**
 * sigma = |W v| for a weight W (in x out) and a unit column v (out x 1) held constant: the gradient is
 * d sigma / dW = u v^T with u = W v / sigma (no gradient to v), the exact gradient of sigma_max(W) when v
 * is its top right singular vector. Written out as one op: tfjs's own backward pass through matMul and
 * norm (its transposes and outer products) cost a 64-64-64 net about 2 ms more per step on wasm (a noisy
 * measurement on a loaded machine; with this op K costs about 0.5 ms).
 */
const normAlong: (w: tf.Tensor2D, v: tf.Tensor2D) => tf.Scalar = tf.customGrad(
  ((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, v, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const wv = tf.matMul(w, v);
    const sigma = tf.sqrt(tf.sum(tf.square(wv)));
    save([wv, v, sigma]);
    return {
      value: sigma,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sWv, sV, sSigma] = saved;
        const u = tf.div(tf.mul(sWv, dy), tf.maximum(sSigma, 1e-30)); // in x 1, times the incoming gradient
        return [tf.mul(u, tf.reshape(sV, [1, -1])), tf.zerosLike(sV)]; // u v^T by broadcasting
      },
    };
  }) as Parameters<typeof tf.customGrad>[0],
) as unknown as (w: tf.Tensor2D, v: tf.Tensor2D) => tf.Scalar;

/**
 * A hidden layer with an unconstrained weight W (in x out): sigma = |W v| with v the unit power vector
 * (out x 1), warm-started across steps and held constant in the gradient (`normAlong`). A lower estimate
 * of |W|_2, equal at convergence.
 */
class PowerIterationFactor implements LipschitzFactor {
  private readonly vector: tf.Variable<tf.Rank.R2>;

  constructor(
    private readonly layer: DenseLayer,
    private readonly start: Float32Array,
  ) {
    this.vector = tf.tidy(() => tf.variable(unit(start), false));
  }

  value(): tf.Scalar {
    return normAlong(this.layer.scoreWeight(), this.vector);
  }

  /** v <- normalise(W^T W v), `iterations` times (row-vector products: no transpose of W). */
  advance(iterations: number): void {
    if (iterations === 0) return;
    tf.tidy(() => {
      const w = this.layer.scoreWeight();
      let v: tf.Tensor2D = this.vector;
      for (let i = 0; i < iterations; i++) {
        const next = tf.reshape(tf.matMul(tf.reshape(tf.matMul(w, v), [1, -1]), w), [-1, 1]);
        v = tf.div(next, tf.add(tf.sqrt(tf.sum(tf.square(next))), 1e-30));
      }
      this.vector.assign(v);
    });
  }

  reset(): void {
    tf.tidy(() => this.vector.assign(unit(this.start)));
  }

  dispose(): void {
    this.vector.dispose();
  }
}

/** A layer whose score has one output column w (the head): |w|_2 is its spectral norm, exactly. */
class ColumnNormFactor implements LipschitzFactor {
  constructor(private readonly layer: DenseLayer) {}
  value(): tf.Scalar {
    return normAlong(this.layer.scoreWeight(), tf.ones([1, 1])); // |w 1| = |w| for a one-column w
  }
  advance(): void {}
  reset(): void {}
  dispose(): void {}
}

/**
 * A layer whose construction bounds its Lipschitz constant by `bound` (a Lipschitz net's Björck or zoo
 * hidden layer, a residual block: 1). Its weights get no gradient from K: the construction holds the
 * bound whatever they are, and estimating it again would rebuild the effective weight (a second Björck).
 */
export class ConstantFactor implements LipschitzFactor {
  constructor(private readonly bound: number) {}
  value(): tf.Scalar {
    return tf.scalar(this.bound);
  }
  advance(): void {}
  reset(): void {}
  dispose(): void {}
}

/** A unit column (n x 1) along `values`. */
function unit(values: Float32Array): tf.Tensor2D {
  const v = tf.tensor2d(values, [values.length, 1]);
  return tf.div(v, tf.norm(v)) as tf.Tensor2D;
}

/** The factor of one dense layer of the score (see the three factor classes). */
function denseFactor(layer: DenseLayer, rng: Random): LipschitzFactor {
  if (layer.scoreOutputs === 1) return new ColumnNormFactor(layer);
  if (layer.kind === 'standard') return new PowerIterationFactor(layer, new Float32Array(layer.scoreOutputs).map(() => rng.normal()));
  return new ConstantFactor(1);
}

/**
 * K = |outputScale| * prod_i factor_i, the training-time bound of Lip(f): a product over a list of
 * per-layer factors, so blocks other than dense layers add their own factor (`extraFactors`).
 * The vectors are converged on the weights at hand when it is built (and on `reset`), so K is usable at
 * once, by an evaluation at step 0 too; then `advance` once per training step (before the gradient
 * scope), and `value` inside it.
 */
export class LipschitzEstimate {
  constructor(
    private readonly factors: LipschitzFactor[],
    private readonly outputScale: number,
    /** Power-iteration steps from the seeded start (construction and `reset`). */
    private readonly startIterations = POWER_ITERATIONS_FROM_START,
  ) {
    this.start();
  }

  /**
   * The estimate of a model's K: its dense layers in order, then `extraFactors` (e.g. one ConstantFactor(1)
   * per residual block of a Lipschitz net). The power vectors start from normal draws seeded by `seed`.
   */
  static forModel(
    model: Mlp,
    seed: number,
    options: { extraFactors?: LipschitzFactor[]; startIterations?: number } = {},
  ): LipschitzEstimate {
    const rng = new Random(seed + POWER_SEED_OFFSET);
    const factors = [...model.layers.map((l) => denseFactor(l, rng)), ...(options.extraFactors ?? [])];
    return new LipschitzEstimate(factors, model.outputScale, options.startIterations);
  }

  private start(): void {
    for (const f of this.factors) f.advance(this.startIterations);
  }

  /** Moves the power vectors on by one step for the current weights. No gradient. */
  advance(): void {
    for (const f of this.factors) f.advance(POWER_ITERATIONS_PER_STEP);
  }

  /** K, differentiable in the weights. Does not move the vectors. Call inside a gradient scope or tf.tidy. */
  value(): tf.Scalar {
    return this.factors.reduce<tf.Scalar>((k, f) => tf.mul(k, f.value()), tf.scalar(Math.abs(this.outputScale)));
  }

  /** Back to the seeded vectors, converged again on the current weights. Used when weights are restored. */
  reset(): void {
    for (const f of this.factors) f.reset();
    this.start();
  }

  dispose(): void {
    for (const f of this.factors) f.dispose();
  }
}

/**
 * LMT with one logit: the base loss on the score moved toward the wrong side by the margin eps K,
 * base(f - y eps K, y), so each point must clear y f > eps K to score as a plain point at y f > 0.
 * (Tsuzuku's multi-class form adds sqrt(2) eps L to every wrong logit; for one logit it is this one:
 * docs/robust-training.md.) eps = 0 is the base loss exactly.
 */
export function lmtLoss(base: LossFunction, f: tf.Tensor1D, y: tf.Tensor1D, epsK: tf.Scalar): tf.Scalar {
  return tf.tidy(() => base(tf.sub(f, tf.mul(y, epsK)) as tf.Tensor1D, y));
}

/**
 * GloRo with one logit, as GloRo's cross-entropy over its three logits (correct, wrong, bottom) for the
 * two-logit reading (f/2, -f/2) of f; with m = y f and temperature tau:
 *   (1 / tau) log(1 + exp(-tau m) + exp(tau (eps K - max(m, 0)))).
 * The bottom logit is the non-predicted logit plus eps K: for a correct prediction (m >= 0) it sits eps K
 * above the wrong logit, for a wrong one eps K above the correct logit (docs/robust-training.md derives
 * it). Unlike LMT, eps = 0 does not give back plain cross-entropy: the bottom logit then doubles the
 * non-predicted one.
 */
export function gloroLoss(f: tf.Tensor1D, y: tf.Tensor1D, epsK: tf.Scalar, tau: number): tf.Scalar {
  return tf.tidy(() => {
    const m = tf.mul(y, f);
    const wrong = tf.mul(-tau, m); // the wrong logit minus the correct one, times tau
    const bottom = tf.mul(tau, tf.sub(epsK, tf.relu(m))); // the bottom logit minus the correct one, times tau
    // log(1 + e^a + e^b) = softplus(a) + softplus(b - softplus(a)): stable, and fewer ops than logSumExp.
    const first = tf.softplus(wrong);
    return tf.div(tf.mean(tf.add(first, tf.softplus(tf.sub(bottom, first)))), tau) as tf.Scalar;
  });
}

/**
 * GloRo's loss is a cross-entropy: it takes the configured loss's temperature when that is tau-bce (bce is
 * tau 1) and tau 1 for every other loss, which it then replaces (kr, hinge, hkr are not cross-entropies).
 */
export function gloroTemperature(loss: LossConfig): number {
  return loss.name === 'tau-bce' ? loss.tau : 1;
}

/** How a step's loss uses the configured loss under `train.robust`, in words (the runner prints it). */
export function describeRobustTraining(train: Pick<TrainConfig, 'robust' | 'robustEps'>, loss: LossConfig): string {
  const eps = train.robustEps;
  switch (train.robust) {
    case 'none':
      return `plain training: the ${loss.name} loss on f`;
    case 'lmt':
      return `Lipschitz margin training (lmt), eps ${eps}: the ${loss.name} loss on f - y eps K`;
    case 'gloro': {
      const replaced = loss.name === 'tau-bce' || loss.name === 'bce' ? '' : `; replaces the configured ${loss.name} loss`;
      return `GloRo (gloro), eps ${eps}: cross-entropy over (correct, wrong, bottom) logits, tau ${gloroTemperature(loss)}${replaced}`;
    }
  }
}

/**
 * The loss a training step minimises: the configured loss, or with `robust` its LMT or GloRo form with
 * K from `bound` (required then). Also what the trainer's evaluations report, so the curves show what is
 * minimised; they read K without advancing the power vectors, so looking does not change the run.
 */
export function makeTrainingLoss(
  train: Pick<TrainConfig, 'robust' | 'robustEps'>,
  loss: LossConfig,
  bound: LipschitzEstimate | null,
): LossFunction {
  const base = makeLoss(loss);
  const method: RobustMethod = train.robust;
  if (method === 'none') return base;
  if (!bound) throw new Error(`robust training (${method}) needs a Lipschitz estimate`);
  const eps = train.robustEps;
  const tau = gloroTemperature(loss);
  return (f, y) =>
    tf.tidy(() => {
      const epsK = tf.mul(bound.value(), eps) as tf.Scalar;
      return method === 'lmt' ? lmtLoss(base, f, y, epsK) : gloroLoss(f, y, epsK, tau);
    });
}
