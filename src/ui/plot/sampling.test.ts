import { describe, expect, test } from 'vitest';
import type { Grid } from '../../analysis/grid';
import { sampleOnGrid } from '../../testing/support';
import { bilinear } from './sampling';

const domain = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };
const n = 41;
const grid: Grid = { domain, cols: n, rows: n };

/** f at the grid nodes, laid out as FieldSnapshot.f (row-major, row 0 at yMin). */
const sample = (fn: (x: number, y: number) => number) => sampleOnGrid(grid, fn);

describe('bilinear', () => {
  const linear = (x: number, y: number) => 0.7 * x - 1.3 * y + 0.25;

  test('is exact for a linear field anywhere in the domain', () => {
    const f = sample(linear);
    for (const p of [{ x: 0.123, y: 0.456 }, { x: -1.99, y: 2.97 }, { x: 1.5, y: -0.8 }]) {
      expect(bilinear(f, n, domain, p)).toBeCloseTo(linear(p.x, p.y), 5);
    }
  });

  test('returns the node value at a node, including the last row and column', () => {
    const f = sample((x, y) => x * x + y);
    expect(bilinear(f, n, domain, { x: -2, y: -1 })).toBeCloseTo(3, 5);
    expect(bilinear(f, n, domain, { x: 2, y: 3 })).toBeCloseTo(7, 5);
  });

  test('is NaN outside the domain', () => {
    const f = sample(linear);
    expect(bilinear(f, n, domain, { x: 2.01, y: 0 })).toBeNaN();
    expect(bilinear(f, n, domain, { x: 0, y: -1.5 })).toBeNaN();
  });
});
