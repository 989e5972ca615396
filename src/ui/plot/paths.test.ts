import { describe, expect, test } from 'vitest';
import { ringsPath, segmentsPath } from './paths';
import { squareGeometry } from './scales';

const g = squareGeometry({ xMin: 0, xMax: 10, yMin: 0, yMax: 10 }, 100, { top: 0, right: 0, bottom: 0, left: 0 });

describe('SVG paths in pixels', () => {
  test('segments become separate M/L subpaths, y flipped', () => {
    expect(segmentsPath([0, 0, 10, 10, 5, 5, 5, 6], g)).toBe('M0,100L100,0M50,50L50,40');
  });

  test('rings are closed subpaths; degenerate rings are skipped', () => {
    const rings: [number, number][][] = [
      [
        [1, 1],
        [2, 1],
        [2, 2],
      ],
      [[3, 3]],
    ];
    expect(ringsPath(rings, g)).toBe('M10,90L20,90L20,80Z');
  });
});
