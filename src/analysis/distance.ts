/**
 * Exact Euclidean distance from query points to the nearest of a set of segments, e.g. the learned decision
 * boundary {f = 0} extracted by `contour`.
 *
 * Point to segment: for a segment a-b and a point p, with d = b - a,
 *   t* = clamp(((p - a) . d) / (d . d), 0, 1),  dist(p, [a, b]) = |p - (a + t* d)|
 * (for a = b the distance to a). The answer is min over segments, computed exactly (doubles, rounded to
 * float32 at the end): the acceleration below only skips segments that provably cannot be closer.
 *
 * Acceleration: a uniform bucket grid over the segments' bounding box. Each segment is listed in every
 * bucket its bounding box overlaps; each bucket also keeps the bounding box of its segments. A query visits
 * buckets in square rings of growing Chebyshev radius around its own (possibly virtual, outside) bucket and
 * stops once the best distance found is no larger than the distance from the point to the outside of the
 * rings visited so far; a bucket is scanned only if its box is closer than the best distance.
 * The bucket size s = cbrt(D^2 l) (D the box's longer side, l the mean segment length) balances the empty
 * buckets a far query crosses, about (D / s)^2, against the segments a near query scans, about s / l, for
 * curve-like segment sets such as level sets. Measured (Node 20): 40,000 segments of a wavy closed curve x
 * 10,000 points in about 0.2 s. Worst case: points near the centre of a circular arc made of many segments
 * (all nearly equidistant, so none can be ruled out) degrade toward brute force.
 */

/** Squared distance from (px, py) to the segment (ax, ay)-(bx, by). */
function squaredDistanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/**
 * Exact distance from (px, py) to the segment (ax, ay)-(bx, by): |p - (a + t* (b - a))|, t* clamped to [0, 1].
 * @internal The brute-force reference the tests hold `distancesToSegments` to.
 */
export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  return Math.sqrt(squaredDistanceToSegment(px, py, ax, ay, bx, by));
}

/** Largest number of buckets along one axis. */
const MAX_BUCKETS_PER_AXIS = 1024;

/** Segments bucketed on a uniform grid (compressed rows: bucket b holds items[start[b] .. start[b+1])). */
interface BucketIndex {
  x0: number;
  y0: number;
  size: number;
  nx: number;
  ny: number;
  start: Int32Array;
  items: Int32Array;
  /** Per bucket: minX, minY, maxX, maxY of its segments (empty buckets: +Inf, +Inf, -Inf, -Inf). */
  boxes: Float64Array;
}

function buildIndex(segments: Float32Array, count: number): BucketIndex {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let totalLength = 0;
  for (let s = 0; s < count; s++) {
    const k = 4 * s;
    const ax = segments[k];
    const ay = segments[k + 1];
    const bx = segments[k + 2];
    const by = segments[k + 3];
    if (!(Number.isFinite(ax) && Number.isFinite(ay) && Number.isFinite(bx) && Number.isFinite(by))) {
      throw new Error(`segment ${s} has a non-finite coordinate: (${ax}, ${ay})-(${bx}, ${by})`);
    }
    minX = Math.min(minX, ax, bx);
    maxX = Math.max(maxX, ax, bx);
    minY = Math.min(minY, ay, by);
    maxY = Math.max(maxY, ay, by);
    totalLength += Math.hypot(bx - ax, by - ay);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const longSide = Math.max(width, height);
  let size = Math.cbrt(longSide * longSide * (totalLength / count));
  size = Math.max(size, longSide / MAX_BUCKETS_PER_AXIS);
  if (!(size > 0)) size = 1; // all segments are one point
  const nx = Math.min(MAX_BUCKETS_PER_AXIS, Math.floor(width / size) + 1);
  const ny = Math.min(MAX_BUCKETS_PER_AXIS, Math.floor(height / size) + 1);
  const cell = (v: number, v0: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor((v - v0) / size)));

  // Two passes: count the entries per bucket, then fill.
  const start = new Int32Array(nx * ny + 1);
  const forEachBucket = (s: number, visit: (b: number) => void) => {
    const k = 4 * s;
    const i0 = cell(Math.min(segments[k], segments[k + 2]), minX, nx);
    const i1 = cell(Math.max(segments[k], segments[k + 2]), minX, nx);
    const j0 = cell(Math.min(segments[k + 1], segments[k + 3]), minY, ny);
    const j1 = cell(Math.max(segments[k + 1], segments[k + 3]), minY, ny);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) visit(j * nx + i);
  };
  for (let s = 0; s < count; s++) forEachBucket(s, (b) => start[b + 1]++);
  for (let b = 0; b < nx * ny; b++) start[b + 1] += start[b];
  const items = new Int32Array(start[nx * ny]);
  const fill = start.slice(0, nx * ny);
  const boxes = new Float64Array(4 * nx * ny);
  for (let b = 0; b < nx * ny; b++) {
    boxes[4 * b] = Infinity;
    boxes[4 * b + 1] = Infinity;
    boxes[4 * b + 2] = -Infinity;
    boxes[4 * b + 3] = -Infinity;
  }
  for (let s = 0; s < count; s++) {
    const k = 4 * s;
    forEachBucket(s, (b) => {
      items[fill[b]++] = s;
      boxes[4 * b] = Math.min(boxes[4 * b], segments[k], segments[k + 2]);
      boxes[4 * b + 1] = Math.min(boxes[4 * b + 1], segments[k + 1], segments[k + 3]);
      boxes[4 * b + 2] = Math.max(boxes[4 * b + 2], segments[k], segments[k + 2]);
      boxes[4 * b + 3] = Math.max(boxes[4 * b + 3], segments[k + 1], segments[k + 3]);
    });
  }
  return { x0: minX, y0: minY, size, nx, ny, start, items, boxes };
}

/**
 * For each point p_k of `xy` (interleaved x, y), the exact Euclidean distance
 *   dist(p_k, S) = min over segments s in S of dist(p_k, s)
 * to the segment set `segments` ([x1, y1, x2, y2, ...], as from `contour`). Infinity for every point when
 * there are no segments; NaN for a point with a NaN coordinate. Throws on a segment with a non-finite
 * coordinate. Applied to the zero level set of f, this is the true distance to the decision boundary that
 * certified radii |f(x)| / L are checked against.
 */
export function distancesToSegments(segments: Float32Array, xy: Float32Array): Float32Array {
  if (segments.length % 4 !== 0) throw new Error(`segments length must be a multiple of 4, got ${segments.length}`);
  if (xy.length % 2 !== 0) throw new Error(`xy length must be even (interleaved x, y), got ${xy.length}`);
  const n = xy.length / 2;
  const count = segments.length / 4;
  const out = new Float32Array(n);
  if (count === 0) return out.fill(Infinity);

  const index = buildIndex(segments, count);
  const { x0, y0, size, nx, ny, start, items, boxes } = index;
  // lastQuery[s] = the query that last measured segment s (segments can sit in several buckets).
  const lastQuery = new Int32Array(count).fill(-1);

  for (let q = 0; q < n; q++) {
    const px = xy[2 * q];
    const py = xy[2 * q + 1];
    if (!(Number.isFinite(px) && Number.isFinite(py))) {
      out[q] = NaN;
      continue;
    }
    // The point's bucket in the unbounded lattice (may lie outside 0..nx-1, 0..ny-1).
    const ci = Math.floor((px - x0) / size);
    const cj = Math.floor((py - y0) / size);
    // Rings closer than rStart hold no real bucket; ring rEnd reaches the farthest one.
    const gapI = Math.max(0, -ci, ci - (nx - 1));
    const gapJ = Math.max(0, -cj, cj - (ny - 1));
    const rStart = Math.max(gapI, gapJ);
    const rEnd = Math.max(Math.abs(ci), Math.abs(ci - (nx - 1)), Math.abs(cj), Math.abs(cj - (ny - 1)));
    let best2 = Infinity;

    const scanBucket = (i: number, j: number) => {
      const b = j * nx + i;
      const bx = Math.max(boxes[4 * b] - px, 0, px - boxes[4 * b + 2]);
      const by = Math.max(boxes[4 * b + 1] - py, 0, py - boxes[4 * b + 3]);
      if (bx * bx + by * by >= best2) return; // also skips empty buckets (infinite box distance)
      for (let e = start[b]; e < start[b + 1]; e++) {
        const s = items[e];
        if (lastQuery[s] === q) continue;
        lastQuery[s] = q;
        const k = 4 * s;
        const d2 = squaredDistanceToSegment(px, py, segments[k], segments[k + 1], segments[k + 2], segments[k + 3]);
        if (d2 < best2) best2 = d2;
      }
    };

    for (let r = rStart; r <= rEnd; r++) {
      const iLo = Math.max(0, ci - r);
      const iHi = Math.min(nx - 1, ci + r);
      const jLo = Math.max(0, cj - r);
      const jHi = Math.min(ny - 1, cj + r);
      // Bottom and top rows of the ring, then its left and right columns without their corners.
      if (cj - r >= 0 && cj - r < ny) for (let i = iLo; i <= iHi; i++) scanBucket(i, cj - r);
      if (r > 0 && cj + r >= 0 && cj + r < ny) for (let i = iLo; i <= iHi; i++) scanBucket(i, cj + r);
      const jInLo = Math.max(jLo, cj - r + 1);
      const jInHi = Math.min(jHi, cj + r - 1);
      if (ci - r >= 0 && ci - r < nx) for (let j = jInLo; j <= jInHi; j++) scanBucket(ci - r, j);
      if (r > 0 && ci + r >= 0 && ci + r < nx) for (let j = jInLo; j <= jInHi; j++) scanBucket(ci + r, j);
      // Everything not yet visited lies outside the square of rings 0..r, at least `reach` away.
      const reach = Math.min(
        px - (x0 + (ci - r) * size),
        x0 + (ci + r + 1) * size - px,
        py - (y0 + (cj - r) * size),
        y0 + (cj + r + 1) * size - py,
      );
      if (best2 <= reach * reach) break;
    }
    out[q] = Math.sqrt(best2);
  }
  return out;
}
