import * as tf from '@tensorflow/tfjs';
import { evaluateField, type ScalarField } from '../analysis/field';
import { modelGradientNorms, modelValuesAndGradientNorms, valuesAndGradientNormsInChunks } from './gradientNorms';
import type { ValuesAndGradientNorms } from './report';
import type { Dataset, PointSet } from '../core/geometry';
import type { LossFunction } from '../lip/losses';
import { buildModel, type Mlp } from '../lip/model';
import { LipschitzEstimate, makeTrainingLoss } from '../lip/robustTraining';
import type { ExperimentConfig, LossConfig } from '../core/config';
import { evaluationChunkPoints } from '../core/cost';
import { makeOptimizer, type StepOptimizer } from './optimizers';
import { BatchSampler } from './sampler';
import { flushTinyGradient } from './flushTiny';

/**
 * The training engine: one model, its optimizer and data, advanced step by step. Usable from a Web Worker
 * and from Node alike (no DOM, no React). Every step runs inside tf.tidy; only the model's variables, the
 * optimizer's slots and the dataset tensors live across steps.
 */
export interface Evaluation {
  step: number;
  /**
   * The training loss over the whole training set at the current weights (not the last mini-batch's):
   * the loss a step minimises (the configured loss, or its robust form under `train.robust`), averaged
   * over the points as it is on a batch.
   */
  loss: number;
  /** The same loss function over the whole test set, at the same weights; NaN when there is no test point. */
  testLoss: number;
  trainAccuracy: number;
  /** NaN when there is no test point. */
  testAccuracy: number;
}

export interface TrainerOptions {
  /** Early-stop power/Björck iterations by reading values back: `canCheckTolerance(tf.getBackend())` (lip/orthonormalize). */
  checkTolerance: boolean;
  /** Points per chunk of an evaluation (default: core/cost.ts `evaluationChunkPoints` of the model). */
  evaluationChunk?: number;
  /**
   * Runs between two chunks of every pass over many points (`evaluate` without its own, `predict`,
   * `gradientNorms`): the worker yields there, so a long report of a big model lets its messages and
   * heartbeat in. None: one pass, as the runner wants.
   */
  between?: BetweenChunks;
  /** A net built elsewhere to hold instead of `config.model`'s (a viewed model file); the trainer owns it. */
  model?: Mlp;
  /** Björck without the scaled schedule (lip/layers.ts `plainBjorck`): benchmarks and tests compare. */
  plainBjorck?: boolean;
}

/** What `evaluate` may do between two chunks (the worker answers commands there). */
export type BetweenChunks = () => Promise<void>;

/** The weights of a trainer's model at a step (train/checkpoint.ts reads them; `restore` puts them back). */
export interface Checkpoint {
  step: number;
  /** The values of `model.trainableVariables()`, in order. */
  variables: Float32Array[];
}

/** A dataset's points as tensors on the active backend. */
export interface DeviceSet {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  count: number;
}

function toDevice(points: PointSet): DeviceSet {
  const count = points.labels.length;
  return { x: tf.tensor2d(points.xy, [count, 2]), y: tf.tensor1d(points.labels), count };
}

/** `Trainer.lockstepParts`: what the batched lockstep works on. */
export interface LockstepParts {
  config: ExperimentConfig;
  model: Mlp;
  optimizer: StepOptimizer;
  sampler: BatchSampler;
  train: DeviceSet;
  /** The model's Björck and power iterations stop early by reading back (wasm, cpu) rather than run fixed counts. */
  checkTolerance: boolean;
  /** Trains with a robust loss (LMT, GloRo), whose own power vectors the lockstep does not batch. */
  robust: boolean;
}

export class Trainer {
  readonly model: Mlp;
  private optimizer: StepOptimizer;
  /** The loss a step minimises: the configured loss, or its LMT / GloRo form (lip/robustTraining.ts). */
  private loss: LossFunction;
  /** K, the Lipschitz bound the robust loss asks a margin of (its power vectors); null without `train.robust`. */
  private readonly robustBound: LipschitzEstimate | null;
  private readonly train: DeviceSet;
  private readonly test: DeviceSet;
  private readonly sampler: BatchSampler;
  private readonly evaluationChunk: number;
  private readonly between: BetweenChunks | undefined;
  private readonly checkTolerance: boolean;
  private stepCount = 0;

  constructor(
    private config: ExperimentConfig,
    readonly dataset: Dataset,
    options: TrainerOptions,
  ) {
    this.model = options.model ?? buildModel(config.model, { seed: config.train.seed, checkTolerance: options.checkTolerance, plainBjorck: options.plainBjorck });
    this.optimizer = makeOptimizer(config.train.optimizer, config.train.lr, this.model.trainableVariables());
    this.robustBound = config.train.robust === 'none' ? null : LipschitzEstimate.forModel(this.model, config.train.seed);
    this.loss = makeTrainingLoss(config.train, config.loss, this.robustBound);
    this.train = toDevice(dataset.train);
    this.test = toDevice(dataset.test);
    this.sampler = new BatchSampler(this.train.count, config.train.batchSize, config.train.seed);
    this.evaluationChunk = Math.max(1, Math.floor(options.evaluationChunk ?? evaluationChunkPoints(config.model)));
    this.between = options.between;
    this.checkTolerance = options.checkTolerance;
  }

  get step(): number {
    return this.stepCount;
  }

  /**
   * Runs k optimisation steps and resolves to the last batch's loss (NaN or infinite when training
   * diverged: the caller decides to stop).
   */
  async runSteps(k: number): Promise<number> {
    let last: tf.Scalar | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = this.singleStep();
    }
    if (!last) return NaN;
    const value = (await last.data())[0];
    last.dispose();
    return value;
  }

  /**
   * Runs k optimisation steps and resolves to every step's batch loss, in order, read back together once
   * at the end (no wait per step): the first non-finite one is the exact step at which training diverged.
   */
  async runStepsWithLosses(k: number): Promise<Float32Array> {
    const losses: tf.Scalar[] = [];
    try {
      for (let i = 0; i < k; i++) losses.push(this.singleStep());
      if (losses.length === 0) return new Float32Array(0);
      const stacked = tf.stack(losses);
      try {
        return (await stacked.data()) as Float32Array;
      } finally {
        stacked.dispose();
      }
    } finally {
      tf.dispose(losses);
    }
  }

  private singleStep(): tf.Scalar {
    const indices = this.sampler.next();
    const value = tf.tidy(() => {
      this.model.refreshPowerVectors();
      this.robustBound?.advance();
      const batch = tf.tensor1d(indices, 'int32');
      const x = tf.gather(this.train.x, batch) as tf.Tensor2D;
      const y = tf.gather(this.train.y, batch) as tf.Tensor1D;
      const { value: lossValue, grads } = tf.variableGrads(
        () => this.loss(flushTinyGradient(this.model.forwardTrainable(x)), y),
        this.model.trainableVariables(),
      );
      this.optimizer.applyGradients(grads);
      return lossValue;
    });
    this.model.invalidate();
    this.stepCount++;
    return value;
  }

  /**
   * What the batched lockstep (train/lockstep.ts) reads and advances of this trainer when it trains it
   * together with others of the same shape: the model, its optimizer, its batch sampler, its training set
   * on the device and its current settings (live changes included).
   */
  lockstepParts(): LockstepParts {
    return {
      config: this.config,
      model: this.model,
      optimizer: this.optimizer,
      sampler: this.sampler,
      train: this.train,
      checkTolerance: this.checkTolerance,
      robust: this.robustBound !== null,
    };
  }

  /** Counts `k` steps the batched lockstep took for this trainer (its weights already written back). */
  countLockstepSteps(k: number): void {
    this.model.invalidate();
    this.stepCount += k;
  }

  /**
   * Losses and accuracies over the full training and test sets at the current weights (inference
   * weights). f is computed in chunks of `evaluationChunk` points, so a big set never needs one huge
   * tensor (100,000 points through a wide net aborted the wasm backend), and `between` runs between two
   * chunks; the loss is taken over the whole set at once (KR's class means are not a mean of chunk means).
   */
  async evaluate(between: BetweenChunks | undefined = this.between): Promise<Evaluation> {
    const train = await this.scoreSet(this.train, between);
    // Without test points neither test loss nor accuracy is computed.
    const test = this.test.count > 0 ? await this.scoreSet(this.test, between) : null;
    return {
      step: this.stepCount,
      loss: train.loss,
      trainAccuracy: train.correct / this.train.count,
      testLoss: test ? test.loss : NaN,
      testAccuracy: test ? test.correct / this.test.count : NaN,
    };
  }

  /** The loss and the number of correctly classified points of one set, f in chunks. */
  private async scoreSet(set: DeviceSet, between?: BetweenChunks): Promise<{ loss: number; correct: number }> {
    const chunks: tf.Tensor1D[] = [];
    try {
      for (let start = 0; start < set.count; start += this.evaluationChunk) {
        const size = Math.min(this.evaluationChunk, set.count - start);
        const whole = size === set.count;
        chunks.push(tf.tidy(() => this.model.predict(whole ? set.x : tf.slice(set.x, [start, 0], [size, 2]))));
        if (between && start + size < set.count) {
          await chunks[chunks.length - 1].data(); // the chunk is computed (GPU backends run late) before the pause
          await between();
        }
      }
      const results = tf.tidy(() => {
        const f = chunks.length === 1 ? chunks[0] : (tf.concat(chunks) as tf.Tensor1D);
        return [this.loss(f, set.y), tf.sum(tf.cast(tf.greater(tf.mul(f, set.y), 0), 'float32'))];
      });
      const [loss, correct] = await Promise.all(results.map(async (t) => (await t.data())[0]));
      tf.dispose(results);
      return { loss, correct };
    } finally {
      tf.dispose(chunks);
    }
  }

  /** f at arbitrary points (interleaved x, y), batched to bound memory. */
  predict(xy: Float32Array): Promise<Float32Array> {
    return this.inChunks(xy, (chunk) => evaluateField(this.field, chunk));
  }

  /** |grad f| at arbitrary points, with the inference weights (closed form for groupsort2, else autodiff). */
  gradientNorms(xy: Float32Array): Promise<Float32Array> {
    return this.inChunks(xy, (chunk) => modelGradientNorms(this.model, chunk));
  }

  /** f and |grad f| at arbitrary points, in one pass for groupsort2 nets (train/gradientNorms.ts). */
  valuesAndGradientNorms(xy: Float32Array): Promise<ValuesAndGradientNorms> {
    const pass = (chunk: Float32Array) => modelValuesAndGradientNorms(this.model, chunk);
    return this.between ? valuesAndGradientNormsInChunks(xy, this.evaluationChunk, this.between, pass) : pass(xy);
  }

  /** `f` over `xy` in one pass, or with `between` set, in chunks of `evaluationChunk` points with it between. */
  private async inChunks(xy: Float32Array, f: (chunk: Float32Array) => Promise<Float32Array>): Promise<Float32Array> {
    const n = xy.length / 2;
    if (!this.between || n <= this.evaluationChunk) return f(xy);
    const out = new Float32Array(n);
    for (let start = 0; start < n; start += this.evaluationChunk) {
      const end = Math.min(n, start + this.evaluationChunk);
      out.set(await f(xy.subarray(2 * start, 2 * end)), start);
      if (end < n) await this.between();
    }
    return out;
  }

  /** The model as a function of its input, with the cached inference weights. */
  readonly field: ScalarField = (x) => this.model.predict(x);

  /** Applies a new loss at once, without a reset (the weights and optimizer state are kept). */
  setLoss(loss: LossConfig): void {
    this.config = { ...this.config, loss };
    this.loss = makeTrainingLoss(this.config.train, loss, this.robustBound);
  }

  /** Changes the learning rate at once; Adam keeps its moment estimates. */
  setLearningRate(lr: number): void {
    this.config = { ...this.config, train: { ...this.config.train, lr } };
    this.optimizer.setLearningRate(lr);
  }

  /**
   * Puts back the weights and the step count of `checkpoint` (read from this trainer's model or one of the
   * same configuration). The optimizer state and the model's power-iteration vectors are left as they
   * are: a caller that needs them fresh builds a new Trainer and restores it. Robust training's power
   * vectors go back to their seeded start (those of a diverged model are not finite).
   */
  restore(checkpoint: Checkpoint): void {
    const variables = this.model.trainableVariables();
    if (checkpoint.variables.length !== variables.length) {
      throw new Error(`the checkpoint holds ${checkpoint.variables.length} variables, the model ${variables.length}`);
    }
    tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(checkpoint.variables[i], v.shape))));
    this.model.invalidate();
    this.robustBound?.reset();
    this.stepCount = checkpoint.step;
  }

  dispose(): void {
    this.model.dispose();
    this.robustBound?.dispose();
    this.optimizer.dispose();
    tf.dispose([this.train.x, this.train.y, this.test.x, this.test.y]);
  }
}
