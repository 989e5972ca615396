import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../core/config';
import type { ResidualWeights } from '../core/residualWeights';
import { applyActivation } from './activations';
import { matMul } from './matmul';

/**
 * A residual block of the net, z = x + act(x V + b) U (row vectors; V is width x hidden, U hidden x width):
 * the form every residual layer of the zoo (zoo/residual.ts: sll, cpl) takes once its constants are folded
 * in, and the model format's `residual` entry (core/mlpJson.ts, version 2).
 */
export interface ResidualEffective {
  inner: tf.Tensor2D;
  bias: tf.Tensor1D;
  outer: tf.Tensor2D;
}

/** What the Mlp needs of a residual block, trainable (zoo) or fixed (rebuilt from read-back weights). */
export interface ResidualBlock {
  readonly width: number;
  readonly hidden: number;
  /** V, b, U, differentiable in the block's variables. Call inside tf.tidy or a gradient scope. */
  effective(): ResidualEffective;
  trainableVariables(): tf.Variable[];
  /** Refreshes warm-started power vectors from the current variables (no gradient); a no-op if none. */
  refreshPowerVector(): void;
  /** The block's own Lipschitz bound, sound, from its current weights (read back from the device). */
  readBound(): Promise<number>;
  dispose(): void;
}

/** The block's forward pass z = x + act(x V + b) U. Call inside tf.tidy. */
export function residualForward(x: tf.Tensor2D, e: ResidualEffective, activation: ActivationName): tf.Tensor2D {
  return tf.add(x, matMul(applyActivation(activation, tf.add(matMul(x, e.inner), e.bias)), e.outer));
}


/** A block with given weights and bound, for inference away from the trainer (nothing trains). */
export class FixedResidualBlock implements ResidualBlock {
  private readonly inner: tf.Tensor2D;
  private readonly bias: tf.Tensor1D;
  private readonly outer: tf.Tensor2D;
  readonly width: number;
  readonly hidden: number;
  private readonly bound: number;

  constructor(w: ResidualWeights) {
    this.width = w.width;
    this.hidden = w.hidden;
    this.bound = w.bound;
    this.inner = tf.tensor2d(w.inner, [w.width, w.hidden]);
    this.bias = tf.tensor1d(w.bias);
    this.outer = tf.tensor2d(w.outer, [w.hidden, w.width]);
  }

  effective(): ResidualEffective {
    return { inner: this.inner, bias: this.bias, outer: this.outer };
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  refreshPowerVector(): void {}

  readBound(): Promise<number> {
    return Promise.resolve(this.bound);
  }

  dispose(): void {
    this.inner.dispose();
    this.bias.dispose();
    this.outer.dispose();
  }
}
