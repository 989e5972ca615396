import { beforeAll, describe, expect, it } from 'vitest';
import { analyseBoundary } from '../analysis/boundary';
import { gridPoints, type Grid } from '../analysis/grid';
import { useNodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { DEFAULT_REPORT_OPTIONS } from './report';
import { runExperiment } from './run';
import { Trainer } from './trainer';

/** Two moons as in the paper's figure (noise 0.05), on the default 64-64-64 net to keep tests quick. */
function moons(over: { model?: Partial<ExperimentConfig['model']>; loss?: Partial<ExperimentConfig['loss']>; steps?: number }): ExperimentConfig {
  return {
    ...DEFAULT_CONFIG,
    data: { ...DEFAULT_CONFIG.data, n: 1000, noise: 0.05 },
    model: { ...DEFAULT_CONFIG.model, ...over.model },
    loss: { ...DEFAULT_CONFIG.loss, ...over.loss },
    train: { ...DEFAULT_CONFIG.train, steps: over.steps ?? 1000 },
  };
}

const report = { ...DEFAULT_REPORT_OPTIONS, gradientGridNodes: 101 };

describe("the paper's two-moons result, in shape", () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('tau-bce: tau = 10 reaches >= 99% test accuracy; tau = 0.5 is less accurate and has a larger MCR', async () => {
    const sharp = await runExperiment(moons({ loss: { name: 'tau-bce', tau: 10 } }), { report });
    const smooth = await runExperiment(moons({ loss: { name: 'tau-bce', tau: 0.5 } }), { report });
    expect(sharp.testAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(smooth.testAccuracy).toBeLessThan(sharp.testAccuracy);
    expect(smooth.mcr).toBeGreaterThan(sharp.mcr);
    // Both certificates are sound: no test point is certified beyond its distance to the boundary.
    expect(sharp.certificateViolations).toBe(0);
    expect(smooth.certificateViolations).toBe(0);
    expect(sharp.lipschitzEmpirical).toBeLessThanOrEqual(sharp.lipschitzBound * (1 + 1e-3));
  });
});

describe('certificates of trained constrained nets are sound', () => {
  beforeAll(() => useNodeBackend('wasm'));

  const cases: [string, ExperimentConfig][] = [
    ['hkr, groupsort2, circles', { ...moons({ loss: { name: 'hkr' }, steps: 400 }), data: { ...DEFAULT_CONFIG.data, name: 'circles', n: 600 } }],
    ['kr, relu, L = 2, xor', { ...moons({ loss: { name: 'kr' }, model: { activation: 'relu', lipschitz: 2 }, steps: 400 }), data: { ...DEFAULT_CONFIG.data, name: 'xor', n: 600 } }],
    ['tau-bce tau 50, fullsort, snowflake', { ...moons({ loss: { tau: 50 }, model: { activation: 'fullsort', hidden: [32, 32] }, steps: 400 }), data: { ...DEFAULT_CONFIG.data, name: 'snowflake', n: 800 } }],
  ];
  for (const [name, config] of cases) {
    it(`no test point's certified radius exceeds its true distance to the boundary (${name})`, async () => {
      const result = await runExperiment(config, { report });
      expect(result.certificateViolations).toBe(0);
      expect(result.testAccuracy).toBeGreaterThan(0.5);
    });
  }

  it('the check can fail: a trained standard net certified as if it were 1-Lipschitz has violations', async () => {
    const config = moons({ model: { kind: 'standard', activation: 'relu' }, loss: { name: 'bce' }, steps: 400 });
    const dataset = generateDataset(config.data);
    const trainer = new Trainer(config, dataset, { checkTolerance: true });
    await trainer.runSteps(config.train.steps);
    const grid: Grid = { domain: dataset.domain, cols: 301, rows: 301 };
    const analysis = analyseBoundary({
      gridValues: await trainer.predict(gridPoints(grid)),
      grid,
      xy: dataset.test.xy,
      f: await trainer.predict(dataset.test.xy),
      lipschitzBound: 1,
    });
    trainer.dispose();
    expect(analysis.violations.length).toBeGreaterThan(0);
  });
});
