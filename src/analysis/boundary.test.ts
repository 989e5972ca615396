import { describe, it, expect } from 'vitest';
import { analyseBoundary } from './boundary';
import { gridSpacing, type Grid } from './grid';
import { circleSdf, expectClose, randomPoints, sampleAt, sampleOnGrid, SQUARE2 } from '../testing/support';

const grid: Grid = { domain: SQUARE2, cols: 201, rows: 201 };
const { diagonal } = gridSpacing(grid);
const xy = randomPoints(21, 3000, SQUARE2);

/** The analysis of the field c (|p| - 1) claimed to be lipschitzBound-Lipschitz. */
function analyseScaledCircle(c: number, lipschitzBound: number) {
  const field = (x: number, y: number) => c * circleSdf(x, y);
  return analyseBoundary({ gridValues: sampleOnGrid(grid, field), grid, xy, f: sampleAt(xy, field), lipschitzBound });
}

describe('analyseBoundary', () => {
  it('uses the cell diagonal as tolerance and measures the true distance to the zero level set', () => {
    const result = analyseScaledCircle(1, 1);
    expect(result.tolerance).toBe(diagonal);
    for (let k = 0; k < 3000; k++) {
      expectClose(result.distances[k], Math.abs(circleSdf(xy[2 * k], xy[2 * k + 1])), 1e-3, `distance of point ${k}`);
    }
  });

  it('a signed distance function gives a tight certificate: |f| / (1 dist) ~ 1 away from the boundary', () => {
    const { tightness, violations } = analyseScaledCircle(1, 1);
    expect(violations.length).toBe(0);
    for (let k = 0; k < 3000; k++) {
      if (Math.abs(circleSdf(xy[2 * k], xy[2 * k + 1])) > 0.1) expectClose(tightness[k], 1, 1e-3, `tightness at ${k}`);
    }
  });

  it('a sound certificate never exceeds the true distance: f = 0.5 (|p| - 1) with L_bound = 1', () => {
    const { distances, tightness, violations } = analyseScaledCircle(0.5, 1);
    expect(violations.length).toBe(0);
    for (let k = 0; k < 3000; k++) {
      const radius = 0.5 * Math.abs(circleSdf(xy[2 * k], xy[2 * k + 1]));
      expect(radius).toBeLessThanOrEqual(distances[k] + 1e-4);
      if (distances[k] > 0.1) expectClose(tightness[k], 0.5, 1e-3, `tightness at ${k}`);
    }
  });

  it('detects an overclaiming certificate: f = 2 (|p| - 1) claimed 1-Lipschitz, but not when claimed 2-Lipschitz', () => {
    const { violations } = analyseScaledCircle(2, 1);
    const flagged = new Set(violations);
    let farPoints = 0;
    for (let k = 0; k < 3000; k++) {
      // Certified radius 2 d against measured distance ~ d: a violation exactly when d exceeds the tolerance.
      const d = Math.abs(circleSdf(xy[2 * k], xy[2 * k + 1]));
      if (d > 1.5 * diagonal) {
        farPoints++;
        expect(flagged.has(k)).toBe(true);
      }
      if (d < 0.5 * diagonal) expect(flagged.has(k)).toBe(false);
    }
    expect(farPoints).toBeGreaterThan(2500);
    expect(analyseScaledCircle(2, 2).violations.length).toBe(0);
  });

  it('with no boundary in the grid: no segments, infinite distances, tightness 0, no violations', () => {
    const field = (x: number, y: number) => Math.hypot(x, y) + 1;
    const result = analyseBoundary({ gridValues: sampleOnGrid(grid, field), grid, xy, f: sampleAt(xy, field), lipschitzBound: 1 });
    expect(result.segments.length).toBe(0);
    expect(result.distances.every((d) => d === Infinity)).toBe(true);
    expect(result.tightness.every((t) => t === 0)).toBe(true);
    expect(result.violations.length).toBe(0);
  });

  it('rejects points and values of different counts', () => {
    expect(() =>
      analyseBoundary({ gridValues: sampleOnGrid(grid, circleSdf), grid, xy, f: new Float32Array(5), lipschitzBound: 1 }),
    ).toThrow(/3000 points but 5 values/);
  });
});
