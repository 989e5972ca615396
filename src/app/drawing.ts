/**
 * Drawing your own data: the pure edits behind the plot's drawing tools (add a point, paint a stroke,
 * erase near the pointer, undo). Points are rounded to the URL's 4 decimals as they are drawn, so a link
 * reproduces exactly the dataset that was trained. No DOM, no store: the drawing slice and the plot's
 * pointer hook call these.
 */
import { LIMITS, type LabelledPoint } from '../core/config';
import type { DatasetSnapshot } from '../worker/protocol';

/** Decimals kept per coordinate (the URL's `pts` writes 4). */
const DECIMALS = 4;
/** Undo keeps this many earlier datasets. */
export const UNDO_DEPTH = 100;

export interface XY {
  x: number;
  y: number;
}

/** A coordinate as the URL writes it (4 decimals), so drawing and reloading give the same dataset. */
export function roundCoordinate(v: number): number {
  const r = Number(v.toFixed(DECIMALS));
  return Object.is(r, -0) ? 0 : r;
}

/** `points` with `added` appended (rounded), never past the config's point limit. */
export function withPoints(points: readonly LabelledPoint[], added: readonly XY[], label: 1 | -1): LabelledPoint[] {
  const room = Math.max(0, LIMITS.points.max - points.length);
  const fresh = added.slice(0, room).map((p): LabelledPoint => [roundCoordinate(p.x), roundCoordinate(p.y), label]);
  return [...points, ...fresh];
}

/** `points` without those within `radius` (data units) of `centre`. */
export function erasedNear(points: readonly LabelledPoint[], centre: XY, radius: number): LabelledPoint[] {
  const r2 = radius * radius;
  return points.filter(([x, y]) => (x - centre.x) ** 2 + (y - centre.y) ** 2 > r2);
}

/**
 * The points a painting stroke adds when the pointer moves from `from` to `to`: one every `spacing` (data
 * units) along the segment, `from` excluded (it was added already), so a fast drag and a slow one paint
 * the same density. Returns the new points and where the next segment should start measuring.
 */
export function paintAlong(from: XY, to: XY, spacing: number): { points: XY[]; last: XY } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (!(spacing > 0) || length < spacing) return { points: [], last: from };
  const count = Math.floor(length / spacing);
  const points: XY[] = [];
  for (let k = 1; k <= count; k++) {
    const t = (k * spacing) / length;
    points.push({ x: from.x + t * dx, y: from.y + t * dy });
  }
  return { points, last: points[points.length - 1] };
}

/** The points of a dataset snapshot, train then test, as a drawing to start from (rounded). */
export function snapshotPoints(dataset: DatasetSnapshot): LabelledPoint[] {
  const out: LabelledPoint[] = [];
  const take = (xy: Float32Array, labels: Float32Array) => {
    for (let i = 0; i < labels.length; i++) {
      out.push([roundCoordinate(xy[2 * i]), roundCoordinate(xy[2 * i + 1]), labels[i] > 0 ? 1 : -1]);
    }
  };
  take(dataset.trainXy, dataset.trainLabels);
  take(dataset.testXy, dataset.testLabels);
  return out;
}

/** The undo stack after recording `previous` (oldest dropped past UNDO_DEPTH). */
export function pushUndo<T>(stack: readonly T[], previous: T): T[] {
  const next = [...stack, previous];
  return next.length > UNDO_DEPTH ? next.slice(next.length - UNDO_DEPTH) : next;
}

/** A few words on what the drawn points can teach, or null when they are an ordinary two-class set. */
export function drawingAdvice(points: readonly LabelledPoint[]): string | null {
  if (points.length === 0) return 'Click to add a point of the chosen class; shift-click adds the other class.';
  const positives = points.filter((p) => p[2] === 1).length;
  if (positives === 0 || positives === points.length) {
    const other = positives === 0 ? '+1' : '−1';
    return `Only one class so far: every point is on one side, so there is no boundary to learn. Shift-click adds class ${other}.`;
  }
  return null;
}
