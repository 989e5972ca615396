import { describe, expect, it } from 'vitest';
import type { PointSet } from '../core/geometry';
import { certifiedCeiling, otherClassDistances, otherClassDistanceSteps } from './ceiling';

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

  it('equals a brute-force scan on random clouds, clusters, lines and far outliers', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const brute = (evaluated: PointSet, all: PointSet[]) =>
      Array.from(evaluated.labels, (label, i) => {
        let best = Infinity;
        for (const s of all) for (let j = 0; j < s.labels.length; j++) {
          if (s.labels[j] === label) continue;
          best = Math.min(best, Math.hypot(s.xy[2 * j] - evaluated.xy[2 * i], s.xy[2 * j + 1] - evaluated.xy[2 * i + 1]));
        }
        return best;
      });
    const clouds: [number, number, number][][] = [
      Array.from({ length: 400 }, () => [4 * rand() - 2, 4 * rand() - 2, rand() < 0.5 ? 1 : -1]),
      Array.from({ length: 300 }, (): [number, number, number] => [0.01 * rand(), 0.01 * rand(), rand() < 0.2 ? 1 : -1]).concat([[9000, -9000, 1]]),
      Array.from({ length: 200 }, (_, k): [number, number, number] => [k / 10, 0, k % 7 === 0 ? 1 : -1]),
      Array.from({ length: 50 }, () => [0, 0, rand() < 0.5 ? 1 : -1]),
    ];
    for (const points of clouds) {
      const test = set(points.slice(0, 60));
      const train = set(points.slice(60));
      const fast = Array.from(otherClassDistances(test, [train, test]));
      const slow = brute(test, [train, test]);
      fast.forEach((d, i) => expect(d).toBeCloseTo(slow[i], 9));
      // With a limit, distances past it are Infinity and the others exact.
      const limited = Array.from(otherClassDistances(test, [train, test], 0.05));
      limited.forEach((d, i) => (slow[i] < 0.05 ? expect(d).toBeCloseTo(slow[i], 9) : expect(d).toBe(Infinity)));
    }
  });

  it('in slices gives the same distances, pausing after the trees and every chunk of points', () => {
    const points = Array.from({ length: 1000 }, (_, k): [number, number, number] => [Math.cos(k), Math.sin(3 * k), k % 3 === 0 ? 1 : -1]);
    const all = set(points);
    const steps = otherClassDistanceSteps(all, [all], Infinity, 300);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    expect(pauses).toBe(4); // after the trees, and after points 300, 600 and 900
    expect(Array.from(next.value)).toEqual(Array.from(otherClassDistances(all, [all])));
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
