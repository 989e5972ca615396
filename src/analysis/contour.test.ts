import { describe, it, expect } from 'vitest';
import { contour, contourLevels, isContourValue } from './contour';
import { gridSpacing, type Grid } from './grid';
import { circleSdf, expectClose, sampleOnGrid, segmentsLength, SQUARE2 } from '../testing/support';

const circleGrid: Grid = { domain: SQUARE2, cols: 201, rows: 201 };

/** A single cell [0, 1]^2 with corner values v00, v10, v01, v11 (row-major: bottom row first). */
const unitCell: Grid = { domain: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, cols: 2, rows: 2 };
const cellField = (v00: number, v10: number, v01: number, v11: number) => Float32Array.of(v00, v10, v01, v11);

/** Segments as sorted lists of sorted endpoint pairs, for order-free comparison. */
function asSet(segments: Float32Array): number[][] {
  const list: number[][] = [];
  for (let k = 0; k < segments.length; k += 4) {
    const a = [segments[k], segments[k + 1]];
    const b = [segments[k + 2], segments[k + 3]];
    list.push(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? [...a, ...b] : [...b, ...a]);
  }
  return list.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2] || p[3] - q[3]);
}

/** `asSet` rounded to 6 decimals, for comparing with hand-computed fractions. */
const rounded = (segments: Float32Array) => asSet(segments).map((s) => s.map((v) => +v.toFixed(6)));
const round6 = (list: number[][]) => list.map((s) => s.map((v) => +v.toFixed(6)));

describe('contour (marching squares)', () => {
  it('finds the unit circle within grid resolution: endpoints within 1e-3 of radius 1, length ~ 2 pi', () => {
    const segments = contour(sampleOnGrid(circleGrid, circleSdf), circleGrid);
    expect(segments.length).toBeGreaterThan(4 * 100);
    for (let k = 0; k < segments.length; k += 2) {
      expectClose(Math.hypot(segments[k], segments[k + 1]), 1, 1e-3, `radius of endpoint ${k / 2}`);
    }
    expectClose(segmentsLength(segments), 2 * Math.PI, 1e-3, 'total length');
  });

  it('returns the circle as a closed curve: every endpoint is shared by exactly two segments', () => {
    const segments = contour(sampleOnGrid(circleGrid, circleSdf), circleGrid);
    const uses = new Map<string, number>();
    for (let k = 0; k < segments.length; k += 2) {
      const key = `${segments[k]},${segments[k + 1]}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
    expect(uses.size).toBe(segments.length / 4);
    for (const count of uses.values()) expect(count).toBe(2);
  });

  it('extracts the level set of a linear field exactly (linear interpolation is exact for it)', () => {
    const grid: Grid = { domain: { xMin: 0, xMax: 1, yMin: 0, yMax: 2 }, cols: 11, rows: 21 };
    const segments = contour(sampleOnGrid(grid, (x) => x - 0.33), grid);
    expect(segments.length / 4).toBe(20);
    for (let k = 0; k < segments.length; k += 2) expectClose(segments[k], 0.33, 1e-6, 'x on the line x = 0.33');
    expectClose(segmentsLength(segments), 2, 1e-6, 'length');
  });

  it('treats a value equal to the level as above: a level set along a grid line gives one segment per cell', () => {
    const grid: Grid = { domain: { xMin: 0, xMax: 4, yMin: 0, yMax: 4 }, cols: 5, rows: 5 };
    const segments = contour(sampleOnGrid(grid, (_x, y) => y - 2), grid);
    expect(segments.length / 4).toBe(4);
    for (let k = 1; k < segments.length; k += 2) expect(segments[k]).toBe(2);
    expect(segmentsLength(segments)).toBe(4);
  });

  it('drops the zero-length segment where the level touches a cell at a single node', () => {
    expect(contour(cellField(0, -1, -1, -1), unitCell).length).toBe(0);
  });

  it('interpolates the crossing linearly along each edge', () => {
    // Only v11 is above: crossings at t = (0 - v01) / (v11 - v01) on the top edge and the right edge.
    const segments = contour(cellField(-1, -1, -1, 3), unitCell);
    expect(asSet(segments)).toEqual([[0.25, 1, 1, 0.25]]);
  });

  it('splits a saddle cell by the centre average: above centre keeps the above corners connected', () => {
    // v00 and v11 above, centre (2 - 1 - 1 + 2) / 4 = 0.5 above: cut off the below corners v10 and v01.
    const connected = contour(cellField(2, -1, -1, 2), unitCell);
    expect(rounded(connected)).toEqual(round6([
      [0, 2 / 3, 1 / 3, 1],
      [2 / 3, 0, 1, 1 / 3],
    ]));
    // Centre (1 - 2 - 2 + 1) / 4 = -0.5 below: cut off the above corners v00 and v11 instead.
    const separated = contour(cellField(1, -2, -2, 1), unitCell);
    expect(rounded(separated)).toEqual(round6([
      [0, 1 / 3, 1 / 3, 0],
      [2 / 3, 1, 1, 2 / 3],
    ]));
  });

  it('resolves mirrored saddles the same way (the rule depends on classes, not on which diagonal)', () => {
    const a = contour(cellField(2, -1, -1, 2), unitCell); // v00, v11 above
    const b = contour(cellField(-1, 2, 2, -1), unitCell); // v10, v01 above; mirror image in x
    const mirrored = new Float32Array(a.length);
    for (let k = 0; k < a.length; k += 2) {
      mirrored[k] = 1 - a[k];
      mirrored[k + 1] = a[k + 1];
    }
    expect(rounded(b)).toEqual(rounded(mirrored));
  });

  it('skips cells with a NaN corner and leaves every other cell unchanged', () => {
    const field = sampleOnGrid(circleGrid, circleSdf);
    const clean = asSet(contour(field, circleGrid));
    // Node (150, 100) is (1, 0), on the circle: the 4 cells around it lose their segments.
    field[100 * 201 + 150] = NaN;
    const holed = asSet(contour(field, circleGrid));
    const { diagonal } = gridSpacing(circleGrid);
    const nearHole = (s: number[]) => Math.hypot(s[0] - 1, s[1]) <= diagonal && Math.hypot(s[2] - 1, s[3]) <= diagonal;
    const expected = clean.filter((s) => !nearHole(s));
    expect(holed).toEqual(expected);
    expect(clean.length - holed.length).toBe(2);
  });

  it('rejects a field whose length does not match the grid, and a non-finite level', () => {
    expect(() => contour(new Float32Array(5), unitCell)).toThrow(/5 values/);
    expect(() => contour(new Float32Array(4), unitCell, NaN)).toThrow(/level/);
  });
});

describe('contourLevels', () => {
  it('returns one segment list per level, each the contour at that level (circles of radius 1 + c)', () => {
    const field = sampleOnGrid(circleGrid, circleSdf);
    const levels = [-0.5, 0, 0.5];
    const sets = contourLevels(field, circleGrid, levels);
    expect(sets.length).toBe(3);
    sets.forEach((segments, m) => {
      expect(segments).toEqual(contour(field, circleGrid, levels[m]));
      expectClose(segmentsLength(segments), 2 * Math.PI * (1 + levels[m]), 2e-3, `length at level ${levels[m]}`);
    });
  });

  it('keeps the order of the levels as given, duplicates included, and is empty for no level', () => {
    const field = sampleOnGrid(circleGrid, circleSdf);
    const sets = contourLevels(field, circleGrid, [0.5, -0.5, 0.5, 3]);
    expect(sets[0]).toEqual(contour(field, circleGrid, 0.5));
    expect(sets[1]).toEqual(contour(field, circleGrid, -0.5));
    expect(sets[2]).toEqual(sets[0]);
    expect(sets[3].length).toBe(0); // |p| - 1 <= 2 sqrt 2 - 1 < 3 on the square
    expect(contourLevels(field, circleGrid, [])).toEqual([]);
  });

  it('gives the boundary (level 0) bitwise, among other levels, on a field with NaN and infinite holes', () => {
    const field = sampleOnGrid(circleGrid, circleSdf);
    // Holes on the circle and off it: a NaN blob across the boundary, single NaN / +-Infinity nodes.
    for (let j = 95; j <= 105; j++) for (let i = 145; i <= 152; i++) field[j * 201 + i] = NaN;
    field[150 * 201 + 100] = Infinity; // node (0, 1), on the circle
    field[50 * 201 + 100] = -Infinity; // node (0, -1), on the circle
    field[100 * 201 + 100] = NaN; // the centre, off every level below 0
    const boundary = contour(field, circleGrid, 0);
    const family = contourLevels(field, circleGrid, [-0.75, -0.5, -0.25, 0, 0.25, 0.5]);
    expect(family[3]).toEqual(boundary);
    expect(boundary.length).toBeGreaterThan(0);
    // The holes cut the boundary: fewer segments than without them, and none inside a hole cell.
    expect(boundary.length).toBeLessThan(contour(sampleOnGrid(circleGrid, circleSdf), circleGrid, 0).length);
    for (let k = 0; k < boundary.length; k += 2) {
      expect(Math.hypot(boundary[k] - 1, boundary[k + 1])).toBeGreaterThan(0.05 - 1e-6);
    }
  });
});

describe('isContourValue (the rule for invalid node values)', () => {
  it('accepts finite values and rejects NaN and both infinities', () => {
    expect([0, -3.5, 1e30, Number.MIN_VALUE].every(isContourValue)).toBe(true);
    expect([NaN, Infinity, -Infinity].some(isContourValue)).toBe(false);
  });

  it('makes a cell with any invalid corner a hole at every level, whatever the other corners', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (let corner = 0; corner < 4; corner++) {
        const values = [-1, 1, 1, 1];
        values[corner] = bad;
        const field = cellField(values[0], values[1], values[2], values[3]);
        expect(contourLevels(field, unitCell, [-0.5, 0, 0.5]).every((s) => s.length === 0)).toBe(true);
      }
    }
  });
});
