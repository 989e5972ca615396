import { describe, expect, test } from 'vitest';
import { contour } from '../../analysis/contour';
import type { Grid } from '../../analysis/grid';
import { circleSdf, sampleOnGrid, SQUARE2 } from '../../testing/support';
import { joinSegments, segmentsPath } from './paths';
import { squareGeometry } from './scales';

const g = squareGeometry({ xMin: 0, xMax: 10, yMin: 0, yMax: 10 }, 100, { top: 0, right: 0, bottom: 0, left: 0 });

describe('SVG paths in pixels', () => {
  test('segments become separate M/L subpaths, y flipped', () => {
    expect(segmentsPath([0, 0, 10, 10, 5, 5, 5, 6], g)).toBe('M0,100L100,0M50,50L50,40');
    expect(segmentsPath([], g)).toBe('');
  });

  test('segments sharing endpoints become one polyline, whatever their order and orientation', () => {
    // (1,1)-(2,1), (3,2)-(2,1) reversed, (0,0)-(1,1) listed last: one chain (0,0) (1,1) (2,1) (3,2).
    expect(segmentsPath([1, 1, 2, 1, 3, 2, 2, 1, 0, 0, 1, 1], g)).toBe('M0,100L10,90L20,90L30,80');
  });

  test('a chain that comes back to its start is closed with Z', () => {
    expect(segmentsPath([1, 1, 2, 1, 2, 2, 1, 1, 2, 1, 2, 2], g)).toBe('M10,90L20,90L20,80Z');
  });

  test('joinSegments gives the chains as pixel polylines, a closed one without its repeated start', () => {
    const lines = joinSegments([1, 1, 2, 1, 2, 2, 1, 1, 2, 1, 2, 2, 5, 5, 6, 6], g);
    expect(lines.map((l) => [Array.from(l.points), l.closed])).toEqual([
      [[10, 90, 20, 90, 20, 80], true],
      [[50, 50, 60, 40], false],
    ]);
  });

  test('a contour of a circle is one closed subpath', () => {
    const grid: Grid = { domain: SQUARE2, cols: 41, rows: 41 };
    const circle = squareGeometry(SQUARE2, 400, { top: 0, right: 0, bottom: 0, left: 0 });
    const d = segmentsPath(contour(sampleOnGrid(grid, circleSdf), grid), circle);
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.endsWith('Z')).toBe(true);
  });
});
