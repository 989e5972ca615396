import * as tf from '@tensorflow/tfjs';
import { evaluateField, type ScalarField } from '../analysis/field';
import { modelGradientNorms } from './gradientNorms';
import type { Dataset, PointSet } from '../core/geometry';
import { makeLoss, type LossFunction } from '../lip/losses';
import { buildModel, type Mlp } from '../lip/model';
import type { ExperimentConfig, LossConfig } from '../core/config';
import { makeOptimizer, type StepOptimizer } from './optimizers';
import { BatchSampler } from './sampler';

/**
 * The training engine: one model, its optimizer and data, advanced step by step. Usable from a Web Worker
 * and from Node alike (no DOM, no React). Every step runs inside tf.tidy; only the model's variables, the
 * optimizer's slots and the dataset tensors live across steps.
 */
export interface Evaluation {
  step: number;
  /**
   * The training loss over the whole training set at the current weights (not the last mini-batch's):
   * the configured loss function, averaged over the points as it is on a batch.
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
}

/** A dataset's points as tensors on the active backend. */
interface DeviceSet {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  count: number;
}

function toDevice(points: PointSet): DeviceSet {
  const count = points.labels.length;
  return { x: tf.tensor2d(points.xy, [count, 2]), y: tf.tensor1d(points.labels), count };
}

export class Trainer {
  readonly model: Mlp;
  private optimizer: StepOptimizer;
  private loss: LossFunction;
  private readonly train: DeviceSet;
  private readonly test: DeviceSet;
  private readonly sampler: BatchSampler;
  private stepCount = 0;

  constructor(
    private config: ExperimentConfig,
    readonly dataset: Dataset,
    options: TrainerOptions,
  ) {
    this.model = buildModel(config.model, { seed: config.train.seed, checkTolerance: options.checkTolerance });
    this.optimizer = makeOptimizer(config.train.optimizer, config.train.lr, this.model.trainableVariables());
    this.loss = makeLoss(config.loss);
    this.train = toDevice(dataset.train);
    this.test = toDevice(dataset.test);
    this.sampler = new BatchSampler(this.train.count, config.train.batchSize, config.train.seed);
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
      const batch = tf.tensor1d(indices, 'int32');
      const x = tf.gather(this.train.x, batch) as tf.Tensor2D;
      const y = tf.gather(this.train.y, batch) as tf.Tensor1D;
      const { value: lossValue, grads } = tf.variableGrads(
        () => this.loss(this.model.forwardTrainable(x), y),
        this.model.trainableVariables(),
      );
      this.optimizer.applyGradients(grads);
      return lossValue;
    });
    this.model.invalidate();
    this.stepCount++;
    return value;
  }

  /** Losses and accuracies over the full training and test sets at the current weights (inference weights). */
  async evaluate(): Promise<Evaluation> {
    const hasTest = this.test.count > 0;
    const results = tf.tidy(() => {
      const correct = (f: tf.Tensor1D, y: tf.Tensor1D) => tf.sum(tf.cast(tf.greater(tf.mul(f, y), 0), 'float32'));
      const fTrain = this.model.predict(this.train.x);
      const out = [this.loss(fTrain, this.train.y), correct(fTrain, this.train.y)];
      // Test loss and accuracy from one forward pass; without test points neither is computed.
      if (hasTest) {
        const fTest = this.model.predict(this.test.x);
        out.push(this.loss(fTest, this.test.y), correct(fTest, this.test.y));
      }
      return out;
    });
    const values = await Promise.all(results.map(async (t) => (await t.data())[0]));
    tf.dispose(results);
    return {
      step: this.stepCount,
      loss: values[0],
      trainAccuracy: values[1] / this.train.count,
      testLoss: hasTest ? values[2] : NaN,
      testAccuracy: hasTest ? values[3] / this.test.count : NaN,
    };
  }

  /** f at arbitrary points (interleaved x, y), batched to bound memory. */
  predict(xy: Float32Array): Promise<Float32Array> {
    return evaluateField(this.field, xy);
  }

  /** |grad f| at arbitrary points, with the inference weights (closed form for groupsort2, else autodiff). */
  gradientNorms(xy: Float32Array): Promise<Float32Array> {
    return modelGradientNorms(this.model, xy);
  }

  /** The model as a function of its input, with the cached inference weights. */
  readonly field: ScalarField = (x) => this.model.predict(x);

  /** Applies a new loss at once, without a reset (the weights and optimizer state are kept). */
  setLoss(loss: LossConfig): void {
    this.config = { ...this.config, loss };
    this.loss = makeLoss(loss);
  }

  /** Changes the learning rate at once; Adam keeps its moment estimates. */
  setLearningRate(lr: number): void {
    this.config = { ...this.config, train: { ...this.config.train, lr } };
    this.optimizer.setLearningRate(lr);
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.train.x, this.train.y, this.test.x, this.test.y]);
  }
}
