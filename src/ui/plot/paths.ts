/**
 * SVG path strings for lines given in data coordinates, placed with a plot geometry. Coordinates are
 * rounded to 0.1 px: invisible on screen, and it keeps the strings short.
 */
import type { PlotGeometry } from './scales';

/** A position in integer tenths of a pixel as one exact number key (exact while |tx| < 2^20, 100 000 px). */
const positionKey = (tx: number, ty: number) => tx * 4294967296 + (ty >>> 0);

/**
 * One SVG path for segments [x1, y1, x2, y2, ...] (the decision boundary, one contour level) in pixels.
 * Segments that share an endpoint (after rounding to 0.1 px) are joined into polylines "M p0 L p1 L p2 ...",
 * closed with "Z" when a chain comes back to its start; other segments stay separate subpaths. Joining keeps
 * a dash pattern running along the curve (SVG restarts it at every subpath) and draws round joins where
 * separate segments would leave butt ends at every cell edge. `contour` gives neighbouring cells bitwise
 * equal endpoints, so its curves join completely.
 */
export function segmentsPath(segments: ArrayLike<number>, g: PlotGeometry): string {
  const count = Math.floor(segments.length / 4);
  if (count === 0) return '';
  // Endpoint e = 2 s + end of segment s (end 0: (x1, y1), end 1: (x2, y2)), in tenths of a pixel.
  const tx = new Int32Array(2 * count);
  const ty = new Int32Array(2 * count);
  // Endpoints at the same position form a linked list: head by position, then `next`.
  const head = new Map<number, number>();
  const next = new Int32Array(2 * count);
  for (let e = 0; e < 2 * count; e++) {
    tx[e] = Math.round(10 * g.x(segments[2 * e]));
    ty[e] = Math.round(10 * g.y(segments[2 * e + 1]));
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
  const point = (e: number) => `${tx[e] / 10},${ty[e] / 10}`;

  let path = '';
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
    // The chain: backward reversed, the seed segment, forward; its last point is `Z` when it closes.
    const b = backward.length;
    const total = b + 2 + forward.length;
    const at = (k: number) => (k < b ? backward[b - 1 - k] : k === b ? 2 * s : k === b + 1 ? 2 * s + 1 : forward[k - b - 2]);
    const first = at(0);
    const last = at(total - 1);
    const closes = tx[last] === tx[first] && ty[last] === ty[first];
    if (closes && total === 2) continue; // one segment shorter than the rounding: nothing to draw
    path += `M${point(first)}`;
    for (let k = 1; k < total - 1; k++) path += `L${point(at(k))}`;
    path += closes ? 'Z' : `L${point(last)}`;
  }
  return path;
}
