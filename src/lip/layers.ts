import * as tf from '@tensorflow/tfjs';
import { frobeniusKernel, orthonormalKernel, powerIteration } from './orthonormalize';
import type { BjorckConfig, PowerIterationConfig } from '../core/config';

/**
 * Dense layers y = x W + b with W (in x out) derived from a trainable kernel V:
 * - `spectral`: W = Björck(V / sigma(V)), all singular values 1 (1-Lipschitz, orthonormal rows/columns);
 * - `frobenius`: W = V / |V|_F, for a one-output head (exactly 1-Lipschitz);
 * - `standard`: W = V, unconstrained.
 * The bias is never constrained: translations do not change a Lipschitz constant.
 */
export type DenseKind = 'spectral' | 'frobenius' | 'standard';

export interface DenseLayerSettings {
  bjorck: BjorckConfig;
  power: PowerIterationConfig;
  /** Read values back to stop iterations early (see `canCheckTolerance`); otherwise run fixed counts. */
  checkTolerance: boolean;
}

export class DenseLayer {
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
  /** Warm-started power-iteration vector (1 x out) of a spectral layer; not trainable. */
  private readonly powerVector: tf.Variable<tf.Rank.R2> | null;

  constructor(
    readonly kind: DenseKind,
    readonly inputs: number,
    readonly outputs: number,
    initialKernel: Float32Array,
    private readonly settings: DenseLayerSettings,
    initialPowerVector?: Float32Array,
  ) {
    // Variables survive tf.tidy; the initial-value tensors they copy do not.
    this.kernel = tf.tidy(() => tf.variable(tf.tensor2d(initialKernel, [inputs, outputs]), true));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([outputs]), true));
    this.powerVector =
      kind === 'spectral'
        ? tf.tidy(() => {
            const u = tf.tensor2d(initialPowerVector ?? unitVector(outputs), [1, outputs]);
            return tf.variable(tf.div(u, tf.norm(u)) as tf.Tensor2D, false);
          })
        : null;
  }

  /**
   * Refreshes the power-iteration vector from the current kernel (warm start, no gradient). Call once
   * before each training step and before computing weights for inference.
   */
  refreshPowerVector(): void {
    if (!this.powerVector) return;
    const u = this.powerVector;
    const next = powerIteration(this.kernel, u, this.settings.power, this.settings.checkTolerance);
    u.assign(next);
    next.dispose();
  }

  /** The effective weight W, differentiable in the kernel. Call inside tf.tidy or a gradient scope. */
  weight(): tf.Tensor2D {
    switch (this.kind) {
      case 'spectral':
        return orthonormalKernel(this.kernel, this.powerVector!, this.settings.bjorck, this.settings.checkTolerance);
      case 'frobenius':
        return frobeniusKernel(this.kernel);
      case 'standard':
        return this.kernel;
    }
  }

  trainableVariables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias.dispose();
    this.powerVector?.dispose();
  }
}

function unitVector(n: number): Float32Array {
  // A fixed start with all components equal; the warm start takes over after the first step.
  return new Float32Array(n).fill(1 / Math.sqrt(n));
}
