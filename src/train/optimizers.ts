import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../core/config';

/** What the trainer needs from an optimizer. */
export interface StepOptimizer {
  /** One update of every variable from its gradient (keyed by variable name, as tf.variableGrads gives). */
  applyGradients(grads: tf.NamedTensorMap): void;
  /** Takes effect at the next update; Adam keeps its moment estimates. */
  setLearningRate(lr: number): void;
  dispose(): void;
}

/** Adam's epsilon, given explicitly: tfjs would pick 1e-4 on webgl (tensorflow/tfjs#6980), 1e-7 elsewhere. */
export const ADAM_EPSILON = 1e-7;

export function makeOptimizer(name: OptimizerName, lr: number, variables: tf.Variable[]): StepOptimizer {
  return name === 'adam' ? new FlatAdam(variables, lr) : new Sgd(lr);
}

/** Plain gradient descent, tfjs's own (two kernels per variable). */
class Sgd implements StepOptimizer {
  private readonly inner: tf.SGDOptimizer;

  constructor(lr: number) {
    this.inner = tf.train.sgd(lr);
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    this.inner.applyGradients(grads);
  }

  setLearningRate(lr: number): void {
    this.inner.setLearningRate(lr);
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/**
 * Adam (Kingma & Ba), the update of tf.train.adam, with every variable's moments in ONE flat buffer:
 *   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,
 *   x <- x - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * tfjs runs those 14 kernels for every variable (116 per step for a 4-layer net, as many as the rest of a
 * standard net's step); one buffer runs them once, plus a concat of the gradients and a split of the update
 * (about 40 kernels in all). Equal to tf.train.adam up to float rounding (optimizers.test.ts).
 */
export class FlatAdam implements StepOptimizer {
  private readonly firstMoment: tf.Variable;
  private readonly secondMoment: tf.Variable;
  private readonly sizes: number[];
  private steps = 0;

  constructor(
    private readonly variables: tf.Variable[],
    private learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = ADAM_EPSILON,
  ) {
    this.sizes = variables.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    // Variables survive tf.tidy; the zero tensors they copy do not.
    this.firstMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.secondMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    this.steps++;
    const { beta1, beta2 } = this;
    tf.tidy(() => {
      const g = tf.concat(this.variables.map((v) => tf.reshape(grads[v.name], [-1])));
      const m = tf.add(tf.mul(this.firstMoment, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(this.secondMoment, beta2), tf.mul(tf.square(g), 1 - beta2));
      this.firstMoment.assign(m);
      this.secondMoment.assign(v);
      const mHat = tf.div(m, 1 - beta1 ** this.steps);
      const vHat = tf.div(v, 1 - beta2 ** this.steps);
      const update = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate);
      const parts = this.variables.length === 1 ? [update] : tf.split(update, this.sizes);
      this.variables.forEach((variable, i) => variable.assign(tf.add(tf.reshape(parts[i], variable.shape), variable)));
    });
  }

  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }

  /**
   * The moment buffers, the number of updates so far and the constants, for the batched lockstep
   * (train/lockstep.ts), which updates several models' Adam at once and writes their moments back
   * (`countUpdates`).
   */
  get state(): { first: tf.Variable; second: tf.Variable; updates: number; beta1: number; beta2: number; epsilon: number } {
    const { beta1, beta2, epsilon } = this;
    return { first: this.firstMoment, second: this.secondMoment, updates: this.steps, beta1, beta2, epsilon };
  }

  /** Counts `k` updates made elsewhere (the batched lockstep) with this optimizer's moments. */
  countUpdates(k: number): void {
    this.steps += k;
  }

  dispose(): void {
    this.firstMoment.dispose();
    this.secondMoment.dispose();
  }
}
