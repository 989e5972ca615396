import { describe, expect, it } from 'vitest';
import type { AttackResult } from './attack';
import { attackSample, summariseAttack } from './attackSummary';

const result = (f: number, distance: number | null): AttackResult => ({
  f,
  flipped: distance !== null,
  distance,
  flipPoint: distance === null ? null : [0, 0],
  path: [[0, 0]],
  evaluations: 1,
});

describe('the attack summary', () => {
  // Evaluated set of 6 points; the attack ran on indices 1..5.
  const labels = Float32Array.from([1, 1, -1, 1, -1, 1]);
  const attack = {
    indices: Int32Array.from([1, 2, 3, 4, 5]),
    results: [
      result(0.5, 1), // radius 0.25 at L = 2: ratio 4
      result(-0.2, 0.3), // radius 0.1: ratio 3
      result(-0.4, 0.1), // misclassified (label +1, f < 0): left out
      result(-0.1, null), // correct, but no flip found
      result(NaN, 0.5), // not a finite f: left out
    ],
    precision: 1e-4,
  };

  it('counts the correctly classified points, averages over the flipped ones, and sets distances against radii', () => {
    const s = summariseAttack(attack, labels, 2);
    expect(s.points).toBe(3);
    expect(s.fractionFlipped).toBeCloseTo(2 / 3, 12);
    expect(s.meanDistance).toBeCloseTo(0.65, 12);
    expect(s.minRatio).toBeCloseTo(3, 12);
    expect(s.medianRatio).toBeCloseTo(3.5, 12);
    expect(s.precision).toBe(1e-4);
  });

  it('has no ratios without a usable bound, and NaN figures without points', () => {
    const s = summariseAttack(attack, labels, NaN);
    expect(s.meanDistance).toBeCloseTo(0.65, 12);
    expect(s.minRatio).toBeNaN();
    expect(s.medianRatio).toBeNaN();
    const none = summariseAttack({ indices: new Int32Array(0), results: [], precision: 1e-4 }, labels, 1);
    expect(none.points).toBe(0);
    expect([none.fractionFlipped, none.meanDistance, none.minRatio, none.medianRatio].every(Number.isNaN)).toBe(true);
  });

  it('samples every point up to 200, else the same 200 distinct points every time, in order', () => {
    expect(Array.from(attackSample(5))).toEqual([0, 1, 2, 3, 4]);
    const sample = attackSample(1250);
    expect(sample.length).toBe(200);
    expect(new Set(sample).size).toBe(200);
    expect(Array.from(sample)).toEqual(Array.from(sample).sort((a, b) => a - b));
    expect(sample[199]).toBeLessThan(1250);
    expect(sample[199]).toBeGreaterThan(1000); // spread over the set, not its first 200
    expect(attackSample(1250)).toEqual(sample);
  });
});
