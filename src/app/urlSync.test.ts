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
});
