import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendReport } from '../backend/names';
import { loadTrialCache, saveTrialChoice } from './trialCache';

function fakeStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

const measured = (sizeKey: string, name: BackendReport['name'] = 'wasm'): BackendReport => ({
  name,
  requested: 'auto',
  trials: [{ name, msPerOp: 3, msPerStep: 2.5, msPerGrid: 5 }],
  reason: 'fastest in trial',
  sizeKey,
  adapter: { isFallback: false, vendor: 'v', architecture: 'a', device: '', description: '' },
});

describe('the cache of measured backend choices (localStorage)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps automatic choices made by trials, by size key, without the adapter', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    saveTrialChoice(measured('lipschitz/groupsort2/p2^13/b2^8'));
    saveTrialChoice({ ...measured('big'), requested: 'webgl' }); // forced: not a measurement
    saveTrialChoice({ ...measured('none'), trials: [] }); // cached or forced: nothing measured
    const cache = loadTrialCache();
    expect(Object.keys(cache)).toEqual(['lipschitz/groupsort2/p2^13/b2^8']);
    expect(cache['lipschitz/groupsort2/p2^13/b2^8'].name).toBe('wasm');
    expect(cache['lipschitz/groupsort2/p2^13/b2^8'].adapter).toBeUndefined();
  });

  it('reads garbage, a missing storage or a throwing one as empty, and keeps at most 24 entries', () => {
    const storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
    storage.setItem('lipschitz-playground/backend-trials/v1', '{not json');
    expect(loadTrialCache()).toEqual({});
    storage.setItem('lipschitz-playground/backend-trials/v1', JSON.stringify({ a: 1, b: { name: 'wasm', trials: [] } }));
    expect(Object.keys(loadTrialCache())).toEqual(['b']);
    for (let i = 0; i < 30; i++) saveTrialChoice(measured(`k${i}`));
    const keys = Object.keys(loadTrialCache());
    expect(keys).toHaveLength(24);
    expect(keys.at(-1)).toBe('k29');
    vi.stubGlobal('localStorage', undefined);
    expect(loadTrialCache()).toEqual({});
    expect(() => saveTrialChoice(measured('x'))).not.toThrow();
  });
});
