/**
 * Polyline simplification (Douglas-Peucker): drops the points of a polyline that lie within a tolerance
 * of the simplified line. Contour lines from a fine grid have a point at every cell edge, a few pixels
 * apart, on curves that are nearly straight at that scale; a canvas rasterises each segment of a stroke
 * separately, so fewer points draw the same picture faster.
 */

/** Squared distance from (px, py) to the segment (ax, ay)-(bx, by). */
function squaredDistanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/**
 * The points of `points` ([x0, y0, x1, y1, ...]) to keep so that every dropped point lies within
 * `tolerance` of the line through the kept ones: a subsequence with the first and last points, from
 * Douglas-Peucker (each span keeps its farthest point while that is further than the tolerance).
 */
export function simplifyPolyline(points: Float64Array, tolerance: number): Float64Array {
  const n = points.length / 2;
  if (n <= 2 || !(tolerance > 0)) return points;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tolerance2 = tolerance * tolerance;
  const spans = [0, n - 1];
  while (spans.length > 0) {
    const last = spans.pop()!;
    const first = spans.pop()!;
    const [ax, ay, bx, by] = [points[2 * first], points[2 * first + 1], points[2 * last], points[2 * last + 1]];
    let farthest = -1;
    let farthest2 = tolerance2;
    for (let k = first + 1; k < last; k++) {
      const d2 = squaredDistanceToSegment(points[2 * k], points[2 * k + 1], ax, ay, bx, by);
      if (d2 > farthest2) {
        farthest2 = d2;
        farthest = k;
      }
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    spans.push(first, farthest, farthest, last);
  }
  let kept = 0;
  for (let k = 0; k < n; k++) kept += keep[k];
  if (kept === n) return points;
  const out = new Float64Array(2 * kept);
  for (let k = 0, j = 0; k < n; k++) {
    if (!keep[k]) continue;
    out[j++] = points[2 * k];
    out[j++] = points[2 * k + 1];
  }
  return out;
}
