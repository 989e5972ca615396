import { describe, expect, test } from 'vitest';
import { Random } from '../../core/random';
import { simplifyPolyline } from './simplify';

/** Distance from (px, py) to the polyline `points`. */
function distanceToPolyline(px: number, py: number, points: Float64Array): number {
  let best = Infinity;
  for (let k = 0; k + 3 < points.length; k += 2) {
    const [ax, ay, bx, by] = [points[k], points[k + 1], points[k + 2], points[k + 3]];
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - px, ay + t * dy - py));
  }
  return best;
}

describe('polyline simplification (Douglas-Peucker)', () => {
  test('keeps every dropped point within the tolerance, as a subsequence with both ends', () => {
    const rng = new Random(3);
    for (let trial = 0; trial < 50; trial++) {
      const n = 3 + Math.floor(rng.uniform(0, 300));
      // A random walk: smooth stretches and sharp turns.
      const points = new Float64Array(2 * n);
      let [x, y, heading] = [0, 0, 0];
      for (let k = 0; k < n; k++) {
        heading += rng.normal() * (trial % 2 === 0 ? 0.05 : 0.8);
        x += 3 * Math.cos(heading);
        y += 3 * Math.sin(heading);
        points[2 * k] = x;
        points[2 * k + 1] = y;
      }
      const tolerance = [0.05, 0.2, 1][trial % 3];
      const kept = simplifyPolyline(points, tolerance);
      expect([kept[0], kept[1]]).toEqual([points[0], points[1]]);
      expect([kept[kept.length - 2], kept[kept.length - 1]]).toEqual([points[2 * n - 2], points[2 * n - 1]]);
      // A subsequence of the input.
      let j = 0;
      for (let k = 0; k < n && j < kept.length; k++) if (points[2 * k] === kept[j] && points[2 * k + 1] === kept[j + 1]) j += 2;
      expect(j).toBe(kept.length);
      for (let k = 0; k < n; k++) expect(distanceToPolyline(points[2 * k], points[2 * k + 1], kept)).toBeLessThanOrEqual(tolerance + 1e-9);
    }
  });

  test('reduces a straight run to its ends and keeps a zigzag wider than the tolerance', () => {
    const straight = Float64Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i : 0.5 * i));
    expect(Array.from(simplifyPolyline(straight, 0.2))).toEqual([0, 0.5, 198, 99.5]);
    const zigzag = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? i : (i >> 1) % 2 === 0 ? 0 : 0.5));
    expect(simplifyPolyline(zigzag, 0.2).length).toBe(40);
    expect(simplifyPolyline(zigzag, 0.6).length).toBe(4);
  });

  test('returns short polylines and a zero tolerance unchanged', () => {
    const two = new Float64Array([0, 0, 1, 1]);
    expect(simplifyPolyline(two, 5)).toBe(two);
    const three = new Float64Array([0, 0, 1, 0, 2, 0]);
    expect(simplifyPolyline(three, 0)).toBe(three);
  });
});
