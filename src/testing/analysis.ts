/**
 * Fixtures and a tolerance helper shared by the analysis tests (imported by *.test.ts only).
 */
import { expect } from 'vitest';
import { Random } from '../core/random';
import type { Domain } from '../core/geometry';
import { gridPoints, type Grid } from '../analysis/grid';

/** Asserts |actual - expected| <= tol, naming the quantity in the failure message. */
export function expectClose(actual: number, expected: number, tol: number, what = 'value'): void {
  const error = Math.abs(actual - expected);
  if (!(error <= tol)) {
    expect.fail(`${what}: expected ${expected} +- ${tol}, got ${actual} (off by ${error})`);
  }
}

/** The square [-2, 2]^2. */
export const SQUARE2: Domain = { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };

/** Signed distance to the unit circle: |p| - 1 (negative inside). */
export const circleSdf = (x: number, y: number): number => Math.hypot(x, y) - 1;

/** fn sampled at the nodes of `grid`, in the layout `contour` expects. */
export function sampleOnGrid(grid: Grid, fn: (x: number, y: number) => number): Float32Array {
  const xy = gridPoints(grid);
  const out = new Float32Array(xy.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = fn(xy[2 * k], xy[2 * k + 1]);
  return out;
}

/** fn at each point of interleaved `xy`. */
export function sampleAt(xy: Float32Array, fn: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(xy.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = fn(xy[2 * k], xy[2 * k + 1]);
  return out;
}

/** n points uniform in `domain`, interleaved x, y, from a seeded generator. */
export function randomPoints(seed: number, n: number, domain: Domain): Float32Array {
  const rng = new Random(seed);
  const out = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    out[2 * k] = rng.uniform(domain.xMin, domain.xMax);
    out[2 * k + 1] = rng.uniform(domain.yMin, domain.yMax);
  }
  return out;
}
