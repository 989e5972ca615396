/**
 * Seeded 2-D binary datasets. Each generator is a pure function `(n, noise, rng) => PointSet`: the same
 * `Random` state gives the same Float32Arrays, and nothing reads Math.random. Labels are -1 or +1 (where a
 * reference dataset uses 0/1, its class 1 becomes +1 and class 0 becomes -1). Points come out grouped by
 * class (all +1 first); `generateDataset` in split.ts shuffles them.
 *
 * What `noise` means, per dataset (always in data units):
 * - moons:        std of Gaussian jitter added to x and y of points on the two arcs.
 * - circles:      std of Gaussian jitter added to points on the circles of radius 1 and 0.5.
 * - xor:          std of Gaussian jitter added after labelling (labels follow sign(x y) of the clean point).
 * - spiral:       std of Gaussian jitter added to points on the two spiral arms.
 * - blobs:        NOT a jitter: each blob's std is 0.3 + noise.
 * - checkerboard: std of Gaussian jitter added after labelling by cell.
 * - snowflake:    std of Gaussian jitter added after labelling inside / outside the Koch polygon.
 *
 * Every generator draws the same number of values from `rng` whatever the noise, and draws the clean
 * points before the jitter, so changing only the noise moves the same points further from their clean
 * places (and leaves the later shuffle and split unchanged).
 *
 * Class sizes: moons, circles, spiral, blobs, xor and checkerboard are balanced, ceil(n/2) points labelled
 * +1 and floor(n/2) labelled -1. The snowflake keeps the area proportion of the square [-1, 1]^2 (about a
 * third inside), rounded, with at least one point of each class when n >= 2.
 */
import type { DatasetName } from '../core/config';
import type { Random } from '../core/random';
import type { PointSet } from '../core/geometry';

/** A dataset generator: n points, a noise level (meaning above), and the generator to draw from. */
export type Generator = (n: number, noise: number, rng: Random) => PointSet;

/** Koch iteration level of the snowflake dataset (the paper's first figure). */
export const SNOWFLAKE_LEVEL = 4;
/** Circumradius of the snowflake dataset's polygon: its outermost vertices are this far from 0. */
export const SNOWFLAKE_RADIUS = 0.8;
/** Half-width of the strips around the axes left empty in the xor dataset, before noise. */
export const XOR_GAP = 0.05;
/** Number of cells along each axis of the checkerboard on [-1, 1]^2. */
export const CHECKERBOARD_CELLS = 4;

/** Number of points labelled +1 in a balanced set: the odd point goes to +1. */
const positives = (n: number): number => Math.ceil(n / 2);

/**
 * Adds Gaussian jitter of std `noise` to clean coordinates (interleaved, float64) and stores the result
 * in float32. Always draws 2 n normals, so the caller's later draws do not depend on the noise level.
 */
function withJitter(clean: Float64Array, labels: Float32Array, noise: number, rng: Random): PointSet {
  const xy = new Float32Array(clean.length);
  for (let i = 0; i < clean.length; i++) xy[i] = clean[i] + noise * rng.normal();
  return { xy, labels };
}

/**
 * Builds a balanced set by a parametric curve per class: point i of class y is `curve(y, rng)`.
 * Class +1 takes the first ceil(n/2) slots.
 */
function balancedCurves(n: number, noise: number, rng: Random, curve: (label: number, rng: Random) => [number, number]): PointSet {
  const clean = new Float64Array(2 * n);
  const labels = new Float32Array(n);
  const nPos = positives(n);
  for (let i = 0; i < n; i++) {
    const label = i < nPos ? 1 : -1;
    const [x, y] = curve(label, rng);
    clean[2 * i] = x;
    clean[2 * i + 1] = y;
    labels[i] = label;
  }
  return withJitter(clean, labels, noise, rng);
}

/**
 * Stratified uniform sampling on [-1, 1]^2 with labels from a rule: draws uniform points (rounded to
 * float32 first, so the stored clean point obeys the rule exactly), labels each by `rule` (+1, -1, or 0
 * to discard it), and keeps it while its class still has room, until `nPos` points of +1 and n - nPos of
 * -1 are found. Each class is then uniform on its own region.
 */
function sampleByRule(n: number, nPos: number, noise: number, rng: Random, rule: (x: number, y: number) => number): PointSet {
  const clean = new Float64Array(2 * n);
  const labels = new Float32Array(n);
  let pos = 0;
  let neg = 0;
  const maxDraws = 1000 * n + 10_000;
  for (let draws = 0; pos + neg < n; draws++) {
    if (draws > maxDraws) throw new Error('sampleByRule: a class region is too small to fill its quota');
    const x = Math.fround(rng.uniform(-1, 1));
    const y = Math.fround(rng.uniform(-1, 1));
    const label = rule(x, y);
    if (label === 1 && pos < nPos) {
      pos++;
    } else if (label === -1 && neg < n - nPos) {
      neg++;
    } else {
      continue;
    }
    const i = label === 1 ? pos - 1 : nPos + neg - 1;
    clean[2 * i] = x;
    clean[2 * i + 1] = y;
    labels[i] = label;
  }
  return withJitter(clean, labels, noise, rng);
}

/**
 * Two interleaving half circles, scikit-learn's make_moons geometry: class -1 on the upper moon
 * (cos t, sin t), class +1 on the lower moon (1 - cos t, 0.5 - sin t). Unlike make_moons, t is drawn
 * uniformly from [0, pi] (not a linspace), so the seed matters even at noise 0. Jitter std = noise.
 */
export const moons: Generator = (n, noise, rng) =>
  balancedCurves(n, noise, rng, (label, r) => {
    const t = r.uniform(0, Math.PI);
    return label === 1 ? [1 - Math.cos(t), 0.5 - Math.sin(t)] : [Math.cos(t), Math.sin(t)];
  });

/**
 * Two concentric circles, like make_circles with factor 0.5: class -1 on radius 1, class +1 on radius
 * 0.5, angles uniform in [0, 2 pi). Jitter std = noise.
 */
export const circles: Generator = (n, noise, rng) =>
  balancedCurves(n, noise, rng, (label, r) => {
    const a = r.uniform(0, 2 * Math.PI);
    const radius = label === 1 ? 0.5 : 1;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });

/**
 * Two interleaved spirals, like TensorFlow Playground's: for s uniform in [0, 1), radius s and angle
 * 1.75 * 2 pi s, the -1 arm turned by pi. Radius up to 1; jitter std = noise.
 */
export const spiral: Generator = (n, noise, rng) =>
  balancedCurves(n, noise, rng, (label, r) => {
    const s = r.next();
    const angle = 1.75 * 2 * Math.PI * s + (label === 1 ? 0 : Math.PI);
    return [s * Math.sin(angle), s * Math.cos(angle)];
  });

/**
 * Two isotropic Gaussians centred at (+1, 0) (class +1) and (-1, 0) (class -1), each of std 0.3 + noise
 * (here the noise widens the blobs; there is no separate jitter).
 */
export const blobs: Generator = (n, noise, rng) => {
  const std = 0.3 + noise;
  const xy = new Float32Array(2 * n);
  const labels = new Float32Array(n);
  const nPos = positives(n);
  for (let i = 0; i < n; i++) {
    const label = i < nPos ? 1 : -1;
    xy[2 * i] = label + std * rng.normal();
    xy[2 * i + 1] = std * rng.normal();
    labels[i] = label;
  }
  return { xy, labels };
};

/** The xor rule: sign(x y), or 0 inside the empty strips |x| <= XOR_GAP or |y| <= XOR_GAP. */
export function xorLabel(x: number, y: number): number {
  if (Math.abs(x) <= XOR_GAP || Math.abs(y) <= XOR_GAP) return 0;
  return x * y > 0 ? 1 : -1;
}

/**
 * Uniform on [-1, 1]^2 minus strips of half-width XOR_GAP around the axes, label sign(x y) (+1 in the
 * first and third quadrants), then Gaussian jitter of std noise.
 */
export const xor: Generator = (n, noise, rng) => sampleByRule(n, positives(n), noise, rng, xorLabel);

/**
 * The checkerboard rule on [-1, 1]^2 cut into CHECKERBOARD_CELLS^2 square cells: +1 when the cell's
 * column + row is even (the cell touching (-1, -1) is +1), else -1. Points outside the square take the
 * label of the nearest edge cell.
 */
export function checkerboardLabel(x: number, y: number): number {
  const k = CHECKERBOARD_CELLS;
  const cell = (v: number): number => Math.min(k - 1, Math.max(0, Math.floor(((v + 1) / 2) * k)));
  return (cell(x) + cell(y)) % 2 === 0 ? 1 : -1;
}

/** Uniform on [-1, 1]^2, labels alternating over 4 x 4 cells, then Gaussian jitter of std noise. */
export const checkerboard: Generator = (n, noise, rng) => sampleByRule(n, positives(n), noise, rng, checkerboardLabel);

/**
 * The Koch snowflake as a closed polygon, vertices interleaved (x0, y0, x1, y1, ...), counter-clockwise,
 * centred at 0 with circumradius `radius` (the first vertex is (0, radius)). Level 0 is the equilateral
 * triangle; each level replaces every edge by four, bumping its middle third outwards, so the polygon has
 * 3 * 4^level vertices and area A0 (8/5 - 3/5 (4/9)^level), with A0 = 3 sqrt(3)/4 radius^2.
 * Level must be an integer in [0, 8].
 */
export function kochSnowflake(level: number, radius: number): Float64Array {
  if (!Number.isInteger(level) || level < 0 || level > 8) {
    throw new RangeError(`kochSnowflake: level must be an integer from 0 to 8, got ${level}`);
  }
  let pts: number[] = [];
  for (let k = 0; k < 3; k++) {
    const a = Math.PI / 2 + (2 * Math.PI * k) / 3;
    pts.push(radius * Math.cos(a), radius * Math.sin(a));
  }
  // Outward is to the right of each edge of a counter-clockwise polygon: turn the middle third by -60°.
  const c = Math.cos(-Math.PI / 3);
  const s = Math.sin(-Math.PI / 3);
  for (let l = 0; l < level; l++) {
    const next: number[] = [];
    const m = pts.length / 2;
    for (let i = 0; i < m; i++) {
      const ax = pts[2 * i];
      const ay = pts[2 * i + 1];
      const dx = (pts[(2 * i + 2) % (2 * m)] - ax) / 3;
      const dy = (pts[(2 * i + 3) % (2 * m)] - ay) / 3;
      const px = ax + dx;
      const py = ay + dy;
      next.push(ax, ay, px, py, px + c * dx - s * dy, py + s * dx + c * dy, ax + 2 * dx, ay + 2 * dy);
    }
    pts = next;
  }
  return Float64Array.from(pts);
}

/** Even-odd rule: true when (x, y) is inside the closed polygon (vertices interleaved). */
export function pointInPolygon(x: number, y: number, polygon: Float64Array): boolean {
  let inside = false;
  const m = polygon.length / 2;
  for (let i = 0, j = m - 1; i < m; j = i++) {
    const xi = polygon[2 * i];
    const yi = polygon[2 * i + 1];
    const xj = polygon[2 * j];
    const yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < xj + ((y - yj) * (xi - xj)) / (yi - yj)) inside = !inside;
  }
  return inside;
}

/** Signed area of a polygon by the shoelace formula (positive when counter-clockwise). */
export function polygonArea(polygon: Float64Array): number {
  const m = polygon.length / 2;
  let twice = 0;
  for (let i = 0, j = m - 1; i < m; j = i++) {
    twice += polygon[2 * j] * polygon[2 * i + 1] - polygon[2 * i] * polygon[2 * j + 1];
  }
  return twice / 2;
}

let snowflakeCache: Float64Array | undefined;

/** The snowflake dataset's boundary: kochSnowflake(SNOWFLAKE_LEVEL, SNOWFLAKE_RADIUS), built once. */
export function snowflakePolygon(): Float64Array {
  snowflakeCache ??= kochSnowflake(SNOWFLAKE_LEVEL, SNOWFLAKE_RADIUS);
  return snowflakeCache;
}

/**
 * Uniform on [-1, 1]^2, +1 inside the level-4 Koch snowflake of circumradius 0.8 and -1 outside (even-odd
 * rule), then Gaussian jitter of std noise. Class sizes follow the polygon's share of the square's area
 * (about 0.33 inside), rounded, at least one of each when n >= 2.
 */
export const snowflake: Generator = (n, noise, rng) => {
  const polygon = snowflakePolygon();
  const r2 = SNOWFLAKE_RADIUS * SNOWFLAKE_RADIUS;
  const share = polygonArea(polygon) / 4;
  const nPos = n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(n * share))) : Math.round(n * share);
  return sampleByRule(n, nPos, noise, rng, (x, y) =>
    x * x + y * y <= r2 && pointInPolygon(x, y, polygon) ? 1 : -1,
  );
};

/** The generator of every synthetic dataset (all names but `user`, whose points come from the config). */
export const GENERATORS: Record<Exclude<DatasetName, 'user'>, Generator> = {
  moons,
  circles,
  xor,
  spiral,
  blobs,
  checkerboard,
  snowflake,
};
