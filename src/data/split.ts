/**
 * From a data configuration to a dataset: generate (or take the user's points), shuffle, split into
 * train and test, and choose the square plotting / analysis domain. Deterministic: one `Random(seed)`
 * drives generation and the shuffle, so a config always yields the same Float32Arrays.
 */
import type { DataConfig, LabelledPoint } from '../core/config';
import { GENERATORS } from './datasets';
import { Random } from '../core/random';
import type { Dataset, Domain, PointSet } from '../core/geometry';

/** Ratio of the domain's side to the largest extent of the data's bounding box. */
export const DOMAIN_MARGIN = 1.2;
/** Smallest side of the domain, for degenerate data (one point, or points on a line). */
export const MIN_DOMAIN_SIDE = 0.5;
/**
 * The square a drawing lives in, about the generators' own domains. User data that lies inside it is
 * plotted on exactly this square, so the plot does not move or zoom as points are drawn one by one; user
 * data reaching outside it (a CSV, a link) gets its own `squareDomain`.
 */
export const DRAWING_DOMAIN: Domain = { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5 };

/** Whether every point of `sets` lies in `domain` (edges included). */
export function allInside(sets: readonly PointSet[], domain: Domain): boolean {
  for (const { xy } of sets) {
    for (let i = 0; i < xy.length; i += 2) {
      const inside = xy[i] >= domain.xMin && xy[i] <= domain.xMax && xy[i + 1] >= domain.yMin && xy[i + 1] <= domain.yMax;
      if (!inside) return false;
    }
  }
  return true;
}

/**
 * The user's points as a PointSet, in the given order and without noise. Labels 1 become +1, labels 0
 * and -1 become -1. Throws for an empty list, non-finite coordinates or any other label.
 */
export function userPoints(points: readonly LabelledPoint[]): PointSet {
  if (points.length === 0) throw new Error('the user dataset has no points: add points or load a CSV file');
  const xy = new Float32Array(2 * points.length);
  const labels = new Float32Array(points.length);
  points.forEach(([x, y, label], i) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new Error(`user point ${i} has a non-finite coordinate (${x}, ${y})`);
    }
    if (label !== 1 && label !== 0 && label !== -1) {
      throw new Error(`user point ${i} has label ${label}; labels must be -1, 0 or +1`);
    }
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
    labels[i] = label === 1 ? 1 : -1;
  });
  return { xy, labels };
}

/** The points of `set` at the given indices, in that order. */
export function subset(set: PointSet, indices: ArrayLike<number>): PointSet {
  const xy = new Float32Array(2 * indices.length);
  const labels = new Float32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    xy[2 * k] = set.xy[2 * i];
    xy[2 * k + 1] = set.xy[2 * i + 1];
    labels[k] = set.labels[i];
  }
  return { xy, labels };
}

/**
 * A square box around all points of `sets`: centred on their bounding box's centre, side
 * max(width, height) * margin, at least `minSide`. Square because distances are Euclidean and plots use
 * equal scales on both axes. With no points at all it is the square of side `minSide` around 0.
 */
export function squareDomain(sets: readonly PointSet[], margin = DOMAIN_MARGIN, minSide = MIN_DOMAIN_SIDE): Domain {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const { xy } of sets) {
    for (let i = 0; i < xy.length; i += 2) {
      xMin = Math.min(xMin, xy[i]);
      xMax = Math.max(xMax, xy[i]);
      yMin = Math.min(yMin, xy[i + 1]);
      yMax = Math.max(yMax, xy[i + 1]);
    }
  }
  if (xMin > xMax) return { xMin: -minSide / 2, xMax: minSide / 2, yMin: -minSide / 2, yMax: minSide / 2 };
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  const half = Math.max(Math.max(xMax - xMin, yMax - yMin) * margin, minSide) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** Number of test points for n points: round(n * testFraction), at most n - 1 so training is never empty. */
export function testCount(n: number, testFraction: number): number {
  return Math.max(0, Math.min(n - 1, Math.round(n * testFraction)));
}

/**
 * The points times `scale` (after the noise: the whole set scales), rounded to float32 as stored. Exact for
 * powers of two. The rng draws nothing here, so the shuffle and split do not depend on the scale.
 */
function scaled(set: PointSet, scale: number): PointSet {
  if (scale === 1) return set;
  return { xy: set.xy.map((v) => v * scale), labels: set.labels };
}

function checkConfig(cfg: DataConfig): void {
  if (cfg.name !== 'user' && (!Number.isInteger(cfg.n) || cfg.n < 1)) {
    throw new Error(`dataset size n must be a positive integer, got ${cfg.n}`);
  }
  if (!Number.isFinite(cfg.noise) || cfg.noise < 0) {
    throw new Error(`noise must be a finite number >= 0, got ${cfg.noise}`);
  }
  if (!Number.isFinite(cfg.testFraction) || cfg.testFraction < 0 || cfg.testFraction > 1) {
    throw new Error(`testFraction must be between 0 and 1, got ${cfg.testFraction}`);
  }
  if (!Number.isFinite(cfg.seed)) throw new Error(`seed must be a finite number, got ${cfg.seed}`);
  if (!(cfg.scale > 0) || !Number.isFinite(cfg.scale)) throw new Error(`scale must be a finite number > 0, got ${cfg.scale}`);
}

/**
 * Generates the dataset a configuration describes. `new Random(cfg.seed)` draws the points (or the user's
 * points are taken as given: `scale` applies to generated points only, a drawing stays where it was drawn),
 * multiplied by `cfg.scale`, then the same generator shuffles them; the first round(n * testFraction)
 * shuffled points are the test set (capped at n - 1), the rest the training set. The domain is
 * `squareDomain` of all points (user data inside DRAWING_DOMAIN: that square). Throws an Error only for impossible input: an empty user dataset, a user
 * point with a bad label, n < 1, negative noise, or a test fraction outside [0, 1].
 */
export function generateDataset(cfg: DataConfig): Dataset {
  checkConfig(cfg);
  const rng = new Random(cfg.seed);
  const scale = cfg.name === 'user' ? 1 : cfg.scale;
  const all = cfg.name === 'user' ? userPoints(cfg.points) : scaled(GENERATORS[cfg.name](cfg.n, cfg.noise, rng), scale);
  const n = all.labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const nTest = testCount(n, cfg.testFraction);
  const test = subset(all, order.subarray(0, nTest));
  const train = subset(all, order.subarray(nTest));
  const drawn = cfg.name === 'user' && allInside([train, test], DRAWING_DOMAIN);
  // The smallest side scales too, so the domain is the unscaled one times the scale at every scale.
  return { train, test, domain: drawn ? { ...DRAWING_DOMAIN } : squareDomain([train, test], DOMAIN_MARGIN, MIN_DOMAIN_SIDE * scale) };
}
