import { describe, it, expect } from 'vitest';
import { Random } from '../core/random';
import { contour } from './contour';
import { distancesToSegments, distanceToSegment } from './distance';
import { gridSpacing, type Grid } from './grid';
import { circleSdf, expectClose, randomPoints, sampleOnGrid, SQUARE2 } from '../testing/support';

/** The definition, one segment at a time: min over all segments, no acceleration. */
function bruteForce(segments: Float32Array, xy: Float32Array): Float64Array {
  const out = new Float64Array(xy.length / 2).fill(Infinity);
  for (let q = 0; q < out.length; q++) {
    for (let k = 0; k < segments.length; k += 4) {
      const d = distanceToSegment(xy[2 * q], xy[2 * q + 1], segments[k], segments[k + 1], segments[k + 2], segments[k + 3]);
      if (d < out[q]) out[q] = d;
    }
  }
  return out;
}

/** n random segments: centres in [-3, 3]^2, lengths from 0 to maxLength, random directions. */
function randomSegments(seed: number, n: number, maxLength: number): Float32Array {
  const rng = new Random(seed);
  const out = new Float32Array(4 * n);
  for (let s = 0; s < n; s++) {
    const cx = rng.uniform(-3, 3);
    const cy = rng.uniform(-3, 3);
    const half = rng.uniform(0, maxLength) / 2;
    const angle = rng.uniform(0, 2 * Math.PI);
    out.set([cx - half * Math.cos(angle), cy - half * Math.sin(angle), cx + half * Math.cos(angle), cy + half * Math.sin(angle)], 4 * s);
  }
  return out;
}

/** A closed wavy curve r(theta) = 1 + 0.3 sin(5 theta) as n segments. */
function wavyCurve(n: number): Float32Array {
  const out = new Float32Array(4 * n);
  const point = (m: number) => {
    const t = (2 * Math.PI * m) / n;
    const r = 1 + 0.3 * Math.sin(5 * t);
    return [r * Math.cos(t), r * Math.sin(t)];
  };
  for (let m = 0; m < n; m++) out.set([...point(m), ...point(m + 1)], 4 * m);
  return out;
}

describe('distanceToSegment', () => {
  it('is the perpendicular distance over the span of a horizontal segment', () => {
    expect(distanceToSegment(1, 3, 0, 0, 2, 0)).toBe(3);
    expect(distanceToSegment(0.5, -0.25, 0, 0, 2, 0)).toBe(0.25);
    expect(distanceToSegment(0.5, 0, 0, 0, 2, 0)).toBe(0);
  });

  it('is the distance to the nearer endpoint beyond the span', () => {
    expect(distanceToSegment(5, 4, 0, 0, 2, 0)).toBe(5); // to (2, 0)
    expect(distanceToSegment(-3, -4, 0, 0, 2, 0)).toBe(5); // to (0, 0)
  });

  it('is the distance to the point for a zero-length segment', () => {
    expect(distanceToSegment(4, 5, 1, 1, 1, 1)).toBe(5);
  });

  it('handles slanted segments: (0, 2) is sqrt(2) from the diagonal y = x', () => {
    expectClose(distanceToSegment(0, 2, -5, -5, 5, 5), Math.SQRT2, 1e-15, 'distance');
  });
});

describe('distancesToSegments', () => {
  it('gives Infinity for every point when there are no segments', () => {
    expect(Array.from(distancesToSegments(new Float32Array(0), Float32Array.of(0, 0, 1, 2)))).toEqual([Infinity, Infinity]);
  });

  it('measures hand cases against two segments exactly', () => {
    const segments = Float32Array.of(0, 0, 2, 0, 10, 0, 10, 4);
    const xy = Float32Array.of(1, 3, 5, 4, 13, 2, 10, 8, 6, 0);
    expect(Array.from(distancesToSegments(segments, xy))).toEqual([3, 5, 3, 4, 4]);
  });

  it('equals brute force on random segments and random points, inside and far outside their box', () => {
    for (const [seed, maxLength] of [[1, 0.1], [2, 1], [3, 8]] as const) {
      const segments = randomSegments(seed, 500, maxLength);
      const xy = randomPoints(seed + 100, 1000, { xMin: -10, xMax: 10, yMin: -10, yMax: 10 });
      const fast = distancesToSegments(segments, xy);
      const slow = bruteForce(segments, xy);
      for (let q = 0; q < slow.length; q++) expect(fast[q]).toBe(Math.fround(slow[q]));
    }
  });

  it('handles degenerate sets: one point, one horizontal segment, collinear vertical segments', () => {
    const xy = randomPoints(7, 200, { xMin: -3, xMax: 3, yMin: -3, yMax: 3 });
    for (const segments of [
      Float32Array.of(0.5, 0.5, 0.5, 0.5),
      Float32Array.of(-1, 0.25, 1, 0.25),
      Float32Array.of(0, -1, 0, 0, 0, 0.5, 0, 2),
    ]) {
      const fast = distancesToSegments(segments, xy);
      const slow = bruteForce(segments, xy);
      for (let q = 0; q < slow.length; q++) expect(fast[q]).toBe(Math.fround(slow[q]));
    }
  });

  it('gives NaN for a NaN point and rejects non-finite segments', () => {
    const segments = Float32Array.of(0, 0, 1, 0);
    expect(Array.from(distancesToSegments(segments, Float32Array.of(NaN, 0, 0, 1)))).toEqual([NaN, 1]);
    expect(() => distancesToSegments(Float32Array.of(0, 0, NaN, 1), Float32Array.of(0, 0))).toThrow(/non-finite/);
    expect(() => distancesToSegments(Float32Array.of(0, 0, 1), Float32Array.of(0, 0))).toThrow(/multiple of 4/);
  });

  it('distance to the learned boundary equals the SDF for a circle: ||p| - 1| within the grid spacing', () => {
    const grid: Grid = { domain: SQUARE2, cols: 201, rows: 201 };
    const segments = contour(sampleOnGrid(grid, circleSdf), grid);
    const xy = randomPoints(11, 5000, SQUARE2);
    const dist = distancesToSegments(segments, xy);
    const { dx } = gridSpacing(grid);
    for (let q = 0; q < dist.length; q++) {
      expectClose(dist[q], Math.abs(circleSdf(xy[2 * q], xy[2 * q + 1])), dx, `distance of point ${q}`);
    }
  });

  it('is fast: 40,000 segments x 10,000 points well under a second or two, and still exact', () => {
    const segments = wavyCurve(40_000);
    const xy = randomPoints(5, 10_000, SQUARE2);
    const t0 = performance.now();
    const fast = distancesToSegments(segments, xy);
    const elapsedMs = performance.now() - t0;
    expect(elapsedMs).toBeLessThan(2000);
    const sample = xy.slice(0, 2 * 200);
    const slow = bruteForce(segments, sample);
    for (let q = 0; q < slow.length; q++) expect(fast[q]).toBe(Math.fround(slow[q]));
  });
});
