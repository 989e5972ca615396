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

/**
 * The points of one class in a static 2-d tree (an implicit balanced tree over a permuted array: the
 * median of each range splits it, on x and y in turn), for exact nearest-neighbour queries in about
 * log n steps. A brute-force scan of 10,000 test points against 100,000 points took seconds on the page's
 * thread; a uniform grid was slow for points deep inside their class, far from any other-class point.
 */
class KdTree {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** The traversal's stack: [lo, hi, axis] per pending range (at most about 2 per level), and their bounds. */
  private readonly stack: Int32Array;
  private readonly bounds: Float64Array;

  constructor(xy: readonly number[]) {
    const n = xy.length / 2;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      this.xs[k] = xy[2 * k];
      this.ys[k] = xy[2 * k + 1];
    }
    const depth = 2 * (Math.ceil(Math.log2(n + 1)) + 2);
    this.stack = new Int32Array(3 * depth);
    this.bounds = new Float64Array(depth);
    this.build(0, n, 0);
  }

  get size(): number {
    return this.xs.length;
  }

  /** Puts the median of [lo, hi) on `axis` at the middle, smaller before, larger after; then the halves. */
  private build(lo: number, hi: number, axis: number): void {
    if (hi - lo <= 1) return;
    const mid = (lo + hi) >> 1;
    this.select(lo, hi - 1, mid, axis);
    this.build(lo, mid, 1 - axis);
    this.build(mid + 1, hi, 1 - axis);
  }

  /** Quickselect (Hoare partition around the middle value) of the k-th smallest on `axis` in [left, right]. */
  private select(left: number, right: number, k: number, axis: number): void {
    const key = axis === 0 ? this.xs : this.ys;
    while (left < right) {
      const pivot = key[(left + right) >> 1];
      let i = left;
      let j = right;
      while (i <= j) {
        while (key[i] < pivot) i++;
        while (key[j] > pivot) j--;
        if (i <= j) this.swap(i++, j--);
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else return;
    }
  }

  private swap(a: number, b: number): void {
    const x = this.xs[a];
    const y = this.ys[a];
    this.xs[a] = this.xs[b];
    this.ys[a] = this.ys[b];
    this.xs[b] = x;
    this.ys[b] = y;
  }

  /**
   * The squared distance from (x, y) to the nearest point, or Infinity when none is nearer than
   * sqrt(`limitSquared`) (a finite limit prunes the search: the ceiling needs distances up to eps max only).
   */
  nearestSquared(x: number, y: number, limitSquared = Infinity): number {
    let best = limitSquared;
    let found = false;
    // Ranges [lo, hi) still to visit, with their split axis and a lower bound on the squared distance from
    // the query to any of their points (the gap to the splitting line that separated them), as a stack.
    const { stack, bounds } = this;
    let top = push(stack, bounds, 0, 0, this.size, 0, 0);
    while (top > 0) {
      top--;
      const lo = stack[3 * top];
      const hi = stack[3 * top + 1];
      const axis = stack[3 * top + 2];
      const own = bounds[top];
      // The best found since this range was pushed may already be nearer than anything in it.
      if (hi <= lo || own >= best) continue;
      const mid = (lo + hi) >> 1;
      const dx = this.xs[mid] - x;
      const dy = this.ys[mid] - y;
      const d = dx * dx + dy * dy;
      if (d < best) {
        best = d;
        found = true;
      }
      const gap = axis === 0 ? -dx : -dy;
      const next = 1 - axis;
      const far = Math.max(own, gap * gap);
      // Pushed last is visited first: the query's side.
      if (gap < 0) {
        if (far < best) top = push(stack, bounds, top, mid + 1, hi, next, far);
        top = push(stack, bounds, top, lo, mid, next, own);
      } else {
        if (far < best) top = push(stack, bounds, top, lo, mid, next, far);
        top = push(stack, bounds, top, mid + 1, hi, next, own);
      }
    }
    return found ? best : Infinity;
  }
}

/** Pushes the range [lo, hi) with its axis and distance bound as entry `top`; returns the new count. */
function push(stack: Int32Array, bounds: Float64Array, top: number, lo: number, hi: number, axis: number, bound: number): number {
  stack[3 * top] = lo;
  stack[3 * top + 1] = hi;
  stack[3 * top + 2] = axis;
  bounds[top] = bound;
  return top + 1;
}

/**
 * For each point of `evaluated`, the distance to the nearest point of the other class among `all`
 * (Infinity when there is none within `maxDistance`).
 * @internal The page uses the sliced form (otherClassDistanceSteps); tests check this one against brute force.
 */
export function otherClassDistances(evaluated: PointSet, all: readonly PointSet[], maxDistance = Infinity): Float64Array {
  return runToEnd(otherClassDistanceSteps(evaluated, all, maxDistance));
}

/**
 * The same work in slices: it yields after building the trees and after every `chunk` points, so the page
 * can spread 100,000 points over several short tasks (ui/plot/ceilingSeries.ts) and stay responsive.
 */
export function* otherClassDistanceSteps(
  evaluated: PointSet,
  all: readonly PointSet[],
  maxDistance = Infinity,
  chunk = 2000,
): Generator<void, Float64Array> {
  const limitSquared = maxDistance * maxDistance;
  const byClass: Record<string, number[]> = { '1': [], '-1': [] };
  for (const set of new Set(all)) {
    for (let j = 0; j < set.labels.length; j++) byClass[set.labels[j] > 0 ? '1' : '-1'].push(set.xy[2 * j], set.xy[2 * j + 1]);
  }
  const trees = { '1': new KdTree(byClass['1']), '-1': new KdTree(byClass['-1']) };
  yield;
  const out = new Float64Array(evaluated.labels.length);
  for (let i = 0; i < out.length; i++) {
    if (i > 0 && i % chunk === 0) yield;
    const other = trees[evaluated.labels[i] > 0 ? '-1' : '1'];
    out[i] = Math.sqrt(other.nearestSquared(evaluated.xy[2 * i], evaluated.xy[2 * i + 1], limitSquared));
  }
  return out;
}

/** The value a generator returns, run without pauses. */
function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The ceiling as a step curve over [0, epsMax]: at each eps the fraction of evaluated points whose
 * other-class distance exceeds eps (points with no other class count as never limited). Empty for no points.
 * @internal The page uses the sliced form (certifiedCeilingSteps); the tests use this one.
 */
export function certifiedCeiling(evaluated: PointSet, all: readonly PointSet[], epsMax: number): [number, number][] {
  return runToEnd(certifiedCeilingSteps(evaluated, all, epsMax));
}

/** certifiedCeiling in slices (see otherClassDistanceSteps). */
export function* certifiedCeilingSteps(evaluated: PointSet, all: readonly PointSet[], epsMax: number, chunk = 2000): Generator<void, [number, number][]> {
  const n = evaluated.labels.length;
  if (n === 0) return [];
  // Distances past epsMax only count as "above": the search need not find them.
  const distances = yield* otherClassDistanceSteps(evaluated, all, epsMax * (1 + 1e-9), chunk);
  const d = distances.sort();
  const points: [number, number][] = [[0, 1]];
  let k = 0;
  for (; k < n && d[k] <= epsMax; k++) {
    // Just past d[k] the fraction drops to (n - k - 1) / n: draw the step as two points.
    points.push([d[k], (n - k) / n], [d[k], (n - k - 1) / n]);
  }
  points.push([epsMax, (n - k) / n]);
  return points;
}
