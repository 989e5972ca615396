import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ActivationName, type ModelConfig } from '../core/config';
import { evaluateField, finiteDifferenceGradientNorms } from '../analysis/field';
import { boxPoints, pairRatioMax } from '../testing/support';
import { lipschitzBoundOf, readEffectiveWeights } from './export';
import { singularValues } from './linalg';
import { buildModel, layerShapes } from './model';

const model = (over: Partial<ModelConfig>): ModelConfig => ({ ...DEFAULT_CONFIG.model, ...over });

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
    expect(lipschitzBoundOf({ dense: weights, residual: [] }, m.outputScale)).toBeLessThan(1 + 3e-3);
    m.dispose();
  });

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
