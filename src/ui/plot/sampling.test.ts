import { describe, expect, test } from 'vitest';
import { gridPoints, type Grid } from '../../analysis/grid';
import { bilinear, contourPointToData } from './sampling';
import { levelSets } from './levels';

const domain = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };
const n = 41;
const grid: Grid = { domain, cols: n, rows: n };

/** f at the grid nodes, laid out as FieldSnapshot.f (row-major, row 0 at yMin). */
function sample(fn: (x: number, y: number) => number): Float32Array {
  const xy = gridPoints(grid);
  return Float32Array.from({ length: n * n }, (_, k) => fn(xy[2 * k], xy[2 * k + 1]));
}

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

describe('d3-contour cell units -> data coordinates', () => {
  test('value (i, j) sits at cell coordinate (i + 0.5, j + 0.5), i.e. on node (i, j)', () => {
    expect(contourPointToData(0.5, 0.5, n, domain)).toEqual({ x: -2, y: -1 });
    const last = contourPointToData(n - 0.5, n - 0.5, n, domain);
    expect(last.x).toBeCloseTo(2, 12);
    expect(last.y).toBeCloseTo(3, 12);
  });

  test('a contour of a linear field lands exactly on the line, inside the domain', () => {
    const fn = (x: number, y: number) => x + 2 * y - 0.9;
    for (const level of [0, 0.37, -1.2]) {
      const [set] = levelSets(sample(fn), n, domain, [level]);
      let inside = 0;
      for (const ring of set.rings) {
        for (const [x, y] of ring) {
          if (x < domain.xMin || x > domain.xMax || y < domain.yMin || y > domain.yMax) continue;
          inside++;
          expect(fn(x, y)).toBeCloseTo(level, 5);
        }
      }
      expect(inside).toBeGreaterThan(20);
    }
  });

  test('a vertical level line x = 0.3 is found at x = 0.3 (no half-cell shift)', () => {
    const [set] = levelSets(sample((x) => x - 0.3), n, domain, [0]);
    const xs = set.rings.flat().filter(([, y]) => y >= domain.yMin && y <= domain.yMax).map(([x]) => x);
    const onLine = xs.filter((x) => x > domain.xMin && x < domain.xMax);
    expect(onLine.length).toBeGreaterThan(n - 2);
    for (const x of onLine) expect(x).toBeCloseTo(0.3, 6);
  });

  test('every piece of a ring inside the domain is on the level set: the closing runs lie outside it', () => {
    const fn = (x: number, y: number) => 0.8 * x - 0.6 * y + 0.1;
    const [set] = levelSets(sample(fn), n, domain, [0]);
    let outside = 0;
    for (const ring of set.rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const mx = (ring[k][0] + ring[k + 1][0]) / 2;
        const my = (ring[k][1] + ring[k + 1][1]) / 2;
        const strictlyInside = mx > domain.xMin && mx < domain.xMax && my > domain.yMin && my < domain.yMax;
        if (strictlyInside) expect(fn(mx, my)).toBeCloseTo(0, 5);
        else outside++;
      }
    }
    expect(outside).toBeGreaterThan(0);
  });

  test('a circle level set stays within a small fraction of a cell of the true circle', () => {
    const [set] = levelSets(sample((x, y) => Math.hypot(x, y - 1) - 1.2), n, domain, [0]);
    const cell = 4 / (n - 1);
    const points = set.rings.flat().filter(([x, y]) => x > -2 && x < 2 && y > -1 && y < 3);
    expect(points.length).toBeGreaterThan(50);
    for (const [x, y] of points) expect(Math.abs(Math.hypot(x, y - 1) - 1.2)).toBeLessThan(0.05 * cell);
  });
});
