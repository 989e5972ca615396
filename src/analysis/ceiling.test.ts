import { describe, expect, it } from 'vitest';
import type { PointSet } from '../core/geometry';
import { certifiedCeiling, otherClassDistances } from './ceiling';

const set = (points: [number, number, number][]): PointSet => ({
  xy: Float32Array.from(points.flatMap(([x, y]) => [x, y])),
  labels: Float32Array.from(points.map((p) => p[2])),
});

describe('the geometric ceiling', () => {
  it('measures each point to the nearest point of the other class, in any set', () => {
    const test = set([[0, 0, 1], [3, 0, -1]]);
    const train = set([[0, 2, -1], [1, 0, 1], [3, 4, 1]]);
    expect(Array.from(otherClassDistances(test, [train, test]))).toEqual([2, 2]);
    expect(Array.from(otherClassDistances(set([[0, 0, 1]]), [set([[5, 5, 1]])]))).toEqual([Infinity]);
  });

  it('is the fraction of points farther than eps from the other class, a non-increasing step curve', () => {
    const test = set([[0, 0, 1], [1, 0, -1], [10, 0, 1], [13, 0, -1]]);
    // Other-class distances: 1, 1, 3, 3.
    const curve = certifiedCeiling(test, [test], 5);
    const at = (eps: number) => {
      let v = 1;
      for (const [e, a] of curve) if (e <= eps) v = a;
      return v;
    };
    expect(at(0.5)).toBe(1);
    expect(at(1.5)).toBe(0.5);
    expect(at(4)).toBe(0);
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k][0]).toBeGreaterThanOrEqual(curve[k - 1][0]);
      expect(curve[k][1]).toBeLessThanOrEqual(curve[k - 1][1]);
    }
    expect(curve.at(-1)).toEqual([5, 0]);
    expect(certifiedCeiling(set([]), [test], 5)).toEqual([]);
  });

  it('stays above the certified accuracy of a classifier right on every point (the 1-D threshold at the midpoint)', () => {
    // f(x) = x - 5 on points of class sign(x - 5): radius |f| = distance to the boundary at 5, which is at
    // most half the gap to the other class: the ceiling (the full gap) is never passed.
    const pts = set([[1, 0, -1], [4, 0, -1], [6, 0, 1], [9, 0, 1]]);
    const radius = [4, 1, 1, 4];
    const ceiling = certifiedCeiling(pts, [pts], 10);
    for (const eps of [0, 0.5, 1, 1.5, 2, 3, 4.5]) {
      const certified = radius.filter((r) => r > eps).length / 4;
      let bound = 1;
      for (const [e, a] of ceiling) if (e <= eps) bound = a;
      expect(certified).toBeLessThanOrEqual(bound);
    }
  });
});
