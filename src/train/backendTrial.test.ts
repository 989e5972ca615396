import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { measureStepAndGrid, trialSizeKey } from './backendTrial';

const withModel = (model: Partial<ExperimentConfig['model']>, train: Partial<ExperimentConfig['train']> = {}): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  model: { ...DEFAULT_CONFIG.model, ...model },
  train: { ...DEFAULT_CONFIG.train, ...train },
});

describe('the backend trial of a configuration', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('times the real training step and a field-grid pass, and scores the step plus a tenth of the pass', async () => {
    const trial = await measureStepAndGrid(withModel({ hidden: [16, 16] }));
    expect(trial.msPerStep).toBeGreaterThan(0);
    expect(trial.msPerGrid).toBeGreaterThan(0);
    expect(trial.msPerOp).toBeCloseTo(trial.msPerStep + trial.msPerGrid / 10, 9);
  });

  it('shares a trial between configurations of about the same size, and not across a 4x change', () => {
    const base = trialSizeKey(DEFAULT_CONFIG);
    expect(trialSizeKey({ ...DEFAULT_CONFIG, loss: { ...DEFAULT_CONFIG.loss, tau: 0.5 } })).toBe(base);
    expect(trialSizeKey(withModel({ hidden: [64, 66, 64] }))).toBe(base);
    expect(trialSizeKey(withModel({ hidden: [256, 128, 64] }))).not.toBe(base);
    expect(trialSizeKey(withModel({}, { batchSize: 1024 }))).not.toBe(base);
    expect(trialSizeKey(withModel({ kind: 'standard', activation: 'relu' }))).not.toBe(base);
  });
});
