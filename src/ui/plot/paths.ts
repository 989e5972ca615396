/**
 * SVG path strings for lines given in data coordinates, placed with a plot geometry. Coordinates are
 * rounded to 0.1 px: invisible on screen, and it keeps the strings short.
 */
import type { PlotGeometry } from './scales';

const r1 = (v: number) => Math.round(v * 10) / 10;

/** One closed subpath per ring: "M x0 y0 L x1 y1 ... Z" in pixels. */
export function ringsPath(rings: [number, number][][], g: PlotGeometry): string {
  const parts: string[] = [];
  for (const ring of rings) {
    if (ring.length < 2) continue;
    let s = `M${r1(g.x(ring[0][0]))},${r1(g.y(ring[0][1]))}`;
    for (let k = 1; k < ring.length; k++) s += `L${r1(g.x(ring[k][0]))},${r1(g.y(ring[k][1]))}`;
    parts.push(s + 'Z');
  }
  return parts.join('');
}

/** One subpath per segment of [x1, y1, x2, y2, ...] (e.g. field.boundary) in pixels. */
export function segmentsPath(segments: ArrayLike<number>, g: PlotGeometry): string {
  let s = '';
  for (let k = 0; k + 3 < segments.length; k += 4) {
    s += `M${r1(g.x(segments[k]))},${r1(g.y(segments[k + 1]))}L${r1(g.x(segments[k + 2]))},${r1(g.y(segments[k + 3]))}`;
  }
  return s;
}
