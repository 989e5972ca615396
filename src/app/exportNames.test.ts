import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { exportFileName } from './exportNames';

const withLoss = (loss: Partial<ExperimentConfig['loss']>): ExperimentConfig => ({ ...DEFAULT_CONFIG, loss: { ...DEFAULT_CONFIG.loss, ...loss } });

describe('exportFileName', () => {
  it('names the data, the temperature and the step of a tau-bce run', () => {
    const config = { ...withLoss({ name: 'tau-bce', tau: 10 }), data: { ...DEFAULT_CONFIG.data, name: 'moons' as const } };
    expect(exportFileName(config, null, 1200, 'png')).toBe('lipschitz-playground-moons-tau10-step1200.png');
  });

  it('names the constants each loss uses, and only those', () => {
    expect(exportFileName(withLoss({ name: 'hkr', alpha: 10, margin: 0.5 }), null, 0, 'json', 'model')).toMatch(/-hkr-a10-m0\.5-step0-model\.json$/);
    expect(exportFileName(withLoss({ name: 'hinge', margin: 0.25 }), null, 3, 'csv', 'data')).toMatch(/-hinge-m0\.25-step3-data\.csv$/);
    expect(exportFileName(withLoss({ name: 'kr', tau: 99 }), null, 3, 'py')).toMatch(/-kr-step3\.py$/);
  });

  it('marks a standard net and a comparison by its swept key', () => {
    const standard = { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, kind: 'standard' as const } };
    const name = exportFileName(standard, { key: 'tau', field: 'loss.tau', values: [0.1, 1] }, 7, 'svg');
    expect(name).toMatch(/-standard-vs-tau-step7\.svg$/);
  });

  it('writes only safe characters, whatever a key holds', () => {
    const name = exportFileName(DEFAULT_CONFIG, { key: 'a/b c', field: 'x', values: [] }, 2.7, 'json', 'python torch');
    expect(name).toMatch(/^[A-Za-z0-9.-]+$/);
    expect(name).toContain('-vs-a-b-c-step2-python-torch.json');
  });
});
