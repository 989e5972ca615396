/**
 * The data's geometric ceiling on certified accuracy. A sound certificate of radius r at x promises that
 * every point within r of x gets x's class; a classifier that is right on a point x' of the other class
 * at distance d from x therefore certifies x at r <= d. So for a classifier right on every point, the
 * certified accuracy at eps is at most the fraction of evaluated points whose nearest point of the other
 * class is farther than eps: no sound radius curve of a classifier right on every point can pass this one
 * (MATH.md, "Read the paper's eps axis with care"). A classifier wrong on some points can: its radius at x
 * may cover an other-class point it misclassifies.
 */
import type { PointSet } from '../core/geometry';

/** For each point of `evaluated`, the distance to the nearest point of the other class among `all`. */
export function otherClassDistances(evaluated: PointSet, all: readonly PointSet[]): Float64Array {
  const n = evaluated.labels.length;
  const out = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const x = evaluated.xy[2 * i];
    const y = evaluated.xy[2 * i + 1];
    const label = evaluated.labels[i];
    let best = Infinity;
    for (const set of all) {
      for (let j = 0; j < set.labels.length; j++) {
        if (set.labels[j] === label) continue;
        const d = (set.xy[2 * j] - x) ** 2 + (set.xy[2 * j + 1] - y) ** 2;
        if (d < best) best = d;
      }
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

/**
 * The ceiling as a step curve over [0, epsMax]: at each eps the fraction of evaluated points whose
 * other-class distance exceeds eps (points with no other class count as never limited). Empty for no points.
 */
export function certifiedCeiling(evaluated: PointSet, all: readonly PointSet[], epsMax: number): [number, number][] {
  const n = evaluated.labels.length;
  if (n === 0) return [];
  const d = Array.from(otherClassDistances(evaluated, all)).sort((a, b) => a - b);
  const points: [number, number][] = [[0, 1]];
  for (let k = 0; k < n; k++) {
    if (d[k] > epsMax) break;
    // Just past d[k] the fraction drops to (n - k - 1) / n: draw the step as two points.
    points.push([d[k], (n - k) / n], [d[k], (n - k - 1) / n]);
  }
  const above = d.filter((v) => v > epsMax).length;
  points.push([epsMax, above / n]);
  return points;
}
