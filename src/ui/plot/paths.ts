/**
 * Lines given in data coordinates, joined and placed with a plot geometry, as SVG path strings or canvas
 * paths. Coordinates are rounded to 0.1 px: invisible on screen, and it keeps the strings short.
 */
import type { PlotGeometry } from './scales';
import { simplifyPolyline } from './simplify';

/** A position in integer tenths of a pixel as one exact number key (exact while |tx| < 2^20, 100 000 px). */
const positionKey = (tx: number, ty: number) => tx * 4294967296 + (ty >>> 0);

/**
 * The plot's data-to-pixel map as px = ax x + bx, py = ay y + by: the scales are linear, so one
 * multiply-add per coordinate instead of a d3 scale call.
 */
function linearMap(g: PlotGeometry): { ax: number; bx: number; ay: number; by: number } {
  return { ax: g.x(1) - g.x(0), bx: g.x(0), ay: g.y(1) - g.y(0), by: g.y(0) };
}

/** A chain of joined segments in pixels: points [x0, y0, x1, y1, ...]; `closed` when it returns to its start. */
export interface Polyline {
  points: Float64Array;
  closed: boolean;
}

/**
 * Joins segments [x1, y1, x2, y2, ...] given in data coordinates (the decision boundary, one contour level)
 * into polylines in pixels. Segments that share an endpoint (after rounding to 0.1 px) are chained, and a
 * chain that comes back to its start is closed; other segments stay separate polylines. Joining keeps a
 * dash pattern running along the curve (SVG and canvas restart it at every subpath) and draws round joins
 * where separate segments would leave butt ends at every cell edge. `contour` gives neighbouring cells
 * bitwise equal endpoints, so its curves join completely.
 */
export function joinSegments(segments: ArrayLike<number>, g: PlotGeometry): Polyline[] {
  const count = Math.floor(segments.length / 4);
  if (count === 0) return [];
  const { ax, bx, ay, by } = linearMap(g);
  // Endpoint e = 2 s + end of segment s (end 0: (x1, y1), end 1: (x2, y2)), in tenths of a pixel.
  const tx = new Int32Array(2 * count);
  const ty = new Int32Array(2 * count);
  // Endpoints at the same position form a linked list: head by position, then `next`.
  const head = new Map<number, number>();
  const next = new Int32Array(2 * count);
  for (let e = 0; e < 2 * count; e++) {
    tx[e] = Math.round(10 * (ax * segments[2 * e] + bx));
    ty[e] = Math.round(10 * (ay * segments[2 * e + 1] + by));
    const key = positionKey(tx[e], ty[e]);
    next[e] = head.get(key) ?? -1;
    head.set(key, e);
  }
  const used = new Uint8Array(count);
  /** An endpoint of an unused segment at endpoint e's position (-1 if none). */
  const unusedAt = (e: number): number => {
    for (let f = head.get(positionKey(tx[e], ty[e]))!; f >= 0; f = next[f]) if (!used[f >> 1]) return f;
    return -1;
  };

  const lines: Polyline[] = [];
  const forward: number[] = [];
  const backward: number[] = [];
  for (let s = 0; s < count; s++) {
    if (used[s]) continue;
    used[s] = 1;
    // Walk forward from the second endpoint (round a closed curve back to the first), then back from the
    // first, each time taking an unused segment at the current end and moving to its other endpoint.
    forward.length = 0;
    for (let e = 2 * s + 1, f = unusedAt(e); f >= 0; e = f ^ 1, f = unusedAt(e)) {
      used[f >> 1] = 1;
      forward.push(f ^ 1);
    }
    backward.length = 0;
    for (let e = 2 * s, f = unusedAt(e); f >= 0; e = f ^ 1, f = unusedAt(e)) {
      used[f >> 1] = 1;
      backward.push(f ^ 1);
    }
    // The chain: backward reversed, the seed segment, forward; a closed chain drops its repeated end.
    const b = backward.length;
    const total = b + 2 + forward.length;
    const at = (k: number) => (k < b ? backward[b - 1 - k] : k === b ? 2 * s : k === b + 1 ? 2 * s + 1 : forward[k - b - 2]);
    const first = at(0);
    const last = at(total - 1);
    const closed = tx[last] === tx[first] && ty[last] === ty[first];
    if (closed && total === 2) continue; // one segment shorter than the rounding: nothing to draw
    const kept = closed ? total - 1 : total;
    const points = new Float64Array(2 * kept);
    for (let k = 0; k < kept; k++) {
      const e = at(k);
      points[2 * k] = tx[e] / 10;
      points[2 * k + 1] = ty[e] / 10;
    }
    lines.push({ points, closed });
  }
  return lines;
}

/** A pixel coordinate to 0.1 px: as sharp as a screen shows, and short strings are quick to build and parse. */
const tenth = (v: number) => Math.round(v * 10) / 10;

/** One SVG path "M p0 L p1 ... [Z]" per polyline of `joinSegments`, concatenated (coordinates to 0.1 px). */
export function segmentsPath(segments: ArrayLike<number>, g: PlotGeometry): string {
  let path = '';
  for (const { points, closed } of joinSegments(segments, g)) {
    path += `M${tenth(points[0])},${tenth(points[1])}`;
    for (let k = 2; k < points.length; k += 2) path += `L${tenth(points[k])},${tenth(points[k + 1])}`;
    if (closed) path += 'Z';
  }
  return path;
}

/**
 * How far (px) a drawn contour line may leave its joined polyline: a fifth of a pixel is invisible, and
 * dropping the points within it made a snapshot's lines several times quicker to rasterise.
 */
const DRAWN_TOLERANCE_PX = 0.2;

/** The polylines of `joinSegments`, simplified to `DRAWN_TOLERANCE_PX`, as one canvas path (no string to build and parse). */
export function segmentsPath2D(segments: ArrayLike<number>, g: PlotGeometry): Path2D {
  const path = new Path2D();
  for (const line of joinSegments(segments, g)) {
    const points = simplifyPolyline(line.points, DRAWN_TOLERANCE_PX);
    const closed = line.closed;
    path.moveTo(points[0], points[1]);
    for (let k = 2; k < points.length; k += 2) path.lineTo(points[k], points[k + 1]);
    if (closed) path.closePath();
  }
  return path;
}

/** Segments [x1, y1, x2, y2, ...] in data coordinates as one canvas path of separate segments, not joined. */
export function looseSegmentsPath2D(segments: ArrayLike<number>, g: PlotGeometry): Path2D {
  const { ax, bx, ay, by } = linearMap(g);
  const path = new Path2D();
  for (let k = 0; k + 3 < segments.length; k += 4) {
    path.moveTo(ax * segments[k] + bx, ay * segments[k + 1] + by);
    path.lineTo(ax * segments[k + 2] + bx, ay * segments[k + 3] + by);
  }
  return path;
}
