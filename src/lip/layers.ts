import * as tf from '@tensorflow/tfjs';
import { bjorck, frobeniusKernel, orthonormalKernel, powerIteration, SPECTRAL_EPS } from './orthonormalize';
import { HostSpectralState } from './hostSpectral';
import type { BjorckConfig, PowerIterationConfig } from '../core/config';
import { kernelShape, parametrisedWeight, type DenseParametrisation } from './zoo/dense';

/**
 * Dense layers y = x W + b with W (in x out) derived from a trainable kernel V:
 * - `spectral`: W = Björck(V / sigma(V)), all singular values 1 (1-Lipschitz, orthonormal rows/columns),
 *   or another parametrisation of the layer zoo (`settings.layer`: cayley, soc, aol; zoo/dense.ts);
 * - `frobenius`: each output column divided by its norm, for the head (one output: exactly 1-Lipschitz);
 * - `standard`: W = V, unconstrained.
 * The bias is never constrained: translations do not change a Lipschitz constant.
 */
export type DenseKind = 'spectral' | 'frobenius' | 'standard';

export interface DenseLayerSettings {
  bjorck: BjorckConfig;
  power: PowerIterationConfig;
  /** Read values back to stop iterations early (see `canCheckTolerance`); otherwise run fixed counts. */
  checkTolerance: boolean;
  /** How a `spectral` layer's weight is parametrised (zoo/dense.ts); bjorck when absent. */
  layer?: DenseParametrisation;
  /**
   * Björck without the scaled schedule (`scaledBjorckSchedule`), as on GPU backends: benchmarks and tests
   * compare the two. The forward result is the same to Björck's tolerance either way.
   */
  plainBjorck?: boolean;
}

export class DenseLayer {
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
  /**
   * Warm-started power-iteration vector (1 x out) of a Björck layer (no other needs one) on backends that
   * do not read back (GPU); not trainable. On wasm and cpu `host` holds it instead.
   */
  private readonly powerVector: tf.Variable<tf.Rank.R2> | null;
  /** A Björck layer's power iterations on the host (wasm, cpu): sigma as a number, the smallest singular value's estimate. */
  private readonly host: HostSpectralState | null;

  constructor(
    readonly kind: DenseKind,
    readonly inputs: number,
    readonly outputs: number,
    initialKernel: Float32Array,
    private readonly settings: DenseLayerSettings,
    initialPowerVector?: Float32Array,
    /**
     * The two-logit head (outputs 2): the net's score is logit 0 minus logit 1, so `scoreWeight` and
     * `scoreBias` give the one-output layer w0 - w1, b0 - b1 (the same function as the two logits' difference).
     */
    readonly twoLogit = false,
  ) {
    if (twoLogit && outputs !== 2) throw new Error(`a two-logit head has 2 outputs, got ${outputs}`);
    // Variables survive tf.tidy; the initial-value tensors they copy do not.
    const [rows, cols] = kind === 'spectral' ? kernelShape(settings.layer ?? 'bjorck', inputs, outputs) : [inputs, outputs];
    this.kernel = tf.tidy(() => tf.variable(tf.tensor2d(initialKernel, [rows, cols]), true));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([outputs]), true));
    const initialU = initialPowerVector ?? unitVector(outputs);
    this.host = this.isBjorck && settings.checkTolerance ? new HostSpectralState(inputs, outputs, initialU, SPECTRAL_EPS) : null;
    this.powerVector =
      this.isBjorck && !this.host
        ? tf.tidy(() => {
            const u = tf.tensor2d(initialU, [1, outputs]);
            return tf.variable(tf.div(u, tf.norm(u)) as tf.Tensor2D, false);
          })
        : null;
  }

  /**
   * The power-iteration vector (1 x out) of a Björck layer on the fixed-count path (GPU backends), which
   * the batched lockstep (train/lockstep.ts) reads and writes; null for other layers and on wasm and cpu.
   */
  get devicePowerVector(): tf.Variable<tf.Rank.R2> | null {
    return this.powerVector;
  }

  /** A spectral layer orthonormalised by Björck: the only kind with a power-iteration vector. */
  private get isBjorck(): boolean {
    return this.kind === 'spectral' && (this.settings.layer ?? 'bjorck') === 'bjorck';
  }

  /**
   * Refreshes the power-iteration vector from the current kernel (warm start, no gradient). Call once
   * before each training step and before computing weights for inference. Does nothing for a layer without one
   * (every kind but a Björck spectral layer).
   */
  refreshPowerVector(): void {
    if (this.host) {
      this.host.refresh(this.kernel, this.settings.power);
      return;
    }
    if (!this.powerVector) return;
    const u = this.powerVector;
    const next = powerIteration(this.kernel, u, this.settings.power, this.settings.checkTolerance);
    u.assign(next);
    next.dispose();
  }

  /**
   * A Björck layer's weight on wasm and cpu: Björck(V / (sigma + eps)) with sigma from the host's power
   * iteration, as a constant where Björck runs with the truncated gradient (see hostSpectral.ts), through
   * |u V^T| where the gradient is to be exact or there is no Björck; the scaled schedule from the
   * smallest singular value's estimate unless `plainBjorck`.
   */
  private hostBjorckWeight(host: HostSpectralState): tf.Tensor2D {
    if (host.divisor === undefined) host.refresh(this.kernel, this.settings.power);
    const cfg = this.settings.bjorck;
    const lowerBound = this.settings.plainBjorck ? undefined : host.smallest;
    if (cfg.iterations === 0 || cfg.gradientIterations === 0) {
      return orthonormalKernel(this.kernel, tf.tensor2d(host.powerVector(), [1, this.outputs]), cfg, true, lowerBound);
    }
    return bjorck(tf.mul(this.kernel, 1 / host.divisor!) as tf.Tensor2D, cfg, true, lowerBound);
  }

  /** The effective weight W, differentiable in the kernel. Call inside tf.tidy or a gradient scope. */
  weight(): tf.Tensor2D {
    switch (this.kind) {
      case 'spectral': {
        const layer = this.settings.layer ?? 'bjorck';
        if (layer !== 'bjorck') return parametrisedWeight(layer, this.kernel, this.inputs, this.outputs, this.settings.checkTolerance);
        if (this.host) return this.hostBjorckWeight(this.host);
        return orthonormalKernel(this.kernel, this.powerVector!, this.settings.bjorck, this.settings.checkTolerance);
      }
      case 'frobenius':
        return frobeniusKernel(this.kernel);
      case 'standard':
        return this.kernel;
    }
  }

  /** What this layer contributes to the score f: W, or the column w0 - w1 of a two-logit head. Call inside tf.tidy. */
  scoreWeight(): tf.Tensor2D {
    const w = this.weight();
    return this.twoLogit ? tf.sub(tf.slice(w, [0, 0], [-1, 1]), tf.slice(w, [0, 1], [-1, 1])) : w;
  }

  /** The bias of the score: b, or [b0 - b1] for a two-logit head (a new tensor then: call inside tf.tidy). */
  scoreBias(): tf.Tensor1D {
    return this.twoLogit ? tf.sub(tf.slice(this.bias, [0], [1]), tf.slice(this.bias, [1], [1])) : this.bias;
  }

  /** Outputs of `scoreWeight`: 1 for a two-logit head. */
  get scoreOutputs(): number {
    return this.twoLogit ? 1 : this.outputs;
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
