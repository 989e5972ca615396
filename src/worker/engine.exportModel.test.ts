import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendReport } from '../backend/names';
import { useNodeBackend } from '../backend/node';
import { forwardMlpJson, parseMlpJson, type MlpJson } from '../core/mlpJson';
import { exportMlp } from '../lip/export';
import { runExperiment } from '../train/run';
import { SMALL_LIPSCHITZ, SMALL_STANDARD, until } from '../testing/support';
import { WorkerEngine } from './engine';
import type { FromWorker, ModelSpec } from './protocol';

const pair: ModelSpec[] = [
  { id: 'lipschitz', config: SMALL_LIPSCHITZ },
  { id: 'standard', config: SMALL_STANDARD },
];

describe("the worker engine's exportModel", () => {
  beforeAll(() => useNodeBackend('wasm'));

  it("answers with every model's --save-model file at its current weights, the runner's file for the same run", async () => {
    const messages: FromWorker[] = [];
    const report: BackendReport = { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
    const engine = new WorkerEngine({ post: (m) => messages.push(m), selectBackend: async () => report, metricsIntervalMs: 0 });
    engine.load(1, pair, false);
    engine.step(1, 20);
    await until(() => messages.some((m) => m.type === 'metrics' && m.step === 20 && m.modelId === 'standard'));
    engine.exportModel(1);
    await engine.idle();
    const files = messages.flatMap((m) => (m.type === 'model' ? [m] : []));
    expect(files.map((f) => [f.runId, f.modelId])).toEqual([[1, 'lipschitz'], [1, 'standard']]);
    for (const f of files) expect(parseMlpJson(f.model)).toEqual({ mlp: f.model });
    expect(files[0].model.lipschitz).toBe(1);
    expect(files[1].model.lipschitz).toBeNull();

    // `npm run experiment -- --save-model` after the same 20 steps of the same config: the same f.
    let saved: MlpJson | null = null;
    await runExperiment({ ...SMALL_LIPSCHITZ, train: { ...SMALL_LIPSCHITZ.train, steps: 20 } }, { withTrainer: async (t) => void (saved = await exportMlp(t.model)) });
    expect(saved).not.toBeNull();
    for (const [x, y] of [[0, 0], [1, -0.5], [-1.2, 0.8], [2, 1]]) {
      expect(forwardMlpJson(files[0].model, x, y)).toBeCloseTo(forwardMlpJson(saved!, x, y), 5);
    }
  });
});
