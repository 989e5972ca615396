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
  /** The traversal's stack: 3 entries per pending range, at most about 2 ranges per level. */
  private readonly stack: Int32Array;

  constructor(xy: readonly number[]) {
    const n = xy.length / 2;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      this.xs[k] = xy[2 * k];
      this.ys[k] = xy[2 * k + 1];
    }
    this.stack = new Int32Array(6 * (Math.ceil(Math.log2(n + 1)) + 2));
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
    // Ranges [lo, hi) still to visit with their split axis, as a stack (no recursion, no closures).
    const stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    stack[top++] = this.size;
    stack[top++] = 0;
    while (top > 0) {
      const axis = stack[--top];
      const hi = stack[--top];
      const lo = stack[--top];
      if (hi <= lo) continue;
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
      // Pushed last is visited first: the far side only if the splitting line is nearer than the best.
      const farNeeded = gap * gap < best;
      if (gap < 0) {
        if (farNeeded) top = push(stack, top, mid + 1, hi, next);
        top = push(stack, top, lo, mid, next);
      } else {
        if (farNeeded) top = push(stack, top, lo, mid, next);
        top = push(stack, top, mid + 1, hi, next);
      }
    }
    return found ? best : Infinity;
  }
}

/** Pushes the range [lo, hi) with its axis on the traversal stack; returns the new top. */
function push(stack: Int32Array, top: number, lo: number, hi: number, axis: number): number {
  stack[top] = lo;
  stack[top + 1] = hi;
  stack[top + 2] = axis;
  return top + 3;
}

/**
 * For each point of `evaluated`, the distance to the nearest point of the other class among `all`
 * (Infinity when there is none within `maxDistance`).
 */
export function otherClassDistances(evaluated: PointSet, all: readonly PointSet[], maxDistance = Infinity): Float64Array {
  const limitSquared = maxDistance * maxDistance;
  const byClass: Record<string, number[]> = { '1': [], '-1': [] };
  for (const set of new Set(all)) {
    for (let j = 0; j < set.labels.length; j++) byClass[set.labels[j] > 0 ? '1' : '-1'].push(set.xy[2 * j], set.xy[2 * j + 1]);
  }
  const trees = { '1': new KdTree(byClass['1']), '-1': new KdTree(byClass['-1']) };
  const out = new Float64Array(evaluated.labels.length);
  for (let i = 0; i < out.length; i++) {
    const other = trees[evaluated.labels[i] > 0 ? '-1' : '1'];
    out[i] = Math.sqrt(other.nearestSquared(evaluated.xy[2 * i], evaluated.xy[2 * i + 1], limitSquared));
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
  // Distances past epsMax only count as "above": the search need not find them.
  const d = Array.from(otherClassDistances(evaluated, all, epsMax * (1 + 1e-9))).sort((a, b) => a - b);
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
