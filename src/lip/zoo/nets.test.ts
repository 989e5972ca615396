import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../backend/node';
import { DEFAULT_CONFIG, type ModelConfig } from '../../core/config';
import { Random } from '../../core/random';
import type { PointSet } from '../../core/geometry';
import { generateDataset } from '../../data/split';
import { evaluateField } from '../../analysis/field';
import { pairRatioMax } from '../../testing/support';
import { readEffectiveWeights } from '../export';
import { singularValues } from '../linalg';
import { tauBceLoss } from '../losses';
import { buildModel, type Mlp } from '../model';

/** Whole nets whose hidden layers are the zoo's dense parametrisations (cayley, soc, aol). */
const ZOO = ['cayley', 'soc', 'aol'] as const;
const model = (over: Partial<ModelConfig>): ModelConfig => ({ ...DEFAULT_CONFIG.model, ...over });

describe('nets built with the zoo layers', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const layer of ZOO) {
    for (const [activation, lipschitz] of [['groupsort2', 1], ['maxmin', 3]] as const) {
      it(`${layer}, ${activation}, L = ${lipschitz}: max |f(x) - f(y)| / |x - y| <= L (1 + 1e-4) over 4000 random pairs, and every hidden weight has spectral norm <= 1 + 1e-5`, async () => {
        // maxmin doubles the next layer's input: 2 -> 64, 128 -> 64, 128 -> 32 (a narrowing layer).
        const m = buildModel(model({ layer, activation, lipschitz, hidden: [64, 64, 32] }), { seed: 3, checkTolerance: true });
        const ratio = await pairRatioMax((xy) => evaluateField((x) => m.predict(x), xy), 4000);
        expect(ratio).toBeLessThanOrEqual(lipschitz * (1 + 1e-4));
        const weights = await readEffectiveWeights(m);
        for (const w of weights.slice(0, -1)) {
          const sv = singularValues(w.kernel, w.inputs, w.outputs);
          expect(Math.max(...sv), `${w.inputs}x${w.outputs}`).toBeLessThanOrEqual(1 + 1e-5);
          if (layer !== 'aol') expect(Math.min(...sv), `${w.inputs}x${w.outputs}`).toBeGreaterThanOrEqual(1 - 1e-5);
        }
        m.dispose();
      });
    }

    it(`${layer}: the same seed gives the same weights, before and after 20 training steps; another seed differs`, async () => {
      const weightsAfter = async (seed: number, steps: number) => {
        const m = buildModel(model({ layer }), { seed, checkTolerance: true });
        const run = new MoonsTraining(m, seed);
        run.steps(steps);
        const w = (await readEffectiveWeights(m)).map((l) => Array.from(l.kernel));
        run.dispose();
        m.dispose();
        return w;
      };
      expect(await weightsAfter(4, 0)).toEqual(await weightsAfter(4, 0));
      expect(await weightsAfter(4, 20)).toEqual(await weightsAfter(4, 20));
      expect(await weightsAfter(5, 0)).not.toEqual(await weightsAfter(4, 0));
    });

    it(`${layer}: the default net (2-64-64-64-1, groupsort2) trained as the app does (tau-bce tau 10, Adam 0.01, batches of 256) reaches >= 99% train and test accuracy on two moons in 300 steps`, () => {
      const m = buildModel(model({ layer }), { seed: DEFAULT_CONFIG.train.seed, checkTolerance: true });
      const run = new MoonsTraining(m, DEFAULT_CONFIG.train.seed);
      const before = run.loss();
      run.steps(300);
      expect(run.accuracy(run.data.train)).toBeGreaterThanOrEqual(0.99);
      expect(run.accuracy(run.data.test)).toBeGreaterThanOrEqual(0.99);
      expect(run.loss()).toBeLessThan(before);
      run.dispose();
      m.dispose();
    });
  }

  it('a zoo net leaks no tensors over training steps and inference', () => {
    for (const layer of ZOO) {
      const m = buildModel(model({ layer }), { seed: 1, checkTolerance: true });
      const run = new MoonsTraining(m, 1);
      run.steps(3);
      run.accuracy(run.data.test);
      const tensors = tf.memory().numTensors;
      run.steps(20);
      run.accuracy(run.data.test);
      expect(tf.memory().numTensors, layer).toBe(tensors);
      run.dispose();
      m.dispose();
    }
  });
});

/**
 * The app's training step without its engine (src/train may not be imported here): the default two
 * moons (1000 points, a quarter for test), seeded shuffled batches of 256, Adam 0.01, tau-bce with tau 10.
 */
class MoonsTraining {
  readonly data = generateDataset(DEFAULT_CONFIG.data);
  private readonly x = tf.tensor2d(this.data.train.xy, [this.data.train.labels.length, 2]);
  private readonly y = tf.tensor1d(this.data.train.labels);
  private readonly optimizer = tf.train.adam(DEFAULT_CONFIG.train.lr);
  private readonly rng: Random;
  private order: number[] = [];

  constructor(private readonly m: Mlp, seed: number) {
    this.rng = new Random(seed);
  }

  steps(count: number): void {
    const { batchSize } = DEFAULT_CONFIG.train;
    const { tau } = DEFAULT_CONFIG.loss;
    for (let i = 0; i < count; i++) {
      if (this.order.length < batchSize) this.order = this.shuffled();
      const batch = this.order.splice(0, batchSize);
      tf.tidy(() => {
        this.m.refreshPowerVectors();
        const idx = tf.tensor1d(batch, 'int32');
        const x = tf.gather(this.x, idx) as tf.Tensor2D;
        const y = tf.gather(this.y, idx) as tf.Tensor1D;
        this.optimizer.minimize(() => tauBceLoss(this.m.forwardTrainable(x), y, tau), false, this.m.trainableVariables());
      });
      this.m.invalidate();
    }
  }

  private shuffled(): number[] {
    const order = Uint32Array.from({ length: this.data.train.labels.length }, (_, i) => i);
    this.rng.shuffle(order);
    return Array.from(order);
  }

  /** The tau-bce loss over the whole training set at the inference weights. */
  loss(): number {
    return tf.tidy(() => tauBceLoss(this.m.predict(this.x), this.y, DEFAULT_CONFIG.loss.tau).dataSync()[0]);
  }

  accuracy(set: PointSet): number {
    const f = tf.tidy(() => this.m.predict(tf.tensor2d(set.xy, [set.labels.length, 2])).dataSync());
    return set.labels.reduce((hits, label, i) => hits + (Math.sign(f[i]) === label ? 1 : 0), 0) / set.labels.length;
  }

  dispose(): void {
    tf.dispose([this.x, this.y]);
    this.optimizer.dispose();
  }
}
