import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName, BackendReport } from '../backend/names';
import type { BackendWatch } from '../backend/loss';
import { retireBackend, watchBackend } from '../backend/loss';
import { useNodeBackend } from '../backend/node';
import type { ExperimentConfig } from '../core/config';
import type { FromWorker, MetricsMessage, ModelSpec } from './protocol';
import { WorkerEngine, type EngineOptions, type SelectionOptions } from './engine';
import { SMALL_LIPSCHITZ, SMALL_STANDARD, until } from '../testing/support';

/** A standard 4-layer net under plain SGD at lr 10 on the unbounded KR loss: NaN within a few steps. */
const exploding: ExperimentConfig = {
  ...SMALL_STANDARD,
  model: { ...SMALL_STANDARD.model, hidden: [16, 16, 16, 16] },
  loss: { ...SMALL_LIPSCHITZ.loss, name: 'kr' },
  train: { ...SMALL_LIPSCHITZ.train, optimizer: 'sgd', lr: 10 },
};

function makeEngine(options: Partial<EngineOptions> = {}) {
  const messages: FromWorker[] = [];
  const engine = new WorkerEngine({
    post: (m) => messages.push(m),
    selectBackend: async () => {
      await useNodeBackend('wasm');
      return { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
    },
    metricsIntervalMs: 0,
    ...options,
  });
  const metrics = (modelId?: string) =>
    messages.filter((m): m is MetricsMessage => m.type === 'metrics' && (modelId === undefined || m.modelId === modelId));
  const of = <T extends FromWorker['type']>(type: T) => messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  return { engine, messages, metrics, of };
}

describe('a diverged model given a live fix', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const fix of ['learning rate', 'loss'] as const) {
    it(`goes back to its last finite weights on a new ${fix}, says so, and trains on`, async () => {
      const { engine, messages, metrics, of } = makeEngine();
      engine.load(1, [{ id: 'exploding', config: exploding }, { id: 'fine', config: SMALL_LIPSCHITZ }], true);
      await until(() => of('diverged').length > 0);
      const diverged = of('diverged')[0];
      expect(diverged.modelId).toBe('exploding');
      const finiteSteps = metrics('exploding').filter((m) => Number.isFinite(m.loss)).map((m) => m.step);
      engine.pause(1);
      await engine.idle();

      const before = messages.length;
      if (fix === 'learning rate') engine.setLearningRate(1, 'exploding', 1e-4);
      else engine.setLoss(1, 'exploding', { ...exploding.loss, name: 'hinge' });
      await engine.idle();
      const after = messages.slice(before);
      const recovered = after.find((m) => m.type === 'recovered');
      expect(recovered).toMatchObject({ type: 'recovered', runId: 1, modelId: 'exploding' });
      const step = (recovered as { step: number }).step;
      // The last snapshot it had with a finite loss, before the NaN.
      expect(step).toBe(Math.max(...finiteSteps));
      expect(step).toBeLessThan(diverged.step);
      const next = after.slice(after.indexOf(recovered!) + 1).find((m): m is MetricsMessage => m.type === 'metrics');
      expect(next).toMatchObject({ modelId: 'exploding', step });
      expect(Number.isFinite(next!.loss)).toBe(true);

      // It trains again (at lr 1e-4 it stays finite; at lr 10 the new loss may diverge again, later).
      engine.step(1, fix === 'learning rate' ? 30 : 1);
      const target = step + (fix === 'learning rate' ? 30 : 1);
      await until(() => metrics('exploding').some((m) => m.step === target));
      await engine.idle();
      if (fix === 'learning rate') {
        expect(Number.isFinite(metrics('exploding').at(-1)!.loss)).toBe(true);
        expect(of('diverged')).toHaveLength(1);
      }
      await engine.dispose(1);
    });
  }

  it('a live change of a model that did not diverge keeps its weights (no recovery)', async () => {
    const { engine, of } = makeEngine();
    engine.load(1, [{ id: 'fine', config: SMALL_LIPSCHITZ }], false);
    engine.step(1, 10);
    engine.setLearningRate(1, 'fine', 0.001);
    engine.step(1, 5);
    await until(() => of('metrics').some((m) => m.step === 15));
    await engine.idle();
    expect(of('recovered')).toEqual([]);
    await engine.dispose(1);
  });
});

describe('runs that fail without NaN', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it("says once that a standard net's bound is past 1e6 (KR at lr 1: the loss falls without end)", async () => {
    const config: ExperimentConfig = { ...SMALL_STANDARD, loss: { ...SMALL_STANDARD.loss, name: 'kr' }, train: { ...SMALL_STANDARD.train, lr: 1 } };
    const { engine, of } = makeEngine();
    engine.load(1, [{ id: 'standard', config }], true);
    await until(() => of('notice').length > 0);
    await until(() => of('metrics').at(-1)!.step > of('metrics').find((m) => m.step > 0)!.step + 500);
    engine.pause(1);
    await engine.idle();
    const notices = of('notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning', message: expect.stringMatching(/Lipschitz bound is .* \(past 1\.0e\+6\).*now 1, adam/) });
    await engine.dispose(1);
  });

  it('says nothing about a run that learns', async () => {
    const { engine, of } = makeEngine();
    engine.load(1, [{ id: 'fine', config: SMALL_LIPSCHITZ }, { id: 'std', config: SMALL_STANDARD }], false);
    engine.step(1, 400);
    await until(() => of('metrics').some((m) => m.step === 400));
    await engine.idle();
    expect(of('notice')).toEqual([]);
    await engine.dispose(1);
  });
});

describe('pause and long work', () => {
  beforeAll(() => useNodeBackend('wasm'));

  /** 100,000 points: the first evaluation runs in several chunks. */
  const many: ExperimentConfig = { ...SMALL_LIPSCHITZ, data: { ...SMALL_LIPSCHITZ.data, n: 100_000 } };

  it('answers a pause that arrives between two chunks of a long evaluation at once, and the run does not start', async () => {
    const messages: FromWorker[] = [];
    let engine: WorkerEngine | null = null;
    let paused = false;
    engine = new WorkerEngine({
      post: (m) => {
        messages.push(m);
        // The page's Pause arrives while the start's first evaluation is under way.
        if (m.type === 'progress' && m.what.startsWith('evaluating') && !paused) {
          paused = true;
          engine!.pause(1);
        }
      },
      selectBackend: async () => {
        await useNodeBackend('wasm');
        return { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
      },
      metricsIntervalMs: 0,
      progressDelayMs: 0,
    });
    engine.load(1, [{ id: 'many', config: many }], true);
    await engine.idle();
    const types = messages.map((m) => m.type);
    const chunk = messages.findIndex((m) => m.type === 'progress' && m.what.startsWith('evaluating'));
    expect(chunk).toBeGreaterThanOrEqual(0);
    // The answer comes right after the chunk, before the evaluation it interrupted has finished.
    expect(messages[chunk + 1]).toMatchObject({ type: 'state', playing: false });
    expect(types.indexOf('state')).toBeLessThan(types.indexOf('metrics'));
    // The evaluation of the start still completes (a final snapshot), and the run never plays.
    expect(messages.filter((m) => m.type === 'metrics')).toHaveLength(1);
    expect(messages.some((m) => m.type === 'state' && m.playing)).toBe(false);
    await engine.dispose(1);
  });

  it('says how a long preparation goes: building, then evaluating in chunks', async () => {
    const { engine, of } = makeEngine({ progressDelayMs: 0 });
    engine.load(1, [{ id: 'a', config: many }, { id: 'b', config: many }], false);
    await engine.idle();
    const progress = of('progress');
    expect(progress[0]).toMatchObject({ runId: 1, what: 'building model 1 of 2', done: 0, total: 2 });
    // 75,000 train points in 5 chunks and 25,000 test points in 2.
    expect(progress.some((p) => /^evaluating model [12] of 2$/.test(p.what) && p.total === 7)).toBe(true);
    expect(of('metrics')).toHaveLength(2);
    await engine.dispose(1);
  });

  it("drops a start's first evaluation when a new run is waiting: the old run never shows or plays", async () => {
    const messages: FromWorker[] = [];
    let engine: WorkerEngine | null = null;
    engine = new WorkerEngine({
      post: (m) => {
        messages.push(m);
        // Reset pressed while the start is still preparing (its datasets are out, its evaluation not).
        if (m.type === 'dataset' && m.runId === 1 && m.modelId === 'b') engine!.load(2, [{ id: 'small', config: SMALL_LIPSCHITZ }], false);
      },
      selectBackend: async () => {
        await useNodeBackend('wasm');
        return { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
      },
      metricsIntervalMs: 0,
    });
    engine.load(1, [{ id: 'a', config: many }, { id: 'b', config: many }], true);
    await engine.idle();
    expect(messages.filter((m) => m.type === 'metrics').map((m) => m.runId)).toEqual([2]);
    expect(messages.some((m) => m.type === 'state' && m.runId === 1 && m.playing)).toBe(false);
    expect(messages.some((m) => m.type === 'error')).toBe(false);
    await engine.dispose(2);
  });

  it('a pause sent after a play that is still queued wins', async () => {
    const { engine, messages } = makeEngine();
    engine.load(1, [{ id: 'm', config: SMALL_LIPSCHITZ }], false);
    engine.play(1);
    engine.pause(1);
    await engine.idle();
    await new Promise((r) => setTimeout(r, 30));
    await engine.idle();
    expect(messages.some((m) => m.type === 'state' && m.playing)).toBe(false);
    expect(messages.filter((m): m is MetricsMessage => m.type === 'metrics').every((m) => m.step === 0)).toBe(true);
    await engine.dispose(1);
  });
});

describe('a backend lost under the run', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('moves to the backend chosen without the lost one, from the last weights read back, and plays on', async () => {
    let loseGpu: (reason: string) => void = () => undefined;
    const exclusions: BackendName[][] = [];
    const retired: BackendName[] = [];
    const { engine, of } = makeEngine({
      // Node has no GPU: the "webgl" here is wasm under another name, enough for the engine's logic.
      selectBackend: async (preference, _config, _cached, selection: SelectionOptions): Promise<BackendReport> => {
        exclusions.push([...selection.exclude]);
        await useNodeBackend('wasm');
        const name: BackendName = selection.exclude.includes('webgl') ? 'wasm' : 'webgl';
        return { name, requested: preference, trials: [], reason: `fastest in trial: ${name}` };
      },
      watchBackend: (name): BackendWatch => ({
        lost: new Promise<string>((resolve) => {
          if (name === 'webgl') loseGpu = resolve;
        }),
        check: () => null,
        stop: () => undefined,
      }),
      retireBackend: (name) => void retired.push(name),
    });
    engine.init(1, 'webgl');
    engine.load(1, [{ id: 'a', config: SMALL_LIPSCHITZ }, { id: 'b', config: SMALL_STANDARD }], true);
    await until(() => of('metrics').some((m) => m.step >= 100));
    const shownBefore = Math.max(...of('metrics').map((m) => m.step));
    loseGpu('the WebGL context was lost');
    await until(() => of('notice').length > 0);
    const notice = of('notice')[0];
    expect(notice.level).toBe('warning');
    expect(notice.message).toMatch(
      /^The WebGL context was lost: the GPU was reset, or the browser took it back\. Training moved to wasm, chosen again without webgl\. The run goes on from step \d+/,
    );
    expect(retired).toEqual(['webgl']);
    expect(exclusions.at(-1)).toEqual(['webgl']);
    const ready = of('ready').at(-1)!;
    expect(ready.backend.name).toBe('wasm');
    expect(ready.backend.reason).toMatch(/^webgl was lost \(the WebGL context was lost\); fastest in trial: wasm/);
    const resumed = Number(/from step (\d+)/.exec(notice.message)![1]);
    expect(resumed).toBeLessThanOrEqual(shownBefore);
    // Training goes on, on the new backend, without a new start.
    await until(() => of('metrics').filter((m) => m.modelId === 'a').at(-1)!.step > resumed + 50);
    expect(of('state').at(-1)).toMatchObject({ playing: true });
    engine.pause(1);
    await engine.idle();
    await engine.dispose(1);
  });

  it('restarts an aborted wasm module, rebuilds the run paused with an error, and Reset works after', async () => {
    await useNodeBackend('wasm');
    const { engine, of, metrics } = makeEngine({ watchBackend, retireBackend });
    const spec: ModelSpec[] = [{ id: 'm', config: SMALL_LIPSCHITZ }];
    engine.load(1, spec, false);
    engine.step(1, 20);
    await until(() => metrics().some((m) => m.step === 20));
    await engine.idle();
    // Out of memory in the wasm heap: the module aborts, and every later call with it (backend/loss.test.ts
    // does it for real; here every allocation fails as it then does, without growing the heap to 4 GB).
    const dead = tf.findBackend('wasm') as unknown as { wasm: { _malloc: () => number } };
    dead.wasm._malloc = () => {
      throw new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.');
    };
    engine.step(1, 5);
    await until(() => of('error').length > 0);
    await engine.idle();
    expect(of('error')[0].message).toMatch(/^The wasm backend stopped: the wasm module aborted .* It was restarted fresh and the run is paused\. The run goes on from step 20/);
    expect(of('ready').at(-1)!.backend.reason).toMatch(/^wasm was lost/);
    expect(metrics().at(-1)).toMatchObject({ step: 20 });
    expect(Number.isFinite(metrics().at(-1)!.loss)).toBe(true);
    expect(of('state').at(-1)).toMatchObject({ playing: false });
    // Reset (a new run) and stepping work on the fresh module.
    engine.load(2, spec, false);
    engine.step(2, 10);
    await until(() => metrics().some((m) => m.runId === 2 && m.step === 10));
    await engine.idle();
    await engine.dispose(2);
  });
});
