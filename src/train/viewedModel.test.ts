/**
 * The viewed model's configuration from a model file: a net of dense layers becomes a standard net of its
 * shape; a file with residual blocks (version 2) is refused, since a standard net has none to hold them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { MlpJson } from '../core/mlpJson';
import { viewedModelConfig } from './viewedModel';

const dense = (inputs: number, outputs: number) => ({ type: 'dense' as const, weights: Array.from({ length: inputs }, () => new Array<number>(outputs).fill(0.5)), bias: new Array<number>(outputs).fill(0) });

describe('viewedModelConfig', () => {
  it('a file of dense layers: a standard net of its widths and activation', () => {
    const mlp: MlpJson = { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: 1, layers: [dense(2, 4), { type: 'activation', name: 'tanh' }, dense(4, 1)] };
    expect(viewedModelConfig(mlp, DEFAULT_CONFIG)).toMatchObject({ config: { model: { kind: 'standard', hidden: [4], activation: 'tanh' } } });
  });

  it('a file with residual blocks: refused, naming them', () => {
    const block = { type: 'residual' as const, inner: [[1, 0], [0, 1]], bias: [0, 0], activation: 'relu' as const, outer: [[-1, 0], [0, -1]] };
    const mlp: MlpJson = { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: 1, layers: [block, dense(2, 1)] };
    expect(viewedModelConfig(mlp, DEFAULT_CONFIG)).toEqual({
      error: 'it holds residual blocks (version 2), which a viewed model cannot hold: the playground views nets of dense layers',
    });
  });
});
