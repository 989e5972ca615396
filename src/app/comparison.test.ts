import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { parseSweep } from '../core/sweep';
import { FakeClient } from '../testing/support';
import type { FieldSnapshot } from '../worker/protocol';
import { formatSweep, modelEntries, readSweep, resultsFile } from './comparison';
import { createPlaygroundStore, MAIN_MODEL } from './store';

const sweepOf = (text: string) => {
  const parsed = parseSweep(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('the models of a comparison', () => {
  it('one model without a sweep; one per value with it, all else equal, the first keeping the main id', () => {
    const single = modelEntries(DEFAULT_CONFIG, null);
    expect(single.ok && single.models.map((m) => m.id)).toEqual([MAIN_MODEL]);
    const pair = modelEntries(DEFAULT_CONFIG, sweepOf('tau:0.5,10'));
    if (!pair.ok) throw new Error(pair.error);
    expect(pair.models.map((m) => [m.id, m.label, m.config.loss.tau])).toEqual([
      [MAIN_MODEL, 'τ = 0.5', 0.5],
      ['model-1', 'τ = 10', 10],
    ]);
    // Everything but the swept field is the base's: same data, seeds and architecture.
    for (const m of pair.models) expect({ ...m.config, loss: DEFAULT_CONFIG.loss }).toEqual(DEFAULT_CONFIG);
  });

  it('a value the base cannot take is an error naming it', () => {
    const odd = { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, activation: 'relu' as const, hidden: [63] } };
    const r = modelEntries(odd, sweepOf('act:relu,groupsort2'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/groupsort2/);
  });

  it('writes a sweep back as the URL reads it', () => {
    for (const text of ['tau:0.5,10', 'model:lipschitz,standard', 'lr:0.001,0.01']) expect(formatSweep(sweepOf(text))).toBe(text);
    expect(formatSweep(sweepOf('tau:0.1..100/4'))).toBe('tau:0.1,1,10,100');
  });

  it('reads the URL value: none, a good one, and a bad one with a notice that says one model is shown', () => {
    expect(readSweep(undefined, DEFAULT_CONFIG)).toEqual({ sweep: null, notice: null });
    expect(readSweep('tau:0.5,10', DEFAULT_CONFIG).sweep?.values).toEqual([0.5, 10]);
    const bad = readSweep('tau:abc', DEFAULT_CONFIG);
    expect(bad.sweep).toBeNull();
    expect(bad.notice).toMatch(/^sweep: .*showing one model$/);
  });
});

describe('the store with a sweep', () => {
  function setup(sweepText: string) {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG), sweep: sweepOf(sweepText) });
    store.getState().actions.start();
    return { store, client, actions: store.getState().actions };
  }

  it('builds one worker model per value, each with its own config', () => {
    const { client, store } = setup('tau:0.5,10');
    const reset = client.sent.find((m) => m.type === 'reset');
    expect((reset?.payload as { id: string; config: { loss: { tau: number } } }[]).map((m) => [m.id, m.config.loss.tau])).toEqual([
      [MAIN_MODEL, 0.5],
      ['model-1', 10],
    ]);
    expect(Object.keys(store.getState().models).sort()).toEqual([MAIN_MODEL, 'model-1'].sort());
  });

  it('a live change reaches every model, each keeping its swept value', () => {
    const { client, actions } = setup('tau:0.5,10');
    client.sent = [];
    actions.setTrain({ lr: 0.002 });
    const losses = client.sent.filter((m) => m.type === 'setLoss').map((m) => m.payload);
    expect(losses.length).toBe(2);
    expect(client.sent.filter((m) => m.type === 'setLearningRate').length).toBe(2);
  });

  it('a change the swept values cannot take is refused; setSweep(null) goes back to one model', () => {
    const { store, client, actions } = setup('act:relu,groupsort2');
    actions.setModel({ hidden: [63] });
    expect(store.getState().config.model.hidden).toEqual(DEFAULT_CONFIG.model.hidden);
    expect(store.getState().notices.at(-1)?.text).toMatch(/Not applied: .*groupsort2/);
    client.sent = [];
    actions.setSweep(null);
    expect(store.getState().sweep).toBeNull();
    const reset = client.sent.find((m) => m.type === 'reset' || m.type === 'start');
    expect((reset?.payload as unknown[]).length).toBe(1);
  });
});

describe('the worker\'s notices about one model of a comparison', () => {
  it('are named by the model\'s setting, not its id', () => {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG), sweep: sweepOf('lr:0.01,5') });
    store.getState().actions.start();
    client.emit({ type: 'notice', runId: 1, level: 'warning', modelId: 'model-1', message: 'At step 12 this standard net is blowing up.' });
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'warning', text: 'lr = 5: At step 12 this standard net is blowing up.' });
    client.emit({ type: 'notice', runId: 1, level: 'info', message: 'A notice about the run.' });
    expect(store.getState().notices.at(-1)?.text).toBe('A notice about the run.');
  });
});

describe('attacking a point', () => {
  it('asks the worker, keeps each model answer for the last point only, and forgets it on a new run', () => {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG), sweep: sweepOf('tau:0.5,10') });
    store.getState().actions.start();
    store.getState().actions.attackPoint([0.3, 0.9]);
    expect(client.sent.at(-1)).toEqual({ type: 'attack', payload: [0.3, 0.9] });
    const answer = (modelId: string, point: [number, number]) =>
      client.emit({
        type: 'attack', runId: 1, modelId,
        attack: { step: 5, point, f: 0.2, lipschitzBound: 1, flipped: true, distance: 0.25, flipPoint: [0.3, 0.65], path: [point] },
      });
    answer(MAIN_MODEL, [0.3, 0.9]);
    answer('model-1', [0.1, 0.1]); // an answer for an older point: dropped
    expect(Object.keys(store.getState().attack?.results ?? {})).toEqual([MAIN_MODEL]);
    store.getState().actions.reset();
    expect(store.getState().attack).toBeNull();
  });
});

describe('the results file', () => {
  it('waits for every model, then lists {config, metrics} in panel order', () => {
    const pair = modelEntries(DEFAULT_CONFIG, sweepOf('tau:0.5,10'));
    if (!pair.ok) throw new Error(pair.error);
    expect(resultsFile(pair.models, { [MAIN_MODEL]: { steps: 3 } })).toBeNull();
    const file = resultsFile(pair.models, { 'model-1': { steps: 3, loss: 0.2 }, [MAIN_MODEL]: { steps: 3, loss: 0.5 } });
    expect(file?.map((e) => [e.config.loss.tau, e.metrics.loss])).toEqual([[0.5, 0.5], [10, 0.2]]);
  });

  it('the store asks the worker and gathers its answers until cleared', () => {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG) });
    store.getState().actions.start();
    store.getState().actions.requestResults();
    expect(client.types().at(-1)).toBe('report');
    client.emit({ type: 'results', runId: 1, modelId: MAIN_MODEL, metrics: { steps: 7 } });
    expect(store.getState().results?.entries[MAIN_MODEL]).toEqual({ steps: 7 });
    store.getState().actions.clearResults();
    expect(store.getState().results).toBeNull();
  });
});

describe('the Lipschitz bound over steps', () => {
  it('keeps [step, bound] per field snapshot, once per step, per model', () => {
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG), sweep: sweepOf('model:lipschitz,standard') });
    store.getState().actions.start();
    // Only the step and the bound of a snapshot matter here.
    const field = (modelId: string, step: number, lipschitzBound: number) =>
      client.emit({ type: 'field', runId: 1, modelId, field: { step, lipschitzBound } as unknown as FieldSnapshot });
    field(MAIN_MODEL, 10, 1);
    field('model-1', 10, 3.5);
    field('model-1', 10, 3.5); // the same step again: not repeated
    field('model-1', 20, 7.25);
    expect(store.getState().models[MAIN_MODEL].bounds).toEqual([[10, 1]]);
    expect(store.getState().models['model-1'].bounds).toEqual([[10, 3.5], [20, 7.25]]);
  });
});
