/**
 * The attack's numbers in a report: which evaluated points are attacked (a fixed, seeded sample), and what
 * the attack found on them set against their certificates. Plain JS, no tfjs.
 */
import { Random } from '../core/random';
import type { AttackResult } from './attack';

/** Points attacked at most per report: enough for a minimum and a median, cheap next to training. */
const ATTACK_SAMPLE_SIZE = 200;
/** Fixed, so every report on the same data attacks the same points (the models of a sweep too). */
const ATTACK_SAMPLE_SEED = 9;

/** What a report measured with the attack: the sampled points' indices (into the evaluated set), the results. */
export interface AttackMeasurement {
  indices: Int32Array;
  results: AttackResult[];
  /** The bisection precision the attack ran with (`attackPrecision`). */
  precision: number;
}

/** The attack's figures over the attacked points (the runner's `attack` object). */
export interface AttackSummary {
  /** Attacked points that count: sampled, correctly classified (y f(x) > 0, so a positive certified radius). */
  points: number;
  /** Fraction of them for which the attack found a point of the other class. */
  fractionFlipped: number;
  /** Mean |x* - x| over the flipped points. */
  meanDistance: number;
  /** min over flipped points of |x* - x| / (|f(x)| / L_bound): >= 1 for a sound certificate (up to float32 in f). */
  minRatio: number;
  /** The median of that ratio: how far, typically, the certificate is below the attack's distance. */
  medianRatio: number;
  /** The bisection precision: each distance overstates the sign change on its final segment by at most this. */
  precision: number;
}

/**
 * Indices 0..n-1 of the points to attack: all of them up to ATTACK_SAMPLE_SIZE, else that many drawn
 * without replacement by a seeded shuffle, in ascending order.
 */
export function attackSample(n: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, k) => k);
  if (n <= ATTACK_SAMPLE_SIZE) return all;
  new Random(ATTACK_SAMPLE_SEED).shuffle(all);
  return all.slice(0, ATTACK_SAMPLE_SIZE).sort();
}

function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * The summary over the attacked points, given the labels of the whole evaluated set. Misclassified
 * points (y f <= 0, NaN included) are left out: they have no certificate to test, and their class already
 * differs from the label. Ratios need a usable bound (finite, > 0); without one they are NaN, like every
 * certificate of that model. NaN where no point counts (no flip: distances and ratios).
 */
export function summariseAttack(attack: AttackMeasurement, labels: ArrayLike<number>, lipschitzBound: number): AttackSummary {
  const usableBound = lipschitzBound > 0 && Number.isFinite(lipschitzBound);
  let points = 0;
  let distanceSum = 0;
  const ratios: number[] = [];
  attack.results.forEach((r, i) => {
    if (!(labels[attack.indices[i]] * r.f > 0)) return;
    points++;
    if (r.distance === null) return;
    distanceSum += r.distance;
    ratios.push(usableBound ? (r.distance * lipschitzBound) / Math.abs(r.f) : NaN);
  });
  ratios.sort((a, b) => a - b);
  return {
    points,
    fractionFlipped: points > 0 ? ratios.length / points : NaN,
    meanDistance: ratios.length > 0 ? distanceSum / ratios.length : NaN,
    minRatio: ratios.length > 0 ? ratios[0] : NaN,
    medianRatio: median(ratios),
    precision: attack.precision,
  };
}
