/**
 * The layer zoo's promise (issue 12, "Must show"): every layer trains the paper's two-moons setting (τ = 10)
 * to at least 99% clean accuracy with no certificate violation (a point whose certified radius |f| /
 * L_bound exceeds its true distance to the boundary), and the exported model file's own forward pass
 * reproduces f.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, LAYERS, parseConfigStrict, type ExperimentConfig } from '../core/config';
import { forwardMlpJson } from '../core/mlpJson';
import { exportMlp } from '../lip/export';
import { runExperiment } from './run';

/** The paper's two moons at τ = 10 on the default 64-64-64 net, shortened to what every layer needs here. */
function zooConfig(layer: (typeof LAYERS)[number]): ExperimentConfig {
  // sll and cpl take relu inside their blocks (parseConfig's rule); the dense layers keep GroupSort2.
  const activation = layer === 'sll' || layer === 'cpl' ? 'relu' : 'groupsort2';
  return parseConfigStrict({
    data: { name: 'moons', n: 1000, noise: 0.05 },
    model: { ...DEFAULT_CONFIG.model, layer, activation },
    loss: { name: 'tau-bce', tau: 10 },
    train: { steps: 600 },
  });
}

describe('every layer of the zoo on the paper’s two moons (τ = 10)', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const layer of LAYERS) {
    it(`${layer}: >= 99% test accuracy, no certificate violation, the model file reproduces f`, async () => {
      let maxDifference = NaN;
      const result = await runExperiment(zooConfig(layer), {
        withTrainer: async (trainer) => {
          const file = await exportMlp(trainer.model);
          const xy = trainer.dataset.test.xy;
          const f = await trainer.predict(xy);
          maxDifference = 0;
          for (let k = 0; k < f.length; k++) {
            maxDifference = Math.max(maxDifference, Math.abs(forwardMlpJson(file, xy[2 * k], xy[2 * k + 1]) - f[k]));
          }
        },
      });
      expect(result.diverged).toBe(false);
      expect(result.testAccuracy).toBeGreaterThanOrEqual(0.99);
      expect(result.certificateViolations).toBe(0);
      // A 1-Lipschitz net's bound is about 1 (AOL below: its layers' norms are at most 1). cpl's blocks
      // divide by the warm-started power iteration's sigma, one step behind W: its sound bound
      // max(1, c |W|^2 - 1) (zoo/residual.ts) measured 1.000 to 1.044 over training seeds 1 to 4.
      expect(result.lipschitzBound).toBeLessThan(layer === 'cpl' ? 1.06 : 1.02);
      expect(maxDifference).toBeLessThan(1e-4);
    }, 120_000);
  }
});
