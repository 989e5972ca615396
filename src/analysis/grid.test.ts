import { describe, it, expect } from 'vitest';
import { gridPoints, gridSpacing, nodeX, nodeY, type Grid } from './grid';
import { expectClose } from '../testing/support';

const grid: Grid = { domain: { xMin: -1, xMax: 3, yMin: 0, yMax: 1 }, cols: 5, rows: 3 };

describe('gridPoints', () => {
  it('lists nodes row-major with row 0 at yMin and column 0 at xMin', () => {
    const xy = gridPoints(grid);
    expect(xy.length).toBe(2 * 5 * 3);
    expect(Array.from(xy.subarray(0, 10))).toEqual([-1, 0, 0, 0, 1, 0, 2, 0, 3, 0]);
    // Node (i, j) = (2, 1) is entry 1 * 5 + 2.
    expect([xy[2 * 7], xy[2 * 7 + 1]]).toEqual([1, 0.5]);
    expect(Array.from(xy.subarray(20))).toEqual([-1, 1, 0, 1, 1, 1, 2, 1, 3, 1]);
  });

  it('puts the first and last nodes exactly on the domain edges', () => {
    const g: Grid = { domain: { xMin: 0.1, xMax: 0.7, yMin: -0.3, yMax: 0.9 }, cols: 7, rows: 13 };
    expect(nodeX(g, 0)).toBe(0.1);
    expect(nodeX(g, 6)).toBe(0.7);
    expect(nodeY(g, 0)).toBe(-0.3);
    expect(nodeY(g, 12)).toBe(0.9);
    for (let i = 0; i < 7; i++) expectClose(nodeX(g, i), 0.1 + i * 0.1, 1e-15, `x_${i}`);
  });

  it('rejects grids with fewer than 2 nodes per axis or an empty domain', () => {
    expect(() => gridPoints({ ...grid, cols: 1 })).toThrow(/cols/);
    expect(() => gridPoints({ ...grid, rows: 2.5 })).toThrow(/rows/);
    expect(() => gridPoints({ ...grid, domain: { xMin: 1, xMax: 1, yMin: 0, yMax: 1 } })).toThrow(/xMax > xMin/);
    expect(() => gridPoints({ ...grid, domain: { xMin: 0, xMax: NaN, yMin: 0, yMax: 1 } })).toThrow(/finite/);
  });
});

describe('gridSpacing', () => {
  it('gives the node spacing and the cell diagonal sqrt(dx^2 + dy^2)', () => {
    const { dx, dy, diagonal } = gridSpacing(grid);
    expect(dx).toBe(1);
    expect(dy).toBe(0.5);
    expectClose(diagonal, Math.sqrt(1.25), 1e-15, 'diagonal');
  });
});
