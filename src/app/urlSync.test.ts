import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { FakeClient } from '../testing/support';
import { createPlaygroundStore } from './store';
import { syncUrl } from './urlSync';

/** The few parts of `window` that syncUrl touches: the location and history.replaceState. */
function fakeWindow() {
  const location = { pathname: '/', search: '', hash: '' };
  const history = {
    replaceState: (_data: unknown, _unused: string, url: string) => {
      location.search = url.slice(1).includes('?') ? url.slice(url.indexOf('?')) : '';
    },
  };
  vi.stubGlobal('window', { location, history });
  return location;
}

describe('syncUrl', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('writes the configuration to the address bar, and says once when the link cannot carry a field', () => {
    vi.useFakeTimers();
    const location = fakeWindow();
    const store = createPlaygroundStore({ createClient: () => new FakeClient(), config: structuredClone(DEFAULT_CONFIG) });
    syncUrl(store, {});
    expect(location.search).toBe('');
    expect(store.getState().notices).toEqual([]);

    store.getState().actions.setLoss({ tau: 0.5 });
    vi.advanceTimersByTime(250);
    expect(location.search).toBe('?tau=0.5');
    expect(store.getState().notices).toEqual([]);

    const config = structuredClone(DEFAULT_CONFIG);
    config.model.bjorck = { ...config.model.bjorck, iterations: 30 };
    store.getState().actions.loadConfig(config);
    vi.advanceTimersByTime(250);
    const warnings = store.getState().notices.filter((n) => n.text.includes('does not carry'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].text).toContain('model.bjorck');

    store.getState().actions.setLoss({ tau: 2 }); // same lost fields: no second notice
    vi.advanceTimersByTime(250);
    expect(store.getState().notices.filter((n) => n.text.includes('does not carry'))).toHaveLength(1);
  });

  it('writes the backend choice (none for auto), announces the restart, and warns about a measurably slow choice', () => {
    vi.useFakeTimers();
    const location = fakeWindow();
    const client = new FakeClient();
    const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG) });
    syncUrl(store, { backend: 'wasm' });
    store.getState().actions.start();
    // The automatic choice's trial, as the worker reports it.
    client.emit({
      type: 'ready',
      runId: client.runId,
      backend: { name: 'wasm', requested: 'auto', reason: 'fastest', trials: [{ name: 'wasm', msPerOp: 1, msPerStep: 10 }, { name: 'webgl', msPerOp: 9, msPerStep: 60 }] },
    });
    store.getState().actions.setBackend('webgl');
    vi.advanceTimersByTime(250);
    expect(location.search).toBe('?backend=webgl');
    const texts = store.getState().notices.map((n) => n.text);
    expect(texts).toContain('Backend: webgl. Training restarted at step 0 on it.');
    expect(texts.some((t) => t.startsWith('webgl trained the model 6.0× slower than wasm'))).toBe(true);
    store.getState().actions.setBackend('auto');
    vi.advanceTimersByTime(250);
    expect(location.search).toBe('');
  });
});
