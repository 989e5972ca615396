import { afterEach, describe, expect, test, vi } from 'vitest';
import { contour } from '../../analysis/contour';
import type { Grid } from '../../analysis/grid';
import { circleSdf, sampleOnGrid, SQUARE2 } from '../../testing/support';
import { joinSegments, looseSegmentsPath2D, segmentsPath, segmentsPath2D } from './paths';
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

/** A stand-in for the browser's Path2D that records its commands (Node has none). */
class RecordingPath {
  commands: [string, ...number[]][] = [];
  moveTo(x: number, y: number) {
    this.commands.push(['M', x, y]);
  }
  lineTo(x: number, y: number) {
    this.commands.push(['L', x, y]);
  }
  closePath() {
    this.commands.push(['Z']);
  }
}

describe('canvas paths', () => {
  afterEach(() => vi.unstubAllGlobals());
  const record = (make: () => Path2D) => {
    vi.stubGlobal('Path2D', RecordingPath);
    return (make() as unknown as RecordingPath).commands;
  };

  test('loose segments: one move and one line per segment, in pixels, y flipped', () => {
    expect(record(() => looseSegmentsPath2D([0, 0, 10, 10, 5, 5, 5, 6], g))).toEqual([
      ['M', 0, 100],
      ['L', 100, 0],
      ['M', 50, 50],
      ['L', 50, 40],
    ]);
  });

  test('joined contour lines are simplified within 0.2 px: a circle keeps its shape with fewer points', () => {
    const grid: Grid = { domain: SQUARE2, cols: 101, rows: 101 };
    const circle = squareGeometry(SQUARE2, 600, { top: 0, right: 0, bottom: 0, left: 0 });
    const [line] = joinSegments(contour(sampleOnGrid(grid, circleSdf), grid), circle);
    const commands = record(() => segmentsPath2D(contour(sampleOnGrid(grid, circleSdf), grid), circle));
    expect(commands[commands.length - 1]).toEqual(['Z']);
    const drawn = commands.filter((c) => c[0] !== 'Z');
    expect(drawn.length).toBeLessThan(line.points.length / 2 / 2); // at least halved
    // Every point of the joined polyline is within 0.2 px of the drawn (closed) outline.
    const outline = [...drawn, drawn[0]].map((c) => [c[1]!, c[2]!]);
    for (let k = 0; k < line.points.length; k += 2) {
      let best = Infinity;
      for (let j = 0; j + 1 < outline.length; j++) {
        const [[ax, ay], [bx, by]] = [outline[j], outline[j + 1]];
        const l2 = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = l2 > 0 ? Math.max(0, Math.min(1, ((line.points[k] - ax) * (bx - ax) + (line.points[k + 1] - ay) * (by - ay)) / l2)) : 0;
        best = Math.min(best, Math.hypot(ax + t * (bx - ax) - line.points[k], ay + t * (by - ay) - line.points[k + 1]));
      }
      expect(best).toBeLessThanOrEqual(0.2 + 1e-9);
    }
  });
});
