import { describe, expect, test } from 'vitest';
import { chooseLevels, finiteExtent, levelSets } from './levels';

describe('chooseLevels', () => {
  test('lists the multiples of the spacing inside [min, max], without 0 (drawn bold on its own)', () => {
    const { levels, spacing } = chooseLevels(0.5, -1.2, 1.7);
    expect(spacing).toBe(0.5);
    expect(levels).toEqual([-1, -0.5, 0.5, 1, 1.5]);
  });

  test('keeps 0 when asked', () => {
    expect(chooseLevels(1, -1, 1, false).levels).toEqual([-1, 0, 1]);
  });

  test('too many levels: keeps every m-th multiple, still multiples of the spacing and aligned on 0', () => {
    const { levels, spacing } = chooseLevels(0.01, -3, 3);
    expect(levels.length).toBeLessThanOrEqual(30);
    expect(spacing / 0.01).toBeCloseTo(Math.round(spacing / 0.01), 9);
    for (const l of levels) expect(Math.abs(l / spacing - Math.round(l / spacing))).toBeLessThan(1e-6);
  });

  test('no level for a bad spacing or range', () => {
    expect(chooseLevels(0, -1, 1).levels).toEqual([]);
    expect(chooseLevels(-1, -1, 1).levels).toEqual([]);
    expect(chooseLevels(0.1, NaN, 1).levels).toEqual([]);
  });
});

describe('finiteExtent', () => {
  test('ignores NaN and infinities', () => {
    expect(finiteExtent(Float32Array.from([NaN, -2, Infinity, 5]))).toEqual([-2, 5]);
    expect(finiteExtent(Float32Array.from([NaN])).every(Number.isNaN)).toBe(true);
  });
});

describe('levelSets', () => {
  test('one entry per level, empty rings where the level is not crossed', () => {
    const values = Float32Array.from([0, 1, 2, 3]);
    const sets = levelSets(values, 2, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, [1.5, 10]);
    expect(sets.map((s) => s.level)).toEqual([1.5, 10]);
    expect(sets[0].rings.length).toBeGreaterThan(0);
    expect(sets[1].rings).toEqual([]);
  });
});
