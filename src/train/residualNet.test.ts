/**
 * A Lipschitz net with residual layers (the zoo's sll and cpl) as the Mlp builds it: first dense layer,
 * activation, blocks, head. Its f is L-Lipschitz, its bound (dense spectral norms times the blocks' own
 * bounds) holds, the v2 model file reproduces f, and the net trains.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ExperimentConfig, type ModelConfig } from '../core/config';
import { forwardMlpJson } from '../core/mlpJson';
import { evaluateField, finiteDifferenceGradientNorms } from '../analysis/field';
import { generateDataset } from '../data/split';
import { boxPoints, pairRatioMax } from '../testing/support';
import { Trainer } from './trainer';
import { exportMlp, lipschitzBoundOf, readNetWeights } from '../lip/export';
import { buildModel, mlpFromWeights } from '../lip/model';

const residual = (over: Partial<ModelConfig>): ModelConfig => ({ ...DEFAULT_CONFIG.model, activation: 'relu', hidden: [32, 32, 32], ...over });

describe('a Lipschitz net with residual layers', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const layer of ['sll', 'cpl'] as const) {
    it(`${layer}: two blocks between the dense layers; f is L-Lipschitz and under its bound`, async () => {
      const m = buildModel(residual({ layer, lipschitz: 2 }), { seed: 4, checkTolerance: true });
      expect(m.layers.map((l) => [l.inputs, l.outputs])).toEqual([[2, 32], [32, 1]]);
      expect(m.residual.map((b) => b.width)).toEqual([32, 32]);
      const net = await readNetWeights(m);
      const bound = lipschitzBoundOf(net, m.outputScale);
      expect(bound).toBeGreaterThan(2 * (1 - 1e-3));
      expect(bound).toBeLessThan(2 * (1 + 1e-3));
      const ratio = await pairRatioMax((xy) => evaluateField((x) => m.predict(x), xy), 4000);
      expect(ratio).toBeLessThanOrEqual(bound * (1 + 1e-4));
      const g = await finiteDifferenceGradientNorms((x) => m.predict(x), boxPoints(2000, 3, 5), 1e-2);
      expect(Math.max(...g)).toBeLessThanOrEqual(bound * (1 + 1e-3));
      m.dispose();
    });

    it(`${layer}: the v2 file and a model rebuilt from read-back weights give the same f`, async () => {
      const m = buildModel(residual({ layer, activation: 'tanh' }), { seed: 5, checkTolerance: true });
      // Move the weights off their start so that the blocks do something.
      tf.tidy(() => m.trainableVariables().forEach((v, i) => v.assign(tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 0.2, 'float32', i + 1), 1)))));
      m.invalidate();
      const xy = boxPoints(200, 2, 9);
      const f = await evaluateField((x) => m.predict(x), xy);
      const file = await exportMlp(m);
      expect(file.version).toBe(2);
      expect(file.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'residual', 'residual', 'dense']);
      const fromFile = Array.from({ length: 200 }, (_, k) => forwardMlpJson(file, xy[2 * k], xy[2 * k + 1]));
      for (let k = 0; k < 200; k++) expect(Math.abs(fromFile[k] - f[k])).toBeLessThan(1e-4 * (1 + Math.abs(f[k])));
      const net = await readNetWeights(m);
      const rebuilt = mlpFromWeights(m.kind, m.activation, m.outputScale, net.dense, net.residual);
      const g = await evaluateField((x) => rebuilt.predict(x), xy);
      for (let k = 0; k < 200; k++) expect(g[k]).toBeCloseTo(f[k], 5);
      expect(lipschitzBoundOf(await readNetWeights(rebuilt), 1)).toBeCloseTo(lipschitzBoundOf(net, 1), 6);
      rebuilt.dispose();
      m.dispose();
    });
  }

  it('trains: sll on two moons reaches 95% training accuracy in 400 steps, every block bound stays about 1', async () => {
    const cfg: ExperimentConfig = structuredClone(DEFAULT_CONFIG);
    cfg.model = residual({ layer: 'sll' });
    const trainer = new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: true });
    await trainer.runSteps(400);
    const evaluation = await trainer.evaluate();
    expect(evaluation.trainAccuracy).toBeGreaterThan(0.95);
    const net = await readNetWeights(trainer.model);
    for (const block of net.residual) expect(block.bound).toBeLessThan(1 + 1e-3);
    trainer.dispose();
  });
});
