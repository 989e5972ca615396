import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call at once and merges later ones into one trailing call with the newest value', () => {
    const seen: number[] = [];
    const t = throttle((v: number) => seen.push(v), 100);
    t.call(1);
    expect(seen).toEqual([1]);
    t.call(2);
    t.call(3);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 3]);
  });

  it('keeps a steady drag to about one call per interval, and delivers the last value', () => {
    const seen: number[] = [];
    const t = throttle((v: number) => seen.push(v), 100);
    for (let ms = 0; ms < 1000; ms += 10) {
      t.call(ms);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expect(seen.length).toBeLessThanOrEqual(11);
    expect(seen[seen.length - 1]).toBe(990);
  });

  it('flush runs the pending call now; cancel drops it', () => {
    const seen: number[] = [];
    const t = throttle((v: number) => seen.push(v), 100);
    t.call(1);
    t.call(2);
    t.flush();
    expect(seen).toEqual([1, 2]);
    t.call(3);
    t.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([1, 2]);
    t.flush();
    expect(seen).toEqual([1, 2]);
  });
});
