import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { runExperiment } from './run';

describe('runExperiment', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('stops a diverging run early and reports it, with NaN (not made-up) certificates', async () => {
    const config: ExperimentConfig = {
      ...DEFAULT_CONFIG,
      model: { ...DEFAULT_CONFIG.model, kind: 'standard', activation: 'relu' },
      loss: { ...DEFAULT_CONFIG.loss, name: 'bce' },
      train: { ...DEFAULT_CONFIG.train, optimizer: 'sgd', lr: 10, steps: 2000 },
    };
    const result = await runExperiment(config, { chunk: 50 });
    expect(result.diverged).toBe(true);
    expect(result.steps).toBeLessThan(2000);
    expect(result.steps % 50).toBe(0);
    expect(Number.isNaN(result.certifiedAccuracy['0.1'])).toBe(true);
    expect(Number.isNaN(result.mcr)).toBe(true);
  });

  it('reports a model with zero training steps (random initialisation) without error', async () => {
    const result = await runExperiment({ ...DEFAULT_CONFIG, data: { ...DEFAULT_CONFIG.data, n: 200 }, train: { ...DEFAULT_CONFIG.train, steps: 0 } });
    expect(result.steps).toBe(0);
    expect(result.diverged).toBe(false);
    expect(result.lipschitzEmpirical).toBeLessThanOrEqual(result.lipschitzBound * (1 + 1e-3));
    expect(result.certificateViolations).toBe(0);
  });
});
