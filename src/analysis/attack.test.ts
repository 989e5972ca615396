import { describe, expect, it } from 'vitest';
import type { Domain } from '../core/geometry';
import { randomPoints, SQUARE2 } from '../testing/support';
import { attackPrecision, DEFAULT_ATTACK_SETTINGS, maxAttackEvaluations, minimumNormAttack, type AttackField, type AttackResult } from './attack';

/** An analytic field f with its gradient, counting the points it was asked about. */
function analytic(f: (x: number, y: number) => number, grad: (x: number, y: number) => [number, number]) {
  const field: AttackField & { asked: number } = {
    asked: 0,
    async values(xy) {
      field.asked += xy.length / 2;
      return Array.from({ length: xy.length / 2 }, (_, k) => f(xy[2 * k], xy[2 * k + 1]));
    },
    async valuesAndGradients(xy) {
      field.asked += xy.length / 2;
      const n = xy.length / 2;
      return {
        f: Array.from({ length: n }, (_, k) => f(xy[2 * k], xy[2 * k + 1])),
        grad: Array.from({ length: n }, (_, k) => grad(xy[2 * k], xy[2 * k + 1])).flat(),
      };
    },
  };
  return field;
}

/** A linear field w.x + b. */
const linear = (w: [number, number], b: number) => analytic((x, y) => w[0] * x + w[1] * y + b, () => w);

const PRECISION = attackPrecision(SQUARE2);

function inside(p: [number, number], box: Domain): boolean {
  return p[0] >= box.xMin && p[0] <= box.xMax && p[1] >= box.yMin && p[1] <= box.yMax;
}

describe('the minimum-norm attack on analytic fields', () => {
  it('has the budget it documents, and a precision of 1e-5 of the box side', () => {
    expect(maxAttackEvaluations()).toBe(1 + 40 + 18 + 8 * (1 + 6 + 18)); // start, search, bisection, rounds
    expect(PRECISION).toBeCloseTo(4e-5, 12);
  });

  for (const [w, b] of [
    [[1, 0], 0.3],
    [[0.6, -0.8], -0.2],
    [[3, 4], 1], // steep: |w| = 5
    [[0.05, 0.02], 0.01], // shallow: a gradient step jumps at most a tenth of the box
  ] as [[number, number], number][]) {
    it(`finds the projection onto the line for f = (${w}).x + ${b}, at distance |f|/|w| to the precision`, async () => {
      const xy = randomPoints(11, 60, SQUARE2);
      const field = linear(w, b);
      const results = await minimumNormAttack(field, xy, SQUARE2);
      const norm = Math.hypot(...w);
      let checked = 0;
      results.forEach((r, k) => {
        const [x, y] = [xy[2 * k], xy[2 * k + 1]];
        const f = w[0] * x + w[1] * y + b;
        const projection: [number, number] = [x - (f * w[0]) / norm ** 2, y - (f * w[1]) / norm ** 2];
        if (!inside(projection, SQUARE2)) return; // the attack stays in the box
        checked++;
        expect(r.flipped).toBe(true);
        const exact = Math.abs(f) / norm;
        // The reported point is on the other side, at most `precision` past the line along its segment.
        expect(r.distance!).toBeGreaterThanOrEqual(exact - 1e-6);
        expect(r.distance!).toBeLessThanOrEqual(exact + PRECISION);
        expect(Math.hypot(r.flipPoint![0] - projection[0], r.flipPoint![1] - projection[1])).toBeLessThanOrEqual(PRECISION);
        expect(Math.sign(w[0] * r.flipPoint![0] + w[1] * r.flipPoint![1] + b)).not.toBe(Math.sign(f) || -1);
      });
      expect(checked).toBeGreaterThan(30);
    });
  }

  it('on a curved boundary (f = y - x^2) gets within 1e-4 of the true distance, never below it', async () => {
    const box: Domain = { xMin: -1.5, xMax: 1.5, yMin: -1, yMax: 2 };
    const field = analytic((x, y) => y - x * x, (x) => [-2 * x, 1]);
    const xy = randomPoints(5, 80, box);
    const results = await minimumNormAttack(field, xy, box);
    // The true distance to the parabola (t, t^2), by a scan of t (inside and beyond the box), then a finer one.
    const trueDistance = (x: number, y: number) => {
      const scan = (from: number, to: number, step: number) => {
        let best = { d: Infinity, t: 0 };
        for (let t = from; t <= to; t += step) {
          const d = Math.hypot(t - x, t * t - y);
          if (d < best.d) best = { d, t };
        }
        return best;
      };
      const coarse = scan(-3, 3, 1e-3);
      return scan(coarse.t - 2e-3, coarse.t + 2e-3, 1e-7).d;
    };
    let checked = 0;
    for (const [k, r] of results.entries()) {
      const d = trueDistance(xy[2 * k], xy[2 * k + 1]);
      if (!r.flipped) continue;
      checked++;
      expect(r.distance!).toBeGreaterThanOrEqual(d - 1e-6);
      expect(r.distance! - d, `point ${k}`).toBeLessThanOrEqual(1e-4); // the refinement turned to the nearest point
    }
    expect(checked).toBe(80);
  });

  it('walks around the circle SDF radially from both sides', async () => {
    const field = analytic(
      (x, y) => Math.hypot(x, y) - 1,
      (x, y) => [x / Math.hypot(x, y), y / Math.hypot(x, y)],
    );
    const xy = Float32Array.from([0.3, 0.2, -1.5, 1.2, 0, -0.5, 1.9, -1.9]);
    const results = await minimumNormAttack(field, xy, SQUARE2);
    results.forEach((r, k) => {
      const exact = Math.abs(Math.hypot(xy[2 * k], xy[2 * k + 1]) - 1);
      expect(r.distance!).toBeGreaterThanOrEqual(exact - 1e-6);
      expect(r.distance!).toBeLessThanOrEqual(exact + PRECISION);
    });
  });

  it('is deterministic and independent of which points share its batches', async () => {
    const field = analytic((x, y) => Math.sin(3 * x) + Math.cos(2 * y) - 0.4, (x, y) => [3 * Math.cos(3 * x), -2 * Math.sin(2 * y)]);
    const xy = randomPoints(3, 40, SQUARE2);
    const together = await minimumNormAttack(field, xy, SQUARE2);
    expect(await minimumNormAttack(field, xy, SQUARE2)).toEqual(together);
    const alone: AttackResult[] = [];
    for (let k = 0; k < 40; k++) alone.push(...(await minimumNormAttack(field, xy.slice(2 * k, 2 * k + 2), SQUARE2)));
    expect(alone).toEqual(together);
  });

  it('keeps to its budget, counts every evaluation, and stays in the box', async () => {
    const wiggly = analytic(
      (x, y) => Math.sin(7 * x) * Math.sin(5 * y) + 0.2 * x - 0.1,
      (x, y) => [7 * Math.cos(7 * x) * Math.sin(5 * y) + 0.2, 5 * Math.sin(7 * x) * Math.cos(5 * y)],
    );
    const xy = randomPoints(8, 200, SQUARE2);
    const results = await minimumNormAttack(wiggly, xy, SQUARE2);
    expect(results.reduce((sum, r) => sum + r.evaluations, 0)).toBe(wiggly.asked);
    for (const r of results) {
      expect(r.evaluations).toBeLessThanOrEqual(maxAttackEvaluations());
      for (const p of [...r.path, ...(r.flipPoint ? [r.flipPoint] : [])]) expect(inside(p, SQUARE2)).toBe(true);
    }
    // Refinement ran on some points (more than the search and one bisection).
    expect(Math.max(...results.map((r) => r.evaluations))).toBeGreaterThan(1 + 20 + 18);

    // No zero in the box: the whole search is spent, then it stops without a flip.
    const positive = linear([0.01, 0.01], 3);
    const [none] = await minimumNormAttack(positive, Float32Array.from([0, 0]), SQUARE2);
    expect(none).toMatchObject({ flipped: false, distance: null, flipPoint: null });
    expect(none.evaluations).toBeLessThanOrEqual(1 + DEFAULT_ATTACK_SETTINGS.searchSteps);
    expect(none.path.length).toBe(none.evaluations);
  });

  it('stops without a flip where the boundary lies outside the box, or f has no slope or no value', async () => {
    const [outside] = await minimumNormAttack(linear([1, 0], -5), Float32Array.from([0, 0]), SQUARE2); // boundary x = 5
    expect(outside.flipped).toBe(false);
    expect(outside.evaluations).toBeLessThan(1 + DEFAULT_ATTACK_SETTINGS.searchSteps); // stuck at the box's face
    const [flat] = await minimumNormAttack(linear([0, 0], 1), Float32Array.from([0, 0]), SQUARE2);
    expect(flat).toMatchObject({ flipped: false, evaluations: 1 });
    const [nan] = await minimumNormAttack(linear([NaN, 0], 1), Float32Array.from([0, 0]), SQUARE2);
    expect(nan).toMatchObject({ flipped: false, evaluations: 1 });
  });
});
