import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendReport } from '../backend/names';
import { useNodeBackend } from '../backend/node';
import type { ExperimentConfig } from '../core/config';
import type { FromWorker, MetricsMessage, ModelSpec } from './protocol';
import { WorkerEngine } from './engine';
import { REPORTED_EPS } from '../analysis/modelNumbers';
import { DEFAULT_FIELD_OPTIONS } from '../core/view';
import { runExperiment } from '../train/run';
import { runTrialKey, trialSizeKey } from '../train/backendTrial';
import { SMALL_LIPSCHITZ, SMALL_STANDARD, until } from '../testing/support';

const small = SMALL_LIPSCHITZ;
const standard = SMALL_STANDARD;
/** A standard 4-layer net under plain SGD at lr 10 on the unbounded KR loss: its loss is NaN within a few steps. */
const exploding: ExperimentConfig = {
  ...standard,
  model: { ...standard.model, hidden: [16, 16, 16, 16] },
  loss: { ...small.loss, name: 'kr' },
  train: { ...small.train, optimizer: 'sgd', lr: 10 },
};
const pair: ModelSpec[] = [
  { id: 'lipschitz', config: small },
  { id: 'standard', config: standard },
];

function makeEngine(options: { tickBudgetMs?: number } = {}) {
  const messages: FromWorker[] = [];
  const report: BackendReport = { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
  const engine = new WorkerEngine({
    post: (m) => messages.push(m),
    selectBackend: async () => {
      await useNodeBackend('wasm');
      return report;
    },
    metricsIntervalMs: 0,
    ...options,
  });
  const metrics = (modelId?: string) =>
    messages.filter((m): m is MetricsMessage => m.type === 'metrics' && (modelId === undefined || m.modelId === modelId));
  return { engine, messages, metrics };
}


describe('the worker engine', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('answers init with the backend report', async () => {
    const { engine, messages } = makeEngine();
    engine.init(1, 'auto');
    await engine.idle();
    expect(messages).toEqual([{ type: 'ready', runId: 1, backend: expect.objectContaining({ name: 'wasm' }) }]);
  });

  it('trains several models in lockstep, with the same step in every snapshot and a flat tensor count', async () => {
    const { engine, metrics } = makeEngine();
    engine.load(1, pair, true);
    await until(() => metrics('standard').some((m) => m.step >= 600));
    engine.pause(1);
    await engine.idle();
    const lip = metrics('lipschitz');
    const std = metrics('standard');
    expect(lip.map((m) => m.step)).toEqual(std.map((m) => m.step));
    expect(lip[0].step).toBe(0);
    const afterFirstStep = lip.filter((m) => m.step > 0).map((m) => m.tensors);
    expect(afterFirstStep.length).toBeGreaterThan(3);
    expect(new Set(afterFirstStep).size).toBe(1);
    expect(lip.at(-1)!.trainAccuracy).toBeGreaterThan(0.8);
    const stepAtPause = lip.at(-1)!.step;
    await new Promise((r) => setTimeout(r, 100));
    await engine.idle();
    expect(metrics('lipschitz').at(-1)!.step).toBe(stepAtPause);
    await engine.dispose(1);
  });

  it('step runs exactly the requested number of steps, then stops', async () => {
    const { engine, messages, metrics } = makeEngine({ tickBudgetMs: 1 });
    engine.load(1, pair, false);
    engine.step(1, 25);
    await until(() => metrics().some((m) => m.step === 25));
    await new Promise((r) => setTimeout(r, 50));
    await engine.idle();
    expect(Math.max(...metrics().map((m) => m.step))).toBe(25);
    expect(messages.filter((m) => m.type === 'state').every((m) => m.type === 'state' && !m.playing)).toBe(true);
    await engine.dispose(1);
  });

  it("ignores commands of a stale run and disposes the old run's tensors on reset", async () => {
    const { engine, metrics, messages } = makeEngine();
    const before = tf.memory().numTensors;
    engine.load(1, pair, false);
    engine.load(2, pair, false);
    engine.play(1);
    engine.step(1, 10);
    await new Promise((r) => setTimeout(r, 50));
    await engine.idle();
    expect(messages.some((m) => m.type === 'state' && m.playing)).toBe(false);
    expect(metrics().filter((m) => m.runId === 2).map((m) => m.step)).toEqual([0, 0]);
    await engine.dispose(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a diverging model stops with `diverged`, the others go on', async () => {
    const { engine, messages, metrics } = makeEngine();
    engine.load(3, [{ id: 'exploding', config: exploding }, { id: 'fine', config: small }], true);
    await until(() => messages.some((m) => m.type === 'diverged'));
    const diverged = messages.find((m) => m.type === 'diverged')!;
    expect(diverged).toMatchObject({ type: 'diverged', runId: 3, modelId: 'exploding' });
    const lastExploding = metrics('exploding').at(-1)!.step;
    await until(() => metrics('fine').some((m) => m.step > lastExploding + 50));
    engine.pause(3);
    await engine.idle();
    expect(metrics('exploding').at(-1)!.step).toBe(lastExploding);
    await engine.dispose(3);
  });

  it('posts the test loss beside the train loss, from the same evaluation (NaN without test points)', async () => {
    const { engine, metrics } = makeEngine();
    const noTest = { ...small, data: { ...small.data, testFraction: 0 } };
    engine.load(5, [{ id: 'split', config: small }, { id: 'noTest', config: noTest }], false);
    engine.step(5, 20);
    await until(() => metrics('split').some((m) => m.step === 20));
    await engine.idle();
    const last = metrics('split').at(-1)!;
    expect(Number.isFinite(last.testLoss)).toBe(true);
    expect(last.testLoss).not.toBe(last.loss);
    expect(metrics('noTest').every((m) => Number.isNaN(m.testLoss) && Number.isFinite(m.loss))).toBe(true);
    await engine.dispose(5);
  });

  it('attacks a point in every model between ticks: flip distance >= |f| / L_bound, no tensor left behind', async () => {
    const { engine, messages } = makeEngine();
    engine.load(1, pair, false);
    engine.step(1, 100);
    await engine.idle();
    await until(() => messages.some((m) => m.type === 'metrics' && m.step === 100 && m.modelId === 'standard'));
    const tensors = tf.memory().numTensors;
    engine.attack(1, 0.3, 0.9);
    engine.attack(0, 0.3, 0.9); // a stale run's request: ignored
    await engine.idle();
    const attacks = messages.flatMap((m) => (m.type === 'attack' ? [m] : []));
    expect(attacks.map((a) => a.modelId)).toEqual(['lipschitz', 'standard']);
    for (const { attack } of attacks) {
      expect(attack.step).toBe(100);
      expect(attack.point).toEqual([0.3, 0.9]);
      expect(attack.path[0]).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.9, 6)]);
      if (attack.flipped) expect(attack.distance!).toBeGreaterThanOrEqual((Math.abs(attack.f) / attack.lipschitzBound) * (1 - 1e-5));
    }
    expect(attacks[0].attack.lipschitzBound).toBeCloseTo(1, 3);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('answers report with the runner\'s metrics object for every model, the same keys as runExperiment', async () => {
    const { engine, messages } = makeEngine();
    engine.load(1, pair, false);
    engine.step(1, 20);
    await until(() => messages.some((m) => m.type === 'metrics' && m.step === 20 && m.modelId === 'standard'));
    engine.report(1);
    await engine.idle();
    const results = messages.flatMap((m) => (m.type === 'results' ? [m] : []));
    expect(results.map((r) => r.modelId)).toEqual(['lipschitz', 'standard']);
    const runner = await runExperiment({ ...small, train: { ...small.train, steps: 20 } });
    for (const r of results) {
      expect(Object.keys(r.metrics).sort()).toEqual(Object.keys(runner).sort());
      expect(r.metrics.steps).toBe(20);
      expect(r.metrics.diverged).toBe(false);
    }
    // Same model, same data, same weights after 20 steps: the same numbers as the runner.
    expect(results[0].metrics.trainAccuracy).toBeCloseTo(runner.trainAccuracy, 6);
    expect(results[0].metrics.certifiedAccuracy).toEqual(runner.certifiedAccuracy);
  });

  it('reports a bad configuration as an error naming the field', async () => {
    const { engine, messages } = makeEngine();
    const bad = { ...small, loss: { ...small.loss, tau: -1 } };
    engine.load(4, [{ id: 'bad', config: bad }], true);
    await engine.idle();
    const error = messages.find((m) => m.type === 'error');
    expect(error).toMatchObject({ runId: 4, message: expect.stringContaining('loss.tau') });
    expect(messages.some((m) => m.type === 'metrics')).toBe(false);
  });

  it('computes field snapshots only once asked, then one per model with the dataset first', async () => {
    const { engine, messages } = makeEngine();
    engine.load(1, pair, false);
    engine.step(1, 2);
    await engine.idle();
    await until(() => messages.filter((m) => m.type === 'metrics').length >= 4);
    expect(messages.filter((m) => m.type === 'dataset').map((m) => (m as { modelId: string }).modelId)).toEqual(['lipschitz', 'standard']);
    expect(messages.some((m) => m.type === 'field')).toBe(false);
    engine.setFieldOptions(1, { gridNodes: 21, distance: true, intervalMs: 0 });
    await until(() => messages.filter((m) => m.type === 'field').length >= 2);
    const fields = messages.filter((m): m is Extract<FromWorker, { type: 'field' }> => m.type === 'field');
    expect(fields.slice(0, 2).map((m) => m.modelId)).toEqual(['lipschitz', 'standard']);
    expect(fields[0].field.f.length).toBe(21 * 21);
    expect(fields[0].field.gradientNorm).not.toBeNull();
    await engine.dispose(1);
  });

  it('shows the same numbers as the runner for the same model and grid (one report)', async () => {
    const steps = 30;
    const specs: ModelSpec[] = pair.map(({ id, config }) => ({ id, config: { ...config, train: { ...config.train, steps } } }));
    const { engine, messages } = makeEngine();
    engine.load(1, specs, false);
    engine.setFieldOptions(1, { ...DEFAULT_FIELD_OPTIONS, intervalMs: 0 });
    engine.step(1, steps);
    const fieldAt = (id: string) =>
      messages.find((m): m is Extract<FromWorker, { type: 'field' }> => m.type === 'field' && m.modelId === id && m.field.step === steps);
    await until(() => specs.every(({ id }) => fieldAt(id) !== undefined));
    await engine.dispose(1);

    for (const { id, config } of specs) {
      const app = fieldAt(id)!.field;
      const runner = await runExperiment(config, { report: { epsList: app.certified.eps, boundaryGridNodes: 51, gradientGridNodes: app.gridNodes } });
      expect(runner.steps).toBe(steps);
      expect(app.lipschitzBound, id).toBe(runner.lipschitzBound);
      expect(app.lipschitzEmpirical, id).toBe(runner.lipschitzEmpirical);
      expect(app.mcr, id).toBe(runner.mcr);
      expect(app.certified.accuracy, id).toEqual(app.certified.eps.map((eps) => runner.certifiedAccuracy[String(eps)]));
      // The panel's reported radii are sampled exactly, not interpolated.
      for (const eps of REPORTED_EPS.filter((e) => e <= app.certified.eps.at(-1)!)) expect(app.certified.eps).toContain(eps);
    }
    // MCR is normalised by L_bound: the standard net's is E[y f] / L_bound, not E[y f].
    const standardField = fieldAt('standard')!.field;
    expect(standardField.lipschitzBound).toBeGreaterThan(1.5);
  });

  it('chooses the backend by trials of the configured model, again when the model changes size a lot, from the cache when it can', async () => {
    const calls: { key: string; cached: boolean }[] = [];
    const messages: FromWorker[] = [];
    const engine = new WorkerEngine({
      post: (m) => messages.push(m),
      selectBackend: async (preference, configs, cached) => {
        calls.push({ key: runTrialKey(configs), cached: cached !== undefined });
        await useNodeBackend('wasm');
        return cached ?? { name: 'wasm', requested: preference, trials: [{ name: 'wasm', msPerOp: 1 }], reason: 'trial' };
      },
      metricsIntervalMs: 0,
    });
    const big: ExperimentConfig = { ...small, model: { ...small.model, hidden: [128, 128] } };
    const remembered: BackendReport = { name: 'wasm', requested: 'auto', trials: [{ name: 'wasm', msPerOp: 2 }], reason: 'earlier' };
    engine.init(1, 'auto', small, { [trialSizeKey(small)]: remembered });
    engine.load(1, [{ id: 'a', config: { ...small, loss: { ...small.loss, tau: 0.5 } } }], false); // same size: no new choice
    engine.load(2, [{ id: 'a', config: big }], false); // 4x the parameters: a new trial
    engine.load(3, [{ id: 'a', config: small }], false); // back: the choice made before, without trials
    // A comparison is measured as one run: 2 models of the small size are a new size class.
    const pair = [
      { id: 'a', config: small },
      { id: 'b', config: { ...small, loss: { ...small.loss, tau: 5 } } },
    ];
    engine.load(4, pair, false);
    engine.load(5, pair, false); // the same comparison again: no new choice
    await engine.idle();
    await engine.dispose(5);
    const pairKey = runTrialKey(pair.map((p) => p.config));
    expect(pairKey).toBe(`${trialSizeKey(small)} x2`);
    expect(calls).toEqual([
      { key: trialSizeKey(small), cached: true },
      { key: trialSizeKey(big), cached: false },
      { key: trialSizeKey(small), cached: true },
      { key: pairKey, cached: false },
    ]);
    const ready = messages.filter((m): m is Extract<FromWorker, { type: 'ready' }> => m.type === 'ready');
    expect(ready.map((m) => m.backend.sizeKey)).toEqual([trialSizeKey(small), trialSizeKey(big), trialSizeKey(small), pairKey]);
  });
});

