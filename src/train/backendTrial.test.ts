import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import * as tf from '@tensorflow/tfjs';
import { measureStepAndGrid, runTrialKey, trialSizeKey } from './backendTrial';

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

  it('times a comparison as one lockstep step of all its models, each model a grid pass, and frees them', async () => {
    const small = withModel({ hidden: [16, 16] });
    const run = [small, { ...small, loss: { ...small.loss, tau: 10 } }, withModel({ hidden: [16, 16], kind: 'standard', activation: 'relu' })];
    const before = tf.memory().numTensors;
    const trial = await measureStepAndGrid(run);
    expect(tf.memory().numTensors).toBe(before);
    expect(trial.msPerStep).toBeGreaterThan(0);
    expect(trial.msPerOp).toBeCloseTo(trial.msPerStep + trial.msPerGrid / 10, 9);
  });

  it('a comparison has its own trial key: its models\' sizes and their number', () => {
    const lipschitz = trialSizeKey(DEFAULT_CONFIG);
    const standard = trialSizeKey(withModel({ kind: 'standard', activation: 'relu' }));
    expect(runTrialKey([DEFAULT_CONFIG])).toBe(lipschitz);
    expect(runTrialKey([DEFAULT_CONFIG, DEFAULT_CONFIG])).toBe(`${lipschitz} x2`);
    expect(runTrialKey([DEFAULT_CONFIG, withModel({ kind: 'standard', activation: 'relu' })])).toBe(`${lipschitz}+${standard} x2`);
  });
});
