import { describe, expect, it } from 'vitest';
import { parseCollapsed, readCollapsed, withCollapsed, writeCollapsed } from './collapsedPanels';

/** A localStorage stand-in: a map, optionally throwing like a disabled or full storage. */
function fakeStorage(init: Record<string, string> = {}, fail: { get?: boolean; set?: boolean } = {}) {
  const items = new Map(Object.entries(init));
  return {
    items,
    getItem(key: string): string | null {
      if (fail.get) throw new DOMException('denied', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem(key: string, value: string): void {
      if (fail.set) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

const ids = (set: ReadonlySet<string>) => [...set].sort();

describe('collapsed panels in localStorage', () => {
  it('round-trips through a storage: what was written is read back after a reload', () => {
    const storage = fakeStorage();
    let collapsed = readCollapsed(storage);
    expect(ids(collapsed)).toEqual([]);
    collapsed = withCollapsed(collapsed, 'settings', true);
    collapsed = withCollapsed(collapsed, 'group:data', true);
    writeCollapsed(storage, collapsed);
    expect(ids(readCollapsed(storage))).toEqual(['group:data', 'settings']);
    writeCollapsed(storage, withCollapsed(collapsed, 'settings', false));
    expect(ids(readCollapsed(storage))).toEqual(['group:data']);
  });

  it('stores a sorted JSON array under a versioned key, whatever the click order', () => {
    const a = fakeStorage();
    const b = fakeStorage();
    writeCollapsed(a, withCollapsed(withCollapsed(new Set(), 'side', true), 'curves', true));
    writeCollapsed(b, withCollapsed(withCollapsed(new Set(), 'curves', true), 'side', true));
    expect([...a.items]).toEqual([['lipschitz-playground/collapsed/v1', '["curves","side"]']]);
    expect([...b.items]).toEqual([...a.items]);
  });

  it.each([
    ['not JSON', '{oops'],
    ['an object', '{"settings":true}'],
    ['a string', '"settings"'],
    ['null', 'null'],
    ['a number', '42'],
    ['the empty string', ''],
  ])('reads %s as nothing collapsed, without throwing', (_what, text) => {
    expect(ids(parseCollapsed(text))).toEqual([]);
    expect(ids(readCollapsed(fakeStorage({ 'lipschitz-playground/collapsed/v1': text })))).toEqual([]);
  });

  it('keeps only well-formed ids from a partly bad array, and at most 64', () => {
    expect(ids(parseCollapsed('["settings", 3, null, "<img src=x>", "", "group:data", {"a":1}]'))).toEqual(['group:data', 'settings']);
    const many = JSON.stringify(Array.from({ length: 500 }, (_, i) => `p${i}`));
    expect(parseCollapsed(many).size).toBe(64);
  });

  it('treats a missing, unreadable or unwritable storage as nothing stored', () => {
    expect(ids(readCollapsed(null))).toEqual([]);
    expect(ids(readCollapsed(fakeStorage({}, { get: true })))).toEqual([]);
    expect(() => writeCollapsed(fakeStorage({}, { set: true }), new Set(['settings']))).not.toThrow();
    expect(() => writeCollapsed(null, new Set(['settings']))).not.toThrow();
  });

  it('returns the same set when a toggle changes nothing (no needless re-render or write)', () => {
    const set = new Set(['settings']);
    expect(withCollapsed(set, 'settings', true)).toBe(set);
    expect(withCollapsed(set, 'side', false)).toBe(set);
    const next = withCollapsed(set, 'side', true);
    expect(next).not.toBe(set);
    expect(ids(set)).toEqual(['settings']); // the old set is left alone
  });
});
