import * as tf from '@tensorflow/tfjs';
import { Random } from '../core/random';
import { DEFAULT_CONFIG, isResidualLayer, type ActivationName, type HeadKind, type LayerName, type ModelConfig, type ModelKind } from '../core/config';
import { initialKernel, type DenseParametrisation } from './zoo/dense';
import { zooBlock } from './zooBlock';
import { activationOutputWidth, applyActivation, checkActivationWidth } from './activations';
import { glorotUniform, orthogonal } from './init';
import { DenseLayer, type DenseKind } from './layers';
import { matMul } from './matmul';
import { FixedResidualBlock, residualForward, type ResidualBlock, type ResidualEffective } from './residualBlock';
import type { ResidualWeights } from '../core/residualWeights';
import { groupSort2Forward, groupSort2InputGradient, groupSort2ValueAndGradient } from './pairForward';

/**
 * A binary classifier f: R^2 -> R as a multilayer perceptron.
 * - `lipschitz`: hidden layers are 1-Lipschitz dense layers of the configured parametrisation (Björck by
 *   default; Cayley, SOC, AOL: zoo/dense.ts) or residual blocks (SLL, CPL: zoo/residual.ts), the head is
 *   Frobenius-normalised and the output is multiplied by L, so f is L-Lipschitz (every activation here is
 *   1-Lipschitz).
 * - `standard`: plain dense layers (Glorot), no constraint; L is not used.
 * With the two-logit head (the paper's figure 2) the last layer has two outputs (f0, f1) and f = f0 - f1:
 * every forward pass uses the head's difference column (`DenseLayer.scoreWeight`), the same function.
 * With residual layers (the zoo's sll and cpl) the net is: the first dense layer, the activation, the
 * residual blocks one after the other, the head (`residual` holds the blocks; `layers` the two dense ones).
 */
export class Mlp {
  /** Effective weights for inference, computed once per change of the kernels (Björck is costly). */
  private cachedWeights: tf.Tensor2D[] | null = null;
  /** Whether the power vectors have been refreshed for the current kernels (cleared by `invalidate`). */
  private powerVectorsFresh = false;

  /**
   * Whether the power vectors are fresh for the current kernels (`refreshPowerVectors` would do nothing):
   * the batched lockstep (train/lockstep.ts) refreshes the others' for them, all models at once.
   */
  get hasFreshPowerVectors(): boolean {
    return this.powerVectorsFresh;
  }

  constructor(
    readonly kind: ModelKind,
    readonly activation: ActivationName,
    readonly layers: DenseLayer[],
    /** Factor applied to the head's output: L for a Lipschitz net, 1 for a standard one. */
    readonly outputScale: number,
    /** Residual blocks between the first dense layer and the head (then `layers` has exactly two). */
    readonly residual: ResidualBlock[] = [],
  ) {
    if (residual.length > 0 && layers.length !== 2) throw new Error(`a net with residual blocks has two dense layers, got ${layers.length}`);
  }

  /** The residual blocks' effective weights for inference, cached with the dense ones. */
  private cachedResidual: ResidualEffective[] | null = null;

  /**
   * Updates the non-trainable power-iteration vectors; call before each training step. Runs once per
   * change of the kernels: inference (snapshots, evaluations) between two steps refreshes them too, and a
   * second refresh on the same kernels would move them again, so how often a run was looked at would change
   * its trajectory. Idempotent, the same seed gives the same run whatever is watched and when.
   */
  refreshPowerVectors(): void {
    if (this.powerVectorsFresh) return;
    for (const layer of this.layers) layer.refreshPowerVector();
    for (const block of this.residual) block.refreshPowerVector();
    this.powerVectorsFresh = true;
  }

  /** f(x) with gradients flowing to the kernels (training). x: n x 2, result: n. */
  forwardTrainable(x: tf.Tensor2D): tf.Tensor1D {
    if (this.residual.length > 0) return this.residualNetForward(x, this.layers.map((l) => l.scoreWeight()), this.residual.map((b) => b.effective()));
    return this.forwardWith(x, this.layers.map((l) => l.scoreWeight()), false);
  }

  /** f(x) with cached effective weights (inference). Call inside tf.tidy. */
  predict(x: tf.Tensor2D): tf.Tensor1D {
    if (this.residual.length > 0) return this.residualNetForward(x, this.effectiveWeights(), this.residualEffective());
    return this.forwardWith(x, this.effectiveWeights(), this.usePairForward);
  }

  /** First dense layer, activation, residual blocks, head (times the output scale). */
  private residualNetForward(x: tf.Tensor2D, weights: tf.Tensor2D[], blocks: ResidualEffective[]): tf.Tensor1D {
    const biases = this.scoreBiases();
    let h = applyActivation(this.activation, tf.add(matMul(x, weights[0]), biases[0]));
    for (const block of blocks) h = residualForward(h, block, this.activation);
    const f = tf.reshape(tf.add(matMul(h, weights[1]), biases[1]), [-1]) as tf.Tensor1D;
    return this.outputScale === 1 ? f : tf.mul(f, this.outputScale);
  }

  /** The residual blocks' effective weights for inference (owned by the model: do not dispose). */
  residualEffective(): ResidualEffective[] {
    if (!this.cachedResidual) {
      this.refreshPowerVectors();
      this.cachedResidual = tf.tidy(() =>
        this.residual.map((b) => {
          const e = b.effective();
          return { inner: tf.keep(tf.clone(e.inner)), bias: tf.keep(tf.clone(e.bias)), outer: tf.keep(tf.clone(e.outer)) };
        }),
      );
    }
    return this.cachedResidual;
  }

  /** The biases of the score's layers (a two-logit head's b0 - b1 is a new tensor: call inside tf.tidy). */
  private scoreBiases(): tf.Tensor1D[] {
    return this.layers.map((l) => l.scoreBias());
  }

  /**
   * The two logits (f0, f1) of a two-logit head, times the output scale, with the inference weights: n x 2.
   * Call inside tf.tidy.
   * @internal The tests hold the score f (`predict`) to their difference.
   */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    const head = this.layers[this.layers.length - 1];
    if (!head.twoLogit) throw new Error('logits: this net has a one-logit head');
    const weights = this.effectiveWeights();
    let h = x;
    for (let i = 0; i < this.layers.length - 1; i++) {
      h = applyActivation(this.activation, tf.add(matMul(h, weights[i]), this.layers[i].bias));
      if (i === 0) for (const block of this.residualEffective()) h = residualForward(h, block, this.activation);
    }
    return tf.mul(tf.add(matMul(h, head.weight()), head.bias), this.outputScale);
  }

  /**
   * Forward pass given effective weights: h <- act(h W_i + b_i), f = L (h W_last + b_last). With `pairs`,
   * groupsort2 nets take the equivalent pair-split path (pairForward.ts): about 1.7x faster on wasm for
   * a 200x200 grid, but slower for training batches (more, smaller ops), so inference only.
   */
  private forwardWith(x: tf.Tensor2D, weights: tf.Tensor2D[], pairs: boolean): tf.Tensor1D {
    const biases = this.scoreBiases();
    const h =
      this.activation === 'groupsort2' && pairs ? groupSort2Forward(x, weights, biases) : this.plainForward(x, weights, biases);
    const f = tf.reshape(h, [-1]) as tf.Tensor1D;
    return this.outputScale === 1 ? f : tf.mul(f, this.outputScale);
  }

  /** The textbook forward pass: dense, activation, dense, ... (every activation). */
  private plainForward(x: tf.Tensor2D, weights: tf.Tensor2D[], biases: tf.Tensor1D[]): tf.Tensor2D {
    let h = x;
    weights.forEach((w, i) => {
      h = tf.add(matMul(h, w), biases[i]);
      if (i < weights.length - 1) h = applyActivation(this.activation, h);
    });
    return h;
  }

  /** Whether `closedFormGradientNorm` applies: groupsort2 nets; other activations differentiate `predict`. */
  get hasClosedFormGradient(): boolean {
    return this.activation === 'groupsort2' && this.residual.length === 0;
  }

  /**
   * |grad_x f| at each row of x with the inference weights, in closed form (about half the cost of
   * autodiff: `groupSort2InputGradient`). Only when `hasClosedFormGradient`. Call inside tf.tidy.
   */
  closedFormGradientNorm(x: tf.Tensor2D): tf.Tensor1D {
    if (!this.hasClosedFormGradient) throw new Error(`no closed-form gradient for ${this.activation} nets`);
    const g = groupSort2InputGradient(x, this.effectiveWeights(), this.scoreBiases());
    return tf.mul(tf.sqrt(tf.sum(tf.square(g), 1)), Math.abs(this.outputScale)) as tf.Tensor1D;
  }

  /**
   * f and |grad_x f| at each row of x from one forward pass (`groupSort2ValueAndGradient`), as n x 2
   * (column 0 f, column 1 the norm), output scale applied. Only when `hasClosedFormGradient`. Call inside tf.tidy.
   */
  valueAndGradientNorm(x: tf.Tensor2D): tf.Tensor2D {
    if (!this.hasClosedFormGradient) throw new Error(`no closed-form gradient for ${this.activation} nets`);
    const { f, gradient } = groupSort2ValueAndGradient(x, this.effectiveWeights(), this.scoreBiases());
    const norm = tf.mul(tf.sqrt(tf.sum(tf.square(gradient), 1, true)), Math.abs(this.outputScale));
    return tf.concat([this.outputScale === 1 ? f! : tf.mul(f!, this.outputScale), norm], 1) as tf.Tensor2D;
  }

  /** Inference of groupsort2 nets uses the pair-split pass (tests switch it off to compare the two). */
  usePairForward = true;

  /** The effective weights W_i of the score (a two-logit head's w0 - w1; owned by the model: do not dispose). */
  effectiveWeights(): tf.Tensor2D[] {
    if (!this.cachedWeights) {
      this.refreshPowerVectors();
      this.cachedWeights = tf.tidy(() => this.layers.map((l) => tf.keep(tf.clone(l.scoreWeight()))));
    }
    return this.cachedWeights;
  }

  /** Marks the cached effective weights stale; call after the kernels change. */
  invalidate(): void {
    if (this.cachedWeights) for (const w of this.cachedWeights) w.dispose();
    this.cachedWeights = null;
    if (this.cachedResidual) for (const e of this.cachedResidual) tf.dispose([e.inner, e.bias, e.outer]);
    this.cachedResidual = null;
    this.powerVectorsFresh = false;
  }

  trainableVariables(): tf.Variable[] {
    // The blocks' variables after the dense layers' (checkpoints list them in this order).
    return [...this.layers.flatMap((l) => l.trainableVariables()), ...this.residual.flatMap((b) => b.trainableVariables())];
  }

  dispose(): void {
    this.invalidate();
    for (const l of this.layers) l.dispose();
    for (const b of this.residual) b.dispose();
  }
}

export interface BuildOptions {
  /** Seed for the initial weights. */
  seed: number;
  /** Early stopping of power/Björck iterations by reading values back: `canCheckTolerance(backend)`. */
  checkTolerance: boolean;
  /** Björck without the scaled schedule (layers.ts `plainBjorck`): benchmarks and tests compare. */
  plainBjorck?: boolean;
}

/**
 * Widths of every dense layer's input and output: 2 -> hidden... -> 1 (2 for the two-logit head), maxmin
 * doubling its input.
 */
export function layerShapes(cfg: Pick<ModelConfig, 'hidden' | 'activation'> & { head?: HeadKind }): [number, number][] {
  const shapes: [number, number][] = [];
  let inputs = 2;
  for (const width of cfg.hidden) {
    checkActivationWidth(cfg.activation, width);
    shapes.push([inputs, width]);
    inputs = activationOutputWidth(cfg.activation, width);
  }
  shapes.push([inputs, cfg.head === 'two-logit' ? 2 : 1]);
  return shapes;
}

/**
 * Builds the model of a configuration with seeded initial weights: orthogonal kernels for constrained
 * layers, Glorot uniform for standard ones, zero biases. A two-logit head's kernel is in x 2 (orthogonal
 * columns at initialisation), its layer kind the same as a one-logit head's.
 */
export function buildModel(cfg: ModelConfig, options: BuildOptions): Mlp {
  const rng = new Random(options.seed);
  // A standard net's layers are plain dense ones whatever the layer setting.
  const parametrisation = cfg.kind === 'lipschitz' ? denseParametrisation(cfg.layer) : 'bjorck';
  const settings = { bjorck: cfg.bjorck, power: cfg.power, checkTolerance: options.checkTolerance, layer: parametrisation, plainBjorck: options.plainBjorck };
  // Residual layers: the first hidden layer stays dense (2 -> width), each further one is a block.
  const blockCount = cfg.kind === 'lipschitz' && isResidualLayer(cfg.layer) ? Math.max(0, cfg.hidden.length - 1) : 0;
  const shapes = layerShapes(blockCount > 0 ? { ...cfg, hidden: cfg.hidden.slice(0, 1) } : cfg);
  const layers = shapes.map(([inputs, outputs], i) => {
    const isHead = i === shapes.length - 1;
    const kind: DenseKind = cfg.kind === 'standard' ? 'standard' : isHead ? 'frobenius' : 'spectral';
    const kernel =
      kind === 'standard' ? glorotUniform(inputs, outputs, rng) : kind === 'frobenius' ? orthogonal(inputs, outputs, rng) : initialKernel(parametrisation, inputs, outputs, rng);
    const u = new Float32Array(outputs).map(() => rng.normal());
    return new DenseLayer(kind, inputs, outputs, kernel, settings, u, isHead && cfg.head === 'two-logit');
  });
  const blockSettings = { power: cfg.power, checkTolerance: options.checkTolerance };
  const blocks = Array.from({ length: blockCount }, () => zooBlock(cfg.layer as 'sll' | 'cpl', cfg.hidden[0], cfg.activation, rng, blockSettings));
  return new Mlp(cfg.kind, cfg.activation, layers, cfg.kind === 'lipschitz' ? cfg.lipschitz : 1, blocks);
}

/** The dense parametrisation of a layer setting: residual layers (sll, cpl) use Björck for their dense layers. */
function denseParametrisation(layer: LayerName): DenseParametrisation {
  return layer === 'sll' || layer === 'cpl' ? 'bjorck' : layer;
}

/**
 * An inference-only model holding given effective weights (as `readNetWeights` reads them) in
 * unconstrained layers and fixed residual blocks: the same forward pass, so the same f, bit for bit on the
 * same backend, without Björck. Used where a model is evaluated away from its trainer (the field worker, a
 * viewed model file).
 */
export function mlpFromWeights(
  kind: ModelKind,
  activation: ActivationName,
  outputScale: number,
  weights: readonly { inputs: number; outputs: number; kernel: Float32Array; bias: Float32Array }[],
  residual: readonly ResidualWeights[] = [],
): Mlp {
  const settings = { bjorck: DEFAULT_CONFIG.model.bjorck, power: DEFAULT_CONFIG.model.power, checkTolerance: false };
  const layers = weights.map((w) => {
    const layer = new DenseLayer('standard', w.inputs, w.outputs, w.kernel, settings);
    tf.tidy(() => layer.bias.assign(tf.tensor1d(w.bias)));
    return layer;
  });
  return new Mlp(kind, activation, layers, outputScale, residual.map((r) => new FixedResidualBlock(r)));
}
