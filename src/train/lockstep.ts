import * as tf from '@tensorflow/tfjs';
import { batchedForward, batchedPowerIteration, type BatchedLayer } from '../lip/batched';
import { makeBatchedLoss, type BatchedLossFunction } from '../lip/batchedLosses';
import { flushTinyGradient } from './flushTiny';
import { FlatAdam } from './optimizers';
import type { LockstepParts, Trainer } from './trainer';

/**
 * Batched lockstep: the training steps of N models of one shape (a comparison's) as ONE computation on
 * stacked weights (lip/batched.ts), each model with its own data, batches, loss settings, output scale and
 * learning rate. Every slice along the model axis is the step that model's own Trainer would take, so the
 * models stay independent (lockstep.test.ts holds them to their one-by-one runs).
 *
 * Only for the fixed-count path of GPU backends (WebGPU, WebGL): there one batched product costs about
 * what one product does, so N models cost far less than N steps. On wasm a batched product runs a plain
 * loop (README, "Batched Björck") and the models step one after another instead.
 *
 * The trainers stay the owners of their weights, optimizer state and step counts: `runStepsWithLosses`
 * stacks them, runs k steps and writes them back, so between two calls each Trainer evaluates, snapshots,
 * checkpoints and changes settings exactly as it does alone.
 */
/** A tick's per-model settings as tensors ([N, 1]: output scale, minus the learning rate) and its loss. */
interface TickSettings {
  scale: tf.Tensor2D;
  negativeRate: tf.Tensor2D;
  loss: BatchedLossFunction;
}

export class BatchedLockstep {
  /** The trainers' parts, read again at each call: their settings change live (`Trainer.setLoss`). */
  private parts: LockstepParts[];
  /** Stacked trainable variables, one per variable of a model, in `trainableVariables` order: [N, ...]. */
  private readonly variables: tf.Variable[];
  /** Per dense layer: the stacked power vectors [N, 1, out] of a Björck layer, else null. */
  private readonly powerVectors: (tf.Variable | null)[];
  /** Every model's training points one after another, [N * count, 2] and [N * count]. */
  private readonly trainX: tf.Tensor2D;
  private readonly trainY: tf.Tensor1D;
  private readonly adam: { first: tf.Variable; second: tf.Variable } | null;

  constructor(readonly trainers: readonly Trainer[]) {
    const blocker = lockstepBlocker(trainers);
    if (blocker) throw new Error(`no batched lockstep: ${blocker}`);
    this.parts = trainers.map((t) => t.lockstepParts());
    const first = this.parts[0];
    this.variables = first.model.trainableVariables().map((_, i) =>
      tf.tidy(() => tf.variable(tf.stack(this.parts.map((p) => p.model.trainableVariables()[i])), true)),
    );
    this.powerVectors = first.model.layers.map((layer, j) =>
      layer.devicePowerVector ? tf.tidy(() => tf.variable(tf.stack(this.parts.map((p) => p.model.layers[j].devicePowerVector!)), false)) : null,
    );
    this.trainX = tf.concat(this.parts.map((p) => p.train.x));
    this.trainY = tf.concat(this.parts.map((p) => p.train.y));
    this.adam =
      first.optimizer instanceof FlatAdam
        ? tf.tidy(() => ({
            first: tf.variable(tf.stack(this.parts.map((p) => (p.optimizer as FlatAdam).state.first)), false),
            second: tf.variable(tf.stack(this.parts.map((p) => (p.optimizer as FlatAdam).state.second)), false),
          }))
        : null;
  }

  /** Whether this lockstep trains exactly these trainers, in this order. */
  trains(trainers: readonly Trainer[]): boolean {
    return trainers.length === this.trainers.length && trainers.every((t, i) => t === this.trainers[i]);
  }

  /**
   * Runs k steps of every model and resolves to each model's k batch losses, in order, read back once
   * (`Trainer.runStepsWithLosses` for N models at once).
   */
  async runStepsWithLosses(k: number): Promise<Float32Array[]> {
    const n = this.parts.length;
    if (k <= 0) return this.parts.map(() => new Float32Array(0));
    this.parts = this.trainers.map((t) => t.lockstepParts());
    // Each model's power vectors as its own next step would use them: refreshed unless already fresh
    // (after an evaluation), here for all models at once (one by one, they cost as much as a batched step).
    const stale = this.parts.map((p) => !p.model.hasFreshPowerVectors);
    this.gather();
    // The tick's per-model settings, uploaded once for its k steps.
    const settings: TickSettings = {
      scale: tf.tensor2d(this.parts.map((p) => p.model.outputScale), [n, 1]),
      negativeRate: tf.tensor2d(this.parts.map((p) => -p.config.train.lr), [n, 1]),
      loss: makeBatchedLoss(this.parts.map((p) => p.config.loss)),
    };
    const losses: tf.Tensor1D[] = [];
    try {
      for (let i = 0; i < k; i++) losses.push(this.step(i > 0 ? 'all' : stale, settings));
      this.scatter(k);
      const stacked = tf.stack(losses);
      try {
        const values = (await stacked.data()) as Float32Array;
        // [k, N] row-major: model m's losses are column m.
        return Array.from({ length: n }, (_, m) => Float32Array.from({ length: k }, (_, i) => values[i * n + m]));
      } finally {
        stacked.dispose();
      }
    } finally {
      tf.dispose([...losses, settings.scale, settings.negativeRate]);
    }
  }

  /**
   * One step of every model; returns each model's batch loss, [N]. First the power vectors are refreshed
   * from the current kernels: every model's (`all`), or those of the models marked true.
   */
  private step(refresh: 'all' | boolean[], settings: TickSettings): tf.Tensor1D {
    const first = this.parts[0];
    const modelConfig = first.config.model;
    const batchSize = first.sampler.batchSize;
    const count = first.train.count;
    // The samplers run on the host, one per model, as each Trainer's would.
    const indices = new Int32Array(this.parts.length * Math.min(batchSize, count));
    let at = 0;
    this.parts.forEach((p, m) => {
      for (const index of p.sampler.next()) indices[at++] = index + m * count;
    });
    let perModel: tf.Tensor1D | null = null;
    tf.tidy(() => {
      if (refresh === 'all' || refresh.some((r) => r)) {
        // Models whose vectors are fresh keep them (a second refresh would move them: model.ts says why).
        const keep = refresh === 'all' ? null : tf.tensor3d(refresh.map((r) => (r ? 0 : 1)), [refresh.length, 1, 1], 'bool');
        this.powerVectors.forEach((u, j) => {
          if (!u) return;
          const next = batchedPowerIteration(this.kernel(j), u as tf.Tensor3D, modelConfig.power.iterations);
          u.assign(keep ? tf.where(keep, u as tf.Tensor, next) : next);
        });
      }
      const n = this.parts.length;
      const batch = tf.tensor1d(indices, 'int32');
      const x = tf.reshape(tf.gather(this.trainX, batch), [n, -1, 2]) as tf.Tensor3D;
      const y = tf.reshape(tf.gather(this.trainY, batch), [n, -1]) as tf.Tensor2D;
      const { grads } = tf.variableGrads(() => {
        const f = batchedForward(x, this.layers(), first.model.activation, modelConfig.bjorck, settings.scale);
        perModel = tf.keep(settings.loss(flushTinyGradient(f), y));
        return tf.sum(perModel) as tf.Scalar;
      }, this.variables);
      this.update(grads, settings.negativeRate);
    });
    return perModel!;
  }

  /** The stacked layers of the current variables (kernel and bias of layer j at 2j, 2j + 1). */
  private layers(): BatchedLayer[] {
    return this.parts[0].model.layers.map((layer, j) => ({
      kind: layer.kind,
      kernel: this.kernel(j),
      bias: this.variables[2 * j + 1] as tf.Tensor2D,
      powerVector: this.powerVectors[j] as tf.Tensor3D | null,
      twoLogit: layer.twoLogit,
    }));
  }

  private kernel(j: number): tf.Tensor3D {
    return this.variables[2 * j] as tf.Tensor3D;
  }

  /** Each model's optimizer update with its own learning rate: Adam (`FlatAdam`'s) or plain gradient descent. */
  private update(grads: tf.NamedTensorMap, negativeRate: tf.Tensor2D): void {
    const n = this.parts.length;
    const g = tf.concat(this.variables.map((v) => tf.reshape(grads[v.name], [n, -1])), 1);
    let update: tf.Tensor;
    if (this.adam) {
      // Every model's FlatAdam has the same constants and update count (they step together).
      const { beta1, beta2, epsilon, updates } = (this.parts[0].optimizer as FlatAdam).state;
      const t = updates + this.pendingUpdates + 1;
      const m = tf.add(tf.mul(this.adam.first, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(this.adam.second, beta2), tf.mul(tf.square(g), 1 - beta2));
      this.adam.first.assign(m);
      this.adam.second.assign(v);
      const mHat = tf.div(m, 1 - beta1 ** t);
      const vHat = tf.div(v, 1 - beta2 ** t);
      update = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), negativeRate);
      this.pendingUpdates++;
    } else {
      update = tf.mul(g, negativeRate);
    }
    const sizes = this.variables.map((v) => v.size / n);
    const pieces = this.variables.length === 1 ? [update] : tf.split(update, sizes, 1);
    this.variables.forEach((variable, i) => variable.assign(tf.add(tf.reshape(pieces[i], variable.shape), variable)));
  }

  /** Adam updates made since the last `gather` (the models' own counts advance at `scatter`). */
  private pendingUpdates = 0;

  /** Copies every model's weights, power vectors and optimizer moments into the stacked variables. */
  private gather(): void {
    this.pendingUpdates = 0;
    tf.tidy(() => {
      this.variables.forEach((stacked, i) => stacked.assign(tf.stack(this.parts.map((p) => p.model.trainableVariables()[i]))));
      this.powerVectors.forEach((stacked, j) => stacked?.assign(tf.stack(this.parts.map((p) => p.model.layers[j].devicePowerVector!))));
      if (this.adam) {
        const states = this.parts.map((p) => (p.optimizer as FlatAdam).state);
        this.adam.first.assign(tf.stack(states.map((s) => s.first)));
        this.adam.second.assign(tf.stack(states.map((s) => s.second)));
      }
    });
  }

  /** Writes the stacked state back to each model and counts its k steps. */
  private scatter(k: number): void {
    tf.tidy(() => {
      const writeBack = (stacked: tf.Tensor, targets: tf.Variable[]) => tf.unstack(stacked).forEach((slice, m) => targets[m].assign(slice));
      this.variables.forEach((stacked, i) => writeBack(stacked, this.parts.map((p) => p.model.trainableVariables()[i])));
      this.powerVectors.forEach((stacked, j) => stacked && writeBack(stacked, this.parts.map((p) => p.model.layers[j].devicePowerVector!)));
      if (this.adam) {
        const states = this.parts.map((p) => (p.optimizer as FlatAdam).state);
        writeBack(this.adam.first, states.map((s) => s.first));
        writeBack(this.adam.second, states.map((s) => s.second));
      }
    });
    for (const [m, trainer] of this.trainers.entries()) {
      if (this.adam) (this.parts[m].optimizer as FlatAdam).countUpdates(this.pendingUpdates);
      trainer.countLockstepSteps(k);
    }
    this.pendingUpdates = 0;
  }

  dispose(): void {
    tf.dispose([...this.variables, ...this.powerVectors.filter((u): u is tf.Variable => u !== null), this.trainX, this.trainY]);
    if (this.adam) tf.dispose([this.adam.first, this.adam.second]);
  }
}

/**
 * Why these trainers cannot share a batched lockstep, or null when they can: at least two, all on the
 * fixed-count path (GPU backends), one shape (kind, activation, layers, head), Björck or unconstrained
 * dense layers (the zoo's other layers and residual blocks are not batched), the same Björck and power
 * settings, optimizer, batch size, number of training points and loss; no robust training. They may
 * differ in everything else a sweep varies: tau, alpha, margin, L, learning rate, seeds and data noise.
 */
export function lockstepBlocker(trainers: readonly Trainer[]): string | null {
  if (trainers.length < 2) return 'fewer than two models';
  const parts = trainers.map((t) => t.lockstepParts());
  const [first] = parts;
  if (parts.some((p) => p.checkTolerance)) return 'the backend reads back (wasm, cpu): the models step one after another';
  if (parts.some((p) => p.robust)) return 'robust training (LMT, GloRo) is not batched';
  const shape = (p: LockstepParts) =>
    JSON.stringify({
      kind: p.model.kind,
      activation: p.model.activation,
      residual: p.model.residual.length,
      layers: p.model.layers.map((l) => [l.kind, l.kernel.shape, l.twoLogit, l.kind !== 'spectral' || l.devicePowerVector !== null]),
      bjorck: p.config.model.bjorck,
      power: p.config.model.power.iterations,
      optimizer: p.config.train.optimizer,
      batch: p.sampler.batchSize,
      points: p.train.count,
      loss: p.config.loss.name,
    });
  const reference = shape(first);
  if (parts.some((p) => shape(p) !== reference)) return 'the models differ in shape, layers, optimizer, batch, data size or loss';
  if (first.model.residual.length > 0) return 'residual blocks are not batched';
  if (first.model.layers.some((l) => l.kind === 'spectral' && l.devicePowerVector === null)) return 'only Björck layers are batched in the layer zoo';
  return null;
}
