import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { MlpJson } from '../core/mlpJson';
import { FakeClient } from '../testing/support';
import { createPlaygroundStore, MAIN_MODEL } from './store';

const file = (bias: number): MlpJson => ({
  format: 'lipschitz-playground/mlp',
  version: 1,
  input: 2,
  lipschitz: 1,
  layers: [{ type: 'dense', weights: [[1], [0]], bias: [bias] }],
});

function setup() {
  const client = new FakeClient();
  const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG) });
  store.getState().actions.start();
  client.sent = [];
  return { store, client, actions: store.getState().actions };
}

describe("the store's model files (the Export menu's Model and Code items)", () => {
  it('asks the worker for them and keeps each model\'s answer until cleared', () => {
    const { store, client, actions } = setup();
    client.emit({ type: 'model', runId: client.runId, modelId: MAIN_MODEL, model: file(0) });
    expect(store.getState().modelFiles).toBeNull(); // nothing asked: an answer is dropped
    actions.requestModels();
    expect(client.types()).toEqual(['exportModel']);
    expect(store.getState().modelFiles).toEqual({ entries: {} });
    client.emit({ type: 'model', runId: client.runId, modelId: MAIN_MODEL, model: file(0.5) });
    expect(store.getState().modelFiles?.entries[MAIN_MODEL]).toEqual(file(0.5));
    actions.clearModels();
    expect(store.getState().modelFiles).toBeNull();
  });

  it('forgets a pending request when a new run starts (its weights are gone)', () => {
    const { store, actions } = setup();
    actions.requestModels();
    actions.reset();
    expect(store.getState().modelFiles).toBeNull();
  });
});
