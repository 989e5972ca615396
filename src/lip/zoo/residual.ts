import * as tf from '@tensorflow/tfjs';
import type { ActivationName, PowerIterationConfig } from '../../core/config';
import type { Random } from '../../core/random';
import { orthogonal } from '../init';
import { matMul } from '../matmul';
import { powerIteration } from '../orthonormalize';
import { residualBlockBound } from './residualBound';

/**
 * The residual layers of the zoo, both of the form z = x + act(x V + b) U (row vectors, V width x hidden,
 * U hidden x width; here hidden = width), the model format's `residual` entry (version 2) once their
 * constants are folded into U. W is the trainable kernel (width x width), act relu or tanh.
 *
 * - `sll`, SDP-based Lipschitz Layer (Araujo, Havens, Delattre, Allauzen, Hu, "A Unified Algebraic
 *   Perspective on Lipschitz Neural Networks", ICLR 2023):
 *       z = x - 2 act(x W + b) T^-1 W^T,   T = diag(t),  t_i = sum_j |W^T W|_ij q_j / q_i (+ 1e-6),
 *   q = exp(logQ) > 0 trainable. T >= W^T W (a weighted Gershgorin bound), which makes the block
 *   1-Lipschitz for any W, q, b.  V = W, U = -2 T^-1 W^T.
 * - `cpl`, Convex Potential Layer (Meunier, Delattre, Araujo, Allauzen, "A Dynamical System Perspective for
 *   Lipschitz Neural Networks", ICML 2022):
 *       z = x - c act(x W + b) W^T,   c = 2 / (sigma^2 + 1e-6),  sigma = |u W^T|
 *   with u the warm-started power-iteration vector (not trainable; sigma differentiable in W). 1-Lipschitz
 *   when sigma = |W|_2; a stale sigma (below the norm) gives max(1, c |W|_2^2 - 1).  V = W, U = -c W^T.
 *
 * Why 1-Lipschitz: the Jacobian is J = I - 2 W (D S) W^T, D = diag(act') in [0, 1], S = T^-1 or c/2 I; it is
 * symmetric with eigenvalues in [1 - 2 |W (DS)^{1/2}|^2, 1], and |W S^{1/2}| <= 1 in both cases. Neither is
 * gradient-norm preserving in general: J's eigenvalues fill [-1, 1], so |grad| shrinks in some directions
 * (docs/layers-residual.md). The exception proves the rule: orthogonal W with relu (the initialisation) gives
 * J = I - 2 W D W^T, a reflection.
 */
export type ResidualLayerName = 'sll' | 'cpl';

export interface ResidualLayerSettings {
  /** cpl's power iteration (refreshed once per step); sll has none. */
  power: PowerIterationConfig;
  /** Read values back to stop the power iteration early (`canCheckTolerance`); otherwise fixed counts. */
  checkTolerance: boolean;
}

/** A block's effective weights: z = x + act(x inner + bias) outer. */
export interface ResidualLayerWeights {
  inner: tf.Tensor2D;
  bias: tf.Tensor1D;
  outer: tf.Tensor2D;
}

/** Added to sll's t: keeps T^-1 finite for a null column of W (T stays >= W^T W, so still sound). */
const SLL_EPS = 1e-6;
/** Added to cpl's sigma^2: keeps c finite for a null W (c only shrinks, so still sound). */
const CPL_EPS = 1e-6;

/** Activations with slope in [0, 1] everywhere, which both theorems need. */
const BLOCK_ACTIVATIONS: readonly ActivationName[] = ['relu', 'tanh'];

/**
 * One residual block (sll or cpl) of width `width`, its variables drawn from `rng`:
 * - W orthogonal (init.ts `orthogonal`, width x width normals orthonormalised): W^T W = I, so sll's T = I
 *   with q = 1 and cpl's sigma = 1 for any u (the first power iteration is already exact); the block
 *   starts as I - 2 W D W^T, with relu a reflection (norm-preserving), and every Jacobian singular value
 *   is 1 at the start, like an orthonormal dense layer;
 * - b = 0 (as the dense layers); sll: logQ = 0 (q = 1; the paper's code draws q at random, but with
 *   W^T W = I the q do not matter at the start, and 0 is reproducible without drawing);
 * - cpl: u drawn from width normals after W (as buildModel draws a dense layer's), normalised.
 * Draws from `rng`: W's normals, then for cpl width more.
 */
export class ResidualLayer {
  /** W (width x width): inner = W, outer = -(2 T^-1 or c) W^T. */
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
  /** sll: log q (width), trainable; null for cpl. */
  readonly logQ: tf.Variable<tf.Rank.R1> | null;
  /** cpl: the power-iteration vector u (1 x width), not trainable, unit norm; null for sll. */
  readonly powerVector: tf.Variable<tf.Rank.R2> | null;
  /** The inner width (hidden units of the block): the block's width. */
  readonly hidden: number;

  constructor(
    readonly kind: ResidualLayerName,
    readonly width: number,
    readonly activation: ActivationName,
    rng: Random,
    private readonly settings: ResidualLayerSettings,
  ) {
    if (!BLOCK_ACTIVATIONS.includes(activation)) {
      throw new Error(`the ${kind} layer needs relu or tanh inside its blocks (a slope in [0, 1]), got ${activation}`);
    }
    if (!(Number.isInteger(width) && width > 0)) throw new Error(`the ${kind} layer's width must be a positive integer, got ${width}`);
    this.hidden = width;
    const kernel = orthogonal(width, width, rng);
    this.kernel = tf.tidy(() => tf.variable(tf.tensor2d(kernel, [width, width]), true));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([width]), true));
    this.logQ = kind === 'sll' ? tf.tidy(() => tf.variable(tf.zeros([width]) as tf.Tensor1D, true)) : null;
    if (kind === 'cpl') {
      const u = Float32Array.from({ length: width }, () => rng.normal());
      this.powerVector = tf.tidy(() => {
        const t = tf.tensor2d(u, [1, width]);
        return tf.variable(tf.div(t, tf.norm(t)) as tf.Tensor2D, false);
      });
    } else {
      this.powerVector = null;
    }
  }

  trainableVariables(): tf.Variable[] {
    return this.logQ ? [this.kernel, this.bias, this.logQ] : [this.kernel, this.bias];
  }

  /**
   * cpl: one warm-started power iteration run on the current W (no gradient); call once before each
   * training step and before computing weights for inference, as DenseLayer.refreshPowerVector. sll: no-op.
   */
  refreshPowerVector(): void {
    if (!this.powerVector) return;
    const next = powerIteration(this.kernel, this.powerVector, this.settings.power, this.settings.checkTolerance);
    this.powerVector.assign(next);
    next.dispose();
  }

  /**
   * inner = W, bias = b (the variables themselves: do not dispose them) and outer, differentiable in the
   * variables. Call inside tf.tidy or a gradient scope.
   */
  effective(): ResidualLayerWeights {
    const w = this.kernel;
    const wt = tf.transpose(w) as tf.Tensor2D;
    return { inner: w, bias: this.bias, outer: tf.mul(wt, this.kind === 'sll' ? this.sllScale(w, wt) : this.cplScale(wt)) as tf.Tensor2D };
  }

  /** -2 / t as a column (width x 1), t_i = sum_j |W^T W|_ij q_j / q_i + eps. */
  private sllScale(w: tf.Tensor2D, wt: tf.Tensor2D): tf.Tensor2D {
    const gram = tf.abs(matMul(wt, w));
    const q = tf.reshape(tf.exp(this.logQ!), [this.width, 1]) as tf.Tensor2D;
    const t = tf.add(tf.div(matMul(gram, q), q), SLL_EPS);
    return tf.div(-2, t) as tf.Tensor2D;
  }

  /** -c = -2 / (|u W^T|^2 + eps), a scalar. */
  private cplScale(wt: tf.Tensor2D): tf.Scalar {
    const sigmaSquared = tf.sum(tf.square(matMul(this.powerVector!, wt)));
    return tf.div(-2, tf.add(sigmaSquared, CPL_EPS)) as tf.Scalar;
  }

  /**
   * The block's own Lipschitz bound from its effective weights read back (`residualBlockBound`): about 1,
   * sound in float arithmetic. For cpl it uses the current power vector: refresh first, as for inference.
   */
  async readBound(): Promise<number> {
    const { inner, outer } = tf.tidy(() => {
      const e = this.effective();
      return { inner: tf.clone(e.inner), outer: e.outer };
    });
    try {
      const [v, u] = await Promise.all([inner.data(), outer.data()]);
      return residualBlockBound(v, u, this.width, this.hidden);
    } finally {
      tf.dispose([inner, outer]);
    }
  }

  dispose(): void {
    tf.dispose([this.kernel, this.bias]);
    this.logQ?.dispose();
    this.powerVector?.dispose();
  }
}

