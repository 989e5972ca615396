import { describe, expect, test } from 'vitest';
import { contour } from '../../analysis/contour';
import type { Grid } from '../../analysis/grid';
import { sampleOnGrid } from '../../testing/support';
import { chooseLevels, levelSets } from './levels';

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

const domain = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };
const n = 41;
const grid: Grid = { domain, cols: n, rows: n };
const sample = (fn: (x: number, y: number) => number) => sampleOnGrid(grid, fn);

/** The endpoints [x, y] of a segment list. */
function endpoints(segments: Float32Array): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < segments.length; k += 2) out.push([segments[k], segments[k + 1]]);
  return out;
}

describe('levelSets', () => {
  test('one entry per level, no segment where the level is not crossed', () => {
    const values = Float32Array.from([0, 1, 2, 3]);
    const sets = levelSets(values, 2, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, [1.5, 10]);
    expect(sets.map((s) => s.level)).toEqual([1.5, 10]);
    expect(sets[0].segments.length).toBeGreaterThan(0);
    expect(sets[1].segments.length).toBe(0);
    expect(levelSets(values, 2, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, [])).toEqual([]);
  });

  test('a level set of a linear field lands exactly on the line, inside the domain', () => {
    const fn = (x: number, y: number) => x + 2 * y - 0.9;
    for (const level of [0, 0.37, -1.2]) {
      const [set] = levelSets(sample(fn), n, domain, [level]);
      const points = endpoints(set.segments);
      expect(points.length).toBeGreaterThan(20);
      for (const [x, y] of points) {
        expect(x >= domain.xMin && x <= domain.xMax && y >= domain.yMin && y <= domain.yMax).toBe(true);
        expect(fn(x, y)).toBeCloseTo(level, 5);
      }
    }
  });

  test('a vertical level line x = 0.3 is found at x = 0.3 (nodes are grid nodes: no half-cell shift)', () => {
    const [set] = levelSets(sample((x) => x - 0.3), n, domain, [0]);
    const xs = endpoints(set.segments).map(([x]) => x);
    expect(xs.length).toBe(2 * (n - 1));
    for (const x of xs) expect(x).toBeCloseTo(0.3, 6);
  });

  test('a circle level set stays within a small fraction of a cell of the true circle', () => {
    const [set] = levelSets(sample((x, y) => Math.hypot(x, y - 1) - 1.2), n, domain, [0]);
    const cell = 4 / (n - 1);
    const points = endpoints(set.segments);
    expect(points.length).toBeGreaterThan(50);
    for (const [x, y] of points) expect(Math.abs(Math.hypot(x, y - 1) - 1.2)).toBeLessThan(0.05 * cell);
  });

  test('the level-line family at 0 gives exactly the boundary segments, also on a field with NaN holes', () => {
    const values = sample((x, y) => Math.hypot(x, y - 1) - 1.2);
    // A NaN blob across the circle (near (1.2, 1)), a lone NaN node on it (near (0, 2.2)), and an infinity.
    for (let j = 18; j <= 22; j++) for (let i = 30; i <= 33; i++) values[j * n + i] = NaN;
    values[32 * n + 20] = NaN;
    values[20 * n + 20] = -Infinity;
    const boundary = contour(values, grid, 0);
    const { levels } = chooseLevels(0.25, -1.2, 2, false);
    expect(levels).toContain(0);
    const sets = levelSets(values, n, domain, levels);
    const zero = sets.find((s) => s.level === 0)!;
    expect(zero.segments).toEqual(boundary);
    expect(boundary.length).toBeGreaterThan(0);
    expect(boundary.length).toBeLessThan(contour(sample((x, y) => Math.hypot(x, y - 1) - 1.2), grid, 0).length);
  });
});
