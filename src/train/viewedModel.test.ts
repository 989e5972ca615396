/**
 * The viewed model from a model file: a net of dense layers becomes a standard net of its shape; a file with
 * residual blocks (version 2) in the playground's layout holds them as fixed blocks, and f is the file's
 * forward pass; another layout is refused.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateField } from '../analysis/field';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG } from '../core/config';
import { forwardMlpJson, type MlpJson } from '../core/mlpJson';
import { exportMlp, lipschitzBoundOf, readNetWeights } from '../lip/export';
import { buildModel } from '../lip/model';
import { boxPoints } from '../testing/support';
import { modelOfFile, viewedModelConfig } from './viewedModel';

const dense = (inputs: number, outputs: number) => ({ type: 'dense' as const, weights: Array.from({ length: inputs }, () => new Array<number>(outputs).fill(0.5)), bias: new Array<number>(outputs).fill(0) });

describe('viewedModelConfig', () => {
  it('a file of dense layers: a standard net of its widths and activation', () => {
    const mlp: MlpJson = { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: 1, layers: [dense(2, 4), { type: 'activation', name: 'tanh' }, dense(4, 1)] };
    expect(viewedModelConfig(mlp, DEFAULT_CONFIG)).toMatchObject({ config: { model: { kind: 'standard', hidden: [4], activation: 'tanh' } } });
  });

  it('a file with residual blocks outside the playground layout: refused, naming the layout', () => {
    const block = { type: 'residual' as const, inner: [[1, 0], [0, 1]], bias: [0, 0], activation: 'relu' as const, outer: [[-1, 0], [0, -1]] };
    const mlp: MlpJson = { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: 1, layers: [block, dense(2, 1)] };
    expect(viewedModelConfig(mlp, DEFAULT_CONFIG)).toEqual({
      error: "its layers (residual, dense) are not the playground's residual layout: a dense layer, an activation, residual blocks, a dense layer",
    });
  });
});

describe('a viewed sll net, exported then read back', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('has the file\'s f, its widths as a config, and a bound of about 1', async () => {
    const trained = buildModel({ ...DEFAULT_CONFIG.model, layer: 'sll', activation: 'relu', hidden: [16, 16, 16] }, { seed: 3, checkTolerance: true });
    tf.tidy(() => trained.trainableVariables().forEach((v, i) => v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.1, 'float32', i + 1)))));
    trained.invalidate();
    const file = await exportMlp(trained);
    trained.dispose();
    const viewed = viewedModelConfig(file, DEFAULT_CONFIG);
    if ('error' in viewed) throw new Error(viewed.error);
    expect(viewed.config.model).toMatchObject({ kind: 'standard', hidden: [16, 16, 16], activation: 'relu' });
    const model = modelOfFile(file, viewed.config);
    expect(model.residual).toHaveLength(2);
    const xy = boxPoints(100, 2, 4);
    const f = await evaluateField((x) => model.predict(x), xy);
    for (let k = 0; k < 100; k++) expect(f[k]).toBeCloseTo(forwardMlpJson(file, xy[2 * k], xy[2 * k + 1]), 4);
    const bound = lipschitzBoundOf(await readNetWeights(model), model.outputScale);
    expect(bound).toBeGreaterThan(0.99);
    expect(bound).toBeLessThan(1.01);
    model.dispose();
  });
});
