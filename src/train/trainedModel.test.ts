import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateField, finiteDifferenceGradientNorms } from '../analysis/field';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ExperimentConfig, type ModelConfig } from '../core/config';
import { generateDataset } from '../data/split';
import { exportMlp, forwardMlpJson } from '../lip/export';
import { boxPoints, expectClose, pairRatioMax } from '../testing/support';
import { Trainer } from './trainer';

/** The Lipschitz claims of src/lip, checked on models the trainer has trained (src/lip/model.test.ts: at initialisation). */

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

describe('a constrained (1-Lipschitz) net, trained', () => {
  beforeAll(() => useNodeBackend('wasm'));

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
