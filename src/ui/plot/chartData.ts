/**
 * Pure helpers of the line charts: thinning long histories and finding the extent of the series, so the
 * charts stay fast over thousands of steps and never break on NaN.
 */

/** A chart line: a name for the legend, a colour, points [x, y], dashed or solid. */
export interface LineSeries {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
  /** A dot on the last point (where a trail ends: the model now). */
  endDot?: boolean;
}

/**
 * At most about `maxPoints` of the points: every k-th with k = ceil(n / maxPoints), and always the last
 * one, so the newest value is on screen. Points are returned unchanged when there are few enough.
 */
export function decimate<T>(points: T[], maxPoints = 800): T[] {
  const n = points.length;
  if (n <= maxPoints) return points;
  const k = Math.ceil(n / maxPoints);
  const out: T[] = [];
  for (let i = 0; i < n; i += k) out.push(points[i]);
  if ((n - 1) % k !== 0) out.push(points[n - 1]);
  return out;
}

/** Whether a point can be drawn: both coordinates finite, and > 0 on a log axis. */
export function drawable(p: [number, number], logX: boolean, logY = false): boolean {
  return Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!logX || p[0] > 0) && (!logY || p[1] > 0);
}

/**
 * [xMin, xMax] and [yMin, yMax] over every drawable point of every series; null when there is none.
 * A degenerate range (one x, or a constant y) is widened so a scale can be built from it (by a factor
 * on a log y axis, so it stays > 0).
 */
export function seriesExtent(series: LineSeries[], logX = false, logY = false): { x: [number, number]; y: [number, number] } | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (!drawable(p, logX, logY)) continue;
      x0 = Math.min(x0, p[0]);
      x1 = Math.max(x1, p[0]);
      y0 = Math.min(y0, p[1]);
      y1 = Math.max(y1, p[1]);
    }
  }
  if (!(x0 <= x1)) return null;
  // One x value (a chart at step 0): a domain around it that never goes below 0 for x >= 0 (steps, eps).
  if (x0 === x1) [x0, x1] = logX ? [x0 / 2, x1 * 2] : x0 >= 0 ? [0, Math.max(1, 2 * x0)] : [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = logY ? [y0 / 1.2, y1 * 1.2] : [y0 - Math.max(1e-6, Math.abs(y0) * 0.1), y1 + Math.max(1e-6, Math.abs(y1) * 0.1)];
  return { x: [x0, x1], y: [y0, y1] };
}

/** Mantissas of the x axis' growing end: close enough that at most a quarter of the width stays empty. */
const NICE_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= `v` (v > 0). A
 * growing x axis (steps) ends there, so it changes a few times per decade instead of at every update,
 * and its ticks need redrawing only then.
 */
export function niceCeiling(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return v;
  const decade = 10 ** Math.floor(Math.log10(v));
  for (const m of NICE_MANTISSAS) {
    const c = Number((m * decade).toPrecision(12));
    if (c >= v) return c;
  }
  return 10 * decade;
}

/**
 * The y range of a chart from its data's: widened by 5% of its span on each side, on a log axis 5% of its
 * span in decades (a factor), so the padded range stays > 0.
 */
export function padRange([lo, hi]: [number, number], log: boolean): [number, number] {
  if (log) {
    const factor = 10 ** (0.05 * Math.log10(hi / lo));
    return [lo / factor, hi * factor];
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/**
 * The fixed end of the certified-accuracy chart's eps axis for a dataset shown on `domain`: half the
 * domain's width, rounded to 2 digits. A certified radius is at most the distance to the decision
 * boundary, and the paper's runs on moons (domain about 4 wide) reach zero certified accuracy by eps 1.5,
 * so the curve fits; the axis stays put while training, so two moments can be compared.
 */
export function fixedEpsMax(domain: { xMin: number; xMax: number }): number {
  const half = (domain.xMax - domain.xMin) / 2;
  return Number.isFinite(half) && half > 0 ? Number(half.toPrecision(2)) : 1;
}

/** The points with x <= xMax (the part of a curve a fixed axis shows; the rest is 0 for a certified curve). */
export function clipToX(points: [number, number][], xMax: number): [number, number][] {
  return points.filter((p) => p[0] <= xMax);
}
