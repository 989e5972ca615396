import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../worker/protocol';
import { FakeClient } from '../testing/support';
import { DEFAULT_CONFIG } from '../core/config';
import type { BackendReport } from '../backend/names';

const WASM_REPORT: BackendReport = { name: 'wasm', requested: 'auto', trials: [], reason: 'fastest in trials' };
import { createPlaygroundStore, MAIN_MODEL } from './store';

function setup() {
  const client = new FakeClient();
  const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG) });
  store.getState().actions.start();
  client.sent = [];
  return { store, client, actions: store.getState().actions };
}

const metrics = (step: number, loss = 0.5, testLoss = 0.6): FromWorker => ({
  type: 'metrics', runId: 1, modelId: MAIN_MODEL, step, loss, testLoss, trainAccuracy: 0.9, testAccuracy: 0.8, tensors: 20, msPerStep: 5, batched: false,
});

describe('the playground store', () => {
  it('measures the training speed from the reported steps, and forgets it on reset', () => {
    let now = 0;
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG), nowMs: () => now });
    store.getState().actions.start();
    for (let i = 0; i <= 10; i++) {
      now = 100 * i;
      client.emit(metrics(4 * i)); // 4 steps every 100 ms
    }
    expect(store.getState().models[MAIN_MODEL].stepsPerSecond).toBeCloseTo(40, 6);
    store.getState().actions.reset();
    expect(store.getState().models[MAIN_MODEL].stepsPerSecond).toBeNull();
  });

  it('starts the worker and builds the model paused at step 0', () => {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG) });
    store.getState().actions.start();
    expect(client.types().slice(0, 2)).toEqual(['init', 'reset']);
    // Until the worker's backend is up the run waits: "starting", not "paused".
    expect(store.getState().status).toBe('starting');
    client.emit({ type: 'ready', runId: 0, backend: WASM_REPORT });
    client.emit({ type: 'state', runId: 1, playing: false });
    expect(store.getState().status).toBe('paused');
  });

  it('applies a loss change at once, without a reset', () => {
    const { store, client, actions } = setup();
    actions.setLoss({ tau: 0.5 });
    expect(store.getState().config.loss.tau).toBe(0.5);
    expect(client.types()).toEqual(['setLoss', 'setLearningRate']);
    expect(client.sent[0].payload).toMatchObject({ name: 'tau-bce', tau: 0.5 });
  });

  it('applies a learning-rate change at once, but an optimizer change resets', () => {
    const { client, actions } = setup();
    actions.setTrain({ lr: 0.001 });
    expect(client.types()).not.toContain('reset');
    actions.setTrain({ optimizer: 'sgd' });
    expect(client.types()).toContain('reset');
  });

  it('rebuilds the model when data or architecture change, keeping play state', () => {
    const { store, client, actions } = setup();
    actions.setData({ name: 'circles' });
    expect(client.types()[0]).toBe('reset');
    store.setState({ status: 'playing' });
    actions.setModel({ hidden: [32, 32] });
    expect(client.types()).toContain('start');
    expect(store.getState().config.model.hidden).toEqual([32, 32]);
  });

  it('refuses an invalid change with a notice naming the field, and keeps the config', () => {
    const { store, client, actions } = setup();
    actions.setModel({ hidden: [64, 63] });
    expect(store.getState().config.model.hidden).toEqual([64, 64, 64]);
    expect(client.sent).toEqual([]);
    expect(store.getState().notices.at(-1)?.text).toMatch(/model\.hidden.*even/);
  });

  it('records metrics history and fields per model', () => {
    const { store, client } = setup();
    client.emit(metrics(10));
    client.emit(metrics(20, 0.4));
    client.emit(metrics(20, 0.4));
    expect(store.getState().models[MAIN_MODEL].history.map((h) => h.step)).toEqual([10, 20]);
    expect(store.getState().workerTensors).toBe(20);
  });

  it('keeps the test loss beside the train loss in the history (NaN without test points)', () => {
    const { store, client } = setup();
    client.emit(metrics(10, 0.5, 0.7));
    client.emit(metrics(20, 0.4, NaN));
    expect(store.getState().models[MAIN_MODEL].history).toEqual([
      { step: 10, loss: 0.5, testLoss: 0.7, trainAccuracy: 0.9, testAccuracy: 0.8 },
      { step: 20, loss: 0.4, testLoss: NaN, trainAccuracy: 0.9, testAccuracy: 0.8 },
    ]);
  });

  it('on divergence stops; play is refused until a live fix (the worker restores the weights) or a reset', () => {
    const { store, client, actions } = setup();
    client.emit({ type: 'ready', runId: 0, backend: WASM_REPORT });
    client.emit({ type: 'diverged', runId: 1, modelId: MAIN_MODEL, step: 42 });
    client.emit({ type: 'state', runId: 1, playing: false });
    expect(store.getState().status).toBe('diverged');
    expect(store.getState().models[MAIN_MODEL].divergedAt).toBe(42);
    actions.play();
    expect(client.types()).not.toContain('play');
    expect(store.getState().notices.at(-1)?.text).toMatch(/lower the learning rate.*last finite weights.*reset/);
    // A live change of the learning rate goes to the worker, which answers `recovered`.
    actions.setTrain({ lr: 1e-4 });
    expect(client.sent.at(-1)).toEqual({ type: 'setLearningRate', payload: 1e-4 });
    client.emit({ type: 'recovered', runId: 1, modelId: MAIN_MODEL, step: 40 });
    expect(store.getState().status).toBe('paused');
    expect(store.getState().models[MAIN_MODEL].divergedAt).toBeNull();
    expect(store.getState().notices.at(-1)?.text).toMatch(/weights of step 40/);
    actions.play();
    expect(client.types().at(-1)).toBe('play');
  });

  it('a reset after divergence starts a fresh run', () => {
    const { store, client, actions } = setup();
    client.emit({ type: 'ready', runId: 0, backend: WASM_REPORT });
    client.emit({ type: 'diverged', runId: 1, modelId: MAIN_MODEL, step: 42 });
    actions.reset();
    expect(store.getState().status).toBe('paused');
    expect(store.getState().models[MAIN_MODEL].divergedAt).toBeNull();
  });

  it('takes the run state from the worker: an error while it plays on does not say "stopped", and play clears the banner', () => {
    const { store, client, actions } = setup();
    client.emit({ type: 'ready', runId: 0, backend: WASM_REPORT });
    actions.play();
    client.emit({ type: 'state', runId: 1, playing: true });
    client.emit({ type: 'error', runId: 1, message: 'The training worker reported an error: boom' });
    expect(store.getState().status).toBe('playing');
    expect(store.getState().statusMessage).toMatch(/boom/);
    // The worker stops after an error in a command and says so; play again clears the banner.
    client.emit({ type: 'state', runId: 1, playing: false });
    expect(store.getState().status).toBe('paused');
    actions.play();
    client.emit({ type: 'state', runId: 1, playing: true });
    expect(store.getState().status).toBe('playing');
    expect(store.getState().statusMessage).toBeNull();
  });

  it('an error before the backend is up means nothing can train', () => {
    const { store, client } = setup();
    client.emit({ type: 'error', runId: 0, message: 'no backend could start' });
    expect(store.getState().status).toBe('error');
  });

  it('says when a backend asked for by name could not start', () => {
    const { store, client } = setup();
    client.emit({ type: 'ready', runId: 0, backend: { ...WASM_REPORT, requested: 'webgpu', reason: 'this browser offers no WebGPU adapter' } });
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'warning', text: expect.stringMatching(/webgpu is not available.*wasm runs instead.*no WebGPU adapter/) });
  });

  it('shows the worker\'s notices and progress (progress ends with the next metrics)', () => {
    const { store, client } = setup();
    client.emit({ type: 'notice', runId: 1, level: 'warning', message: 'WebGL context lost; now on wasm' });
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'warning', text: 'WebGL context lost; now on wasm' });
    client.emit({ type: 'progress', runId: 1, what: 'building the model', done: 1, total: 4 });
    expect(store.getState().progress).toEqual({ what: 'building the model', done: 1, total: 4 });
    client.emit(metrics(0));
    expect(store.getState().progress).toBeNull();
  });

  it('restarts a lost worker with the same settings, playing again if it was, and stops after a crash loop', () => {
    let now = 0;
    const clients: FakeClient[] = [];
    const store = createPlaygroundStore({
      createClient: () => {
        clients.push(new FakeClient());
        return clients.at(-1)!;
      },
      config: structuredClone(DEFAULT_CONFIG),
      nowMs: () => now,
    });
    const { actions } = store.getState();
    actions.start();
    actions.setLoss({ tau: 3 });
    clients[0].emit({ type: 'ready', runId: 0, backend: WASM_REPORT });
    actions.play();
    clients[0].emit({ type: 'lost', runId: 1, reason: 'it sent nothing for 10 s' });
    expect(clients).toHaveLength(2);
    expect(clients[1].types()).toEqual(['init', 'reset', 'setFieldOptions', 'setSpeed', 'play']);
    const [spec] = clients[1].sent[1].payload as { config: typeof DEFAULT_CONFIG }[];
    expect(spec.config.loss.tau).toBe(3);
    expect(store.getState().notices.at(-1)?.text).toMatch(/stopped \(it sent nothing for 10 s\).*step 0/);
    for (let i = 1; i <= 3; i++) {
      now += 1000;
      clients.at(-1)!.emit({ type: 'lost', runId: 1, reason: 'closed' });
    }
    expect(clients).toHaveLength(4);
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusMessage).toMatch(/stopped 4 times within a minute/);
  });

  it('asks the worker for the maps a view needs', () => {
    const { client, actions } = setup();
    actions.setView({ view: 'certificate' });
    expect(client.sent.at(-1)).toMatchObject({ type: 'setFieldOptions', payload: { distance: true } });
    actions.setView({ view: 'gradient' });
    expect(client.sent.at(-1)).toMatchObject({ type: 'setFieldOptions', payload: { distance: false } });
    const count = client.sent.length;
    actions.setView({ levels: 0.2 });
    expect(client.sent.length).toBe(count);
  });

  it('shows and dismisses notices', () => {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: DEFAULT_CONFIG, notices: ['tau: bad'] });
    const [notice] = store.getState().notices;
    expect(notice.text).toBe('tau: bad');
    store.getState().actions.dismissNotice(notice.id);
    expect(store.getState().notices).toEqual([]);
  });

  it('dismisses every notice at once', () => {
    const store = createPlaygroundStore({ createClient: () => new FakeClient(), config: DEFAULT_CONFIG, notices: ['tau: bad', 'lr: bad', 'n: bad'] });
    store.getState().actions.notify('one more', 'info');
    expect(store.getState().notices).toHaveLength(4);
    store.getState().actions.dismissAllNotices();
    expect(store.getState().notices).toEqual([]);
  });
});
