import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, type ActivationName, type ExperimentConfig, type ModelConfig } from '../core/config';
import { evaluateField, finiteDifferenceGradientNorms } from '../analysis/field';
import { boxPoints, expectClose } from '../testing/tolerance';
import { Trainer } from '../train/trainer';
import { exportMlp, forwardMlpJson, lipschitzBoundOf, readEffectiveWeights } from './export';
import { singularValues } from './linalg';
import { buildModel, layerShapes } from './model';

const model = (over: Partial<ModelConfig>): ModelConfig => ({ ...DEFAULT_CONFIG.model, ...over });

function config(over: { model?: Partial<ModelConfig>; loss?: Partial<ExperimentConfig['loss']>; steps?: number }): ExperimentConfig {
  return {
    ...DEFAULT_CONFIG,
    data: { ...DEFAULT_CONFIG.data, n: 600 },
    model: model(over.model ?? {}),
    loss: { ...DEFAULT_CONFIG.loss, ...over.loss },
    train: { ...DEFAULT_CONFIG.train, steps: over.steps ?? 300 },
  };
}

async function trained(cfg: ExperimentConfig): Promise<Trainer> {
  const trainer = new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: true });
  await trainer.runSteps(cfg.train.steps);
  return trainer;
}

/** max over random pairs of |f(a) - f(b)| / |a - b|, with pairs at all distances. */
async function pairRatioMax(f: (xy: Float32Array) => Promise<Float32Array>, count: number): Promise<number> {
  const a = boxPoints(count, 2, 3);
  const offsets = boxPoints(count, 1, 4);
  const b = a.map((v, i) => v + offsets[i] * 10 ** -(i % 4));
  const fa = await f(a);
  const fb = await f(b);
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const d = Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
    if (d > 1e-3) worst = Math.max(worst, Math.abs(fa[i] - fb[i]) / d);
  }
  return worst;
}

describe('model shapes', () => {
  it('chains 2 -> hidden -> 1, maxmin doubling the next input', () => {
    expect(layerShapes({ hidden: [8, 4], activation: 'relu' })).toEqual([[2, 8], [8, 4], [4, 1]]);
    expect(layerShapes({ hidden: [8, 4], activation: 'maxmin' })).toEqual([[2, 8], [16, 4], [8, 1]]);
    expect(layerShapes({ hidden: [], activation: 'relu' })).toEqual([[2, 1]]);
  });

  it('refuses groupsort2 on an odd width, naming it', () => {
    expect(() => buildModel(model({ hidden: [8, 5] }), { seed: 1, checkTolerance: true })).toThrow(/even.*5/);
  });
});

describe('a constrained (1-Lipschitz) net', () => {
  beforeAll(() => useNodeBackend('wasm'));

  const activations: ActivationName[] = ['groupsort2', 'fullsort', 'maxmin', 'relu', 'abs', 'tanh'];
  for (const activation of activations) {
    it(`at random initialisation (${activation}) has |grad f| <= 1 + 1e-3 at 4000 points and |f(x) - f(y)| <= |x - y|`, async () => {
      const m = buildModel(model({ activation, hidden: [32, 32] }), { seed: 2, checkTolerance: true });
      const g = await finiteDifferenceGradientNorms((x) => m.predict(x), boxPoints(4000, 3, 5), 1e-2);
      expect(Math.max(...g)).toBeLessThanOrEqual(1 + 1e-3);
      expect(await pairRatioMax((xy) => evaluateField((x) => m.predict(x), xy), 4000)).toBeLessThanOrEqual(1 + 1e-3);
      m.dispose();
    });
  }

  it('has effective weights with unit singular values', async () => {
    const m = buildModel(model({ hidden: [16, 32, 8] }), { seed: 3, checkTolerance: true });
    const weights = await readEffectiveWeights(m);
    for (const w of weights.slice(0, -1)) {
      for (const s of singularValues(w.kernel, w.inputs, w.outputs)) expect(Math.abs(s - 1)).toBeLessThan(1e-3);
    }
    const head = weights[weights.length - 1];
    expect(Math.hypot(...head.kernel)).toBeCloseTo(1, 5);
    expect(lipschitzBoundOf(weights, m.outputScale)).toBeLessThan(1 + 3e-3);
    m.dispose();
  });

  it('after training with hkr keeps |grad f| <= 1 + 1e-3 at thousands of points', async () => {
    const t = await trained(config({ loss: { name: 'hkr' }, model: { hidden: [32, 32] } }));
    const g = await finiteDifferenceGradientNorms((x) => t.model.predict(x), boxPoints(4000, 2.5, 6), 1e-2);
    expect(Math.max(...g)).toBeLessThanOrEqual(1 + 1e-3);
    expect(await pairRatioMax((xy) => evaluateField((x) => t.model.predict(x), xy), 4000)).toBeLessThanOrEqual(1 + 1e-3);
    t.dispose();
  });

  it('with L = 3 is 3-Lipschitz after training, and tightly so somewhere', async () => {
    const t = await trained(config({ model: { lipschitz: 3, hidden: [32, 32] }, loss: { name: 'tau-bce', tau: 1 } }));
    const ratio = await pairRatioMax((xy) => evaluateField((x) => t.model.predict(x), xy), 4000);
    expect(ratio).toBeLessThanOrEqual(3 * (1 + 1e-3));
    expect(ratio).toBeGreaterThan(1);
    t.dispose();
  });
});

describe('a standard net', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('trained with bce has a gradient norm well above 1 somewhere', async () => {
    const t = await trained(config({ model: { kind: 'standard', activation: 'relu', hidden: [32, 32] }, loss: { name: 'bce' } }));
    const g = await finiteDifferenceGradientNorms((x) => t.model.predict(x), boxPoints(4000, 2.5, 7), 1e-2);
    expect(Math.max(...g)).toBeGreaterThan(2);
    t.dispose();
  });
});

describe('the exported plain MLP', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const [kind, activation, lipschitz] of [
    ['lipschitz', 'groupsort2', 2],
    ['lipschitz', 'maxmin', 1],
    ['standard', 'tanh', 1],
  ] as const) {
    it(`reproduces f for a trained ${kind} ${activation} net (L folded into the last layer)`, async () => {
      const t = await trained(config({ model: { kind, activation, lipschitz, hidden: [16, 16] }, steps: 50 }));
      const json = await exportMlp(t.model);
      const mlp = JSON.parse(JSON.stringify(json));
      expect(mlp.format).toBe('lipschitz-playground/mlp');
      expect(mlp.lipschitz).toBe(kind === 'lipschitz' ? lipschitz : null);
      const xy = boxPoints(500, 2, 8);
      const plain = Array.from({ length: 500 }, (_, i) => forwardMlpJson(mlp, xy[2 * i], xy[2 * i + 1]));
      expectClose(await evaluateField((x) => t.model.predict(x), xy), plain, 1e-4);
      t.dispose();
    });
  }
});

describe('initialisation', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('is the same for the same seed and differs for another seed', async () => {
    const read = async (seed: number) => {
      const m = buildModel(model({ hidden: [8, 8] }), { seed, checkTolerance: true });
      const w = await readEffectiveWeights(m);
      m.dispose();
      return Array.from(w[0].kernel);
    };
    expect(await read(4)).toEqual(await read(4));
    expect(await read(4)).not.toEqual(await read(5));
  });

  it('leaks no tensors when built and disposed', () => {
    const before = tf.memory().numTensors;
    const m = buildModel(model({}), { seed: 1, checkTolerance: true });
    m.effectiveWeights();
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
