import { describe, expect, it, test } from 'vitest';
import { clipToX, decimate, fixedEpsMax, niceCeiling, seriesExtent } from './chartData';

describe('decimate', () => {
  test('returns short histories unchanged', () => {
    const pts = [1, 2, 3];
    expect(decimate(pts, 10)).toBe(pts);
  });

  test('keeps about maxPoints points, the first and always the newest', () => {
    const pts = Array.from({ length: 10_001 }, (_, k) => k);
    const out = decimate(pts, 800);
    expect(out.length).toBeLessThanOrEqual(801);
    expect(out[0]).toBe(0);
    expect(out[out.length - 1]).toBe(10_000);
    const odd = decimate(Array.from({ length: 1000 }, (_, k) => k), 300);
    expect(odd[odd.length - 1]).toBe(999);
  });
});

describe('seriesExtent', () => {
  const s = (points: [number, number][]) => ({ name: 'a', color: '#000', points });

  test('spans all finite points of all series', () => {
    expect(seriesExtent([s([[0, 1], [5, NaN]]), s([[2, -3], [4, 2]])])).toEqual({ x: [0, 4], y: [-3, 2] });
  });

  test('on a log x axis, points with x <= 0 are left out', () => {
    expect(seriesExtent([s([[0, 1], [0.1, 0.5], [10, 0.2]])], true)).toEqual({ x: [0.1, 10], y: [0.2, 0.5] });
  });

  test('widens a single point into a usable range; null without any point', () => {
    const e = seriesExtent([s([[3, 0.5]])])!;
    expect(e.x[0]).toBeLessThan(3);
    expect(e.x[1]).toBeGreaterThan(3);
    expect(e.y[0]).toBeLessThan(0.5);
    expect(e.y[1]).toBeGreaterThan(0.5);
    expect(seriesExtent([s([])])).toBeNull();
  });

  test('a chart at step 0 has a step axis from 0, never a negative step', () => {
    expect(seriesExtent([s([[0, 0.7]])])!.x).toEqual([0, 1]);
    expect(seriesExtent([s([[3, 0.7]])])!.x).toEqual([0, 6]);
    expect(seriesExtent([s([[-2, 0.7]])])!.x).toEqual([-3, -1]);
  });
});

describe('the fixed eps axis', () => {
  test('ends at half the domain width, rounded to 2 digits; 1 for a degenerate domain', () => {
    expect(fixedEpsMax({ xMin: -1.5, xMax: 2.5 })).toBe(2);
    expect(fixedEpsMax({ xMin: -1.23, xMax: 1.23 })).toBe(1.2);
    expect(fixedEpsMax({ xMin: 1, xMax: 1 })).toBe(1);
    expect(fixedEpsMax({ xMin: NaN, xMax: 1 })).toBe(1);
  });

  test('clipToX keeps the points up to the end of the axis', () => {
    expect(clipToX([[0, 1], [0.5, 0.8], [2, 0.1], [3, 0]], 2)).toEqual([[0, 1], [0.5, 0.8], [2, 0.1]]);
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, never below the value', () => {
    expect([1, 1.1, 1.2, 7, 8.1, 10, 11, 99, 101, 2600, 0.031].map(niceCeiling)).toEqual([1, 1.2, 1.2, 8, 10, 10, 12, 100, 120, 3000, 0.04]);
    for (let v = 0.37; v < 1e6; v *= 1.37) {
      const c = niceCeiling(v);
      expect(c).toBeGreaterThanOrEqual(v);
      expect(c / v).toBeLessThanOrEqual(4 / 3 + 1e-9); // at most a quarter of the width stays empty
    }
  });

  it('leaves non-positive and non-finite values alone', () => {
    expect(niceCeiling(0)).toBe(0);
    expect(niceCeiling(-3)).toBe(-3);
    expect(niceCeiling(Infinity)).toBe(Infinity);
  });
});
