import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataConfig, DatasetName } from '../core/config';
import { DATASET_NAMES } from '../core/config';
import {
  GENERATORS,
  SNOWFLAKE_LEVEL,
  SNOWFLAKE_RADIUS,
  XOR_GAP,
  checkerboardLabel,
  kochSnowflake,
  pointInPolygon,
  polygonArea,
  snowflakePolygon,
  xorLabel,
} from './datasets';
import { Random } from '../core/random';
import { DRAWING_DOMAIN, generateDataset, squareDomain, testCount } from './split';
import type { Dataset, PointSet } from '../core/geometry';

const SYNTHETIC = DATASET_NAMES.filter((d): d is Exclude<DatasetName, 'user'> => d !== 'user');

const config = (over: Partial<DataConfig> = {}): DataConfig => ({
  name: 'moons',
  n: 400,
  noise: 0.1,
  seed: 7,
  testFraction: 0.25,
  points: [],
  scale: 1,
  ...over,
});

const count = (set: PointSet, label: number): number => set.labels.filter((l) => l === label).length;

const points = (set: PointSet): [number, number, number][] =>
  Array.from(set.labels, (l, i) => [set.xy[2 * i], set.xy[2 * i + 1], l]);

function expectDomainHolds(ds: Dataset): void {
  const { xMin, xMax, yMin, yMax } = ds.domain;
  expect(xMax - xMin).toBeCloseTo(yMax - yMin, 12);
  for (const [x, y] of [...points(ds.train), ...points(ds.test)]) {
    expect(x).toBeGreaterThan(xMin);
    expect(x).toBeLessThan(xMax);
    expect(y).toBeGreaterThan(yMin);
    expect(y).toBeLessThan(yMax);
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('generators', () => {
  it.each(SYNTHETIC)('%s: the same seed gives identical Float32Arrays, another seed different ones', (name) => {
    const a = GENERATORS[name](301, 0.1, new Random(3));
    const b = GENERATORS[name](301, 0.1, new Random(3));
    const c = GENERATORS[name](301, 0.1, new Random(4));
    expect(a.xy).toBeInstanceOf(Float32Array);
    expect(a.labels).toBeInstanceOf(Float32Array);
    expect(b.xy).toEqual(a.xy);
    expect(b.labels).toEqual(a.labels);
    expect(c.xy).not.toEqual(a.xy);
  });

  it.each(SYNTHETIC)('%s: n points, labels exactly -1 or +1, both classes present', (name) => {
    for (const n of [2, 4, 5, 1000]) {
      const set = GENERATORS[name](n, 0.05, new Random(11));
      expect(set.xy.length).toBe(2 * n);
      expect(set.labels.length).toBe(n);
      expect(count(set, 1) + count(set, -1)).toBe(n);
      expect(count(set, 1)).toBeGreaterThan(0);
      expect(count(set, -1)).toBeGreaterThan(0);
      expect(set.xy.every(Number.isFinite)).toBe(true);
    }
  });

  it.each(SYNTHETIC.filter((d) => d !== 'snowflake'))('%s: balanced, the odd point labelled +1', (name) => {
    const set = GENERATORS[name](101, 0.1, new Random(1));
    expect(count(set, 1)).toBe(51);
    expect(count(set, -1)).toBe(50);
  });

  it.each(SYNTHETIC)('%s: never calls Math.random', (name) => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random was called');
    });
    expect(() => GENERATORS[name](50, 0.1, new Random(1))).not.toThrow();
    expect(() => generateDataset(config({ name, n: 50 }))).not.toThrow();
  });

  it.each(SYNTHETIC.filter((d) => d !== 'blobs'))('%s: changing only the noise jitters the same points', (name) => {
    const clean = GENERATORS[name](200, 0, new Random(5));
    const noisy = GENERATORS[name](200, 0.01, new Random(5));
    expect(noisy.labels).toEqual(clean.labels);
    for (let i = 0; i < clean.xy.length; i++) expect(Math.abs(noisy.xy[i] - clean.xy[i])).toBeLessThan(0.06);
  });

  it('moons with noise 0 lie exactly on the arcs: -1 on (cos t, sin t), +1 on (1 - cos t, 0.5 - sin t)', () => {
    const set = GENERATORS.moons(500, 0, new Random(2));
    for (const [x, y, label] of points(set)) {
      if (label === -1) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 6);
        expect(y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 6);
        expect(y).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it('circles with noise 0 lie on radius 1 (-1) and radius 0.5 (+1)', () => {
    for (const [x, y, label] of points(GENERATORS.circles(300, 0, new Random(2)))) {
      expect(Math.hypot(x, y)).toBeCloseTo(label === 1 ? 0.5 : 1, 6);
    }
  });

  it('spiral with noise 0 stays within radius 1', () => {
    for (const [x, y] of points(GENERATORS.spiral(300, 0, new Random(2)))) expect(Math.hypot(x, y)).toBeLessThan(1);
  });

  it('blobs are centred at (+1, 0) for +1 and (-1, 0) for -1, with std 0.3 + noise', () => {
    const set = GENERATORS.blobs(20000, 0.2, new Random(9));
    for (const label of [1, -1]) {
      const pts = points(set).filter((p) => p[2] === label);
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      const sx = Math.sqrt(pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0) / pts.length);
      expect(mx).toBeCloseTo(label, 1);
      expect(my).toBeCloseTo(0, 1);
      expect(sx).toBeCloseTo(0.5, 1);
    }
  });

  it('xor with noise 0: labels are sign(x y), points in [-1, 1]^2 outside the gap around the axes', () => {
    for (const [x, y, label] of points(GENERATORS.xor(1000, 0, new Random(4)))) {
      expect(Math.abs(x)).toBeGreaterThan(XOR_GAP);
      expect(Math.abs(y)).toBeGreaterThan(XOR_GAP);
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1);
      expect(label).toBe(Math.sign(x * y));
      expect(xorLabel(x, y)).toBe(label);
    }
  });

  it('checkerboard with noise 0: labels alternate over 4 x 4 cells of [-1, 1]^2', () => {
    expect(checkerboardLabel(-0.9, -0.9)).toBe(1);
    expect(checkerboardLabel(-0.4, -0.9)).toBe(-1);
    expect(checkerboardLabel(0.1, 0.1)).toBe(1);
    expect(checkerboardLabel(0.9, -0.9)).toBe(-1);
    for (const [x, y, label] of points(GENERATORS.checkerboard(1000, 0, new Random(4)))) {
      const parity = (Math.floor((x + 1) * 2) + Math.floor((y + 1) * 2)) % 2;
      expect(label).toBe(parity === 0 ? 1 : -1);
    }
  });
});

describe('kochSnowflake', () => {
  it('has 3 * 4^level vertices', () => {
    for (const level of [0, 1, 2, 4]) expect(kochSnowflake(level, 1).length / 2).toBe(3 * 4 ** level);
  });

  it('bumps outwards: area is A0 (8/5 - 3/5 (4/9)^level), A0 the triangle area', () => {
    const a0 = ((3 * Math.sqrt(3)) / 4) * 0.64;
    for (const level of [0, 1, 2, 4]) {
      expect(polygonArea(kochSnowflake(level, 0.8))).toBeCloseTo(a0 * (8 / 5 - (3 / 5) * (4 / 9) ** level), 10);
    }
  });

  it('the dataset polygon is level 4, circumradius 0.8: contains 0, not the corner (0.99, 0.99)', () => {
    const poly = snowflakePolygon();
    expect(poly.length / 2).toBe(3 * 4 ** SNOWFLAKE_LEVEL);
    let rMax = 0;
    for (let i = 0; i < poly.length; i += 2) rMax = Math.max(rMax, Math.hypot(poly[i], poly[i + 1]));
    expect(rMax).toBeCloseTo(SNOWFLAKE_RADIUS, 12);
    expect(pointInPolygon(0, 0, poly)).toBe(true);
    expect(pointInPolygon(0.99, 0.99, poly)).toBe(false);
    // Tips of the arms are inside; the notch between two arms (concave vertex at 0.8 / sqrt 3 on the x axis) is not.
    expect(pointInPolygon(0, 0.79, poly)).toBe(true);
    expect(pointInPolygon(0, -0.75, poly)).toBe(true);
    expect(pointInPolygon(0.6, 0, poly)).toBe(false);
  });

  it('rejects a bad level', () => {
    expect(() => kochSnowflake(-1, 1)).toThrow(/level/);
    expect(() => kochSnowflake(1.5, 1)).toThrow(/level/);
  });

  it('snowflake dataset with noise 0: +1 exactly inside the polygon, about a third of the points', () => {
    const poly = snowflakePolygon();
    const set = GENERATORS.snowflake(3000, 0, new Random(8));
    for (const [x, y, label] of points(set)) expect(label).toBe(pointInPolygon(x, y, poly) ? 1 : -1);
    const inside = count(set, 1) / 3000;
    expect(inside).toBeCloseTo(polygonArea(poly) / 4, 3);
    expect(inside).toBeGreaterThan(0.3);
    expect(inside).toBeLessThan(0.36);
  });
});

describe('generateDataset', () => {
  it('two calls with the same config agree exactly', () => {
    const a = generateDataset(config());
    const b = generateDataset(config());
    expect(b.train.xy).toEqual(a.train.xy);
    expect(b.train.labels).toEqual(a.train.labels);
    expect(b.test.xy).toEqual(a.test.xy);
    expect(b.domain).toEqual(a.domain);
  });

  it('another seed gives other points', () => {
    expect(generateDataset(config({ seed: 8 })).train.xy).not.toEqual(generateDataset(config()).train.xy);
  });

  it('splits round(n * testFraction) test points and keeps training non-empty', () => {
    const ds = generateDataset(config({ n: 400, testFraction: 0.25 }));
    expect(ds.test.labels.length).toBe(100);
    expect(ds.train.labels.length).toBe(300);
    expect(ds.train.xy.length).toBe(600);
    expect(testCount(10, 0.25)).toBe(3);
    expect(testCount(4, 1)).toBe(3);
    expect(testCount(1, 0.9)).toBe(0);
    const all = generateDataset(config({ n: 4, testFraction: 1 }));
    expect(all.train.labels.length).toBe(1);
    expect(all.test.labels.length).toBe(3);
  });

  it('shuffles: the split mixes both classes', () => {
    const ds = generateDataset(config({ n: 400 }));
    for (const set of [ds.train, ds.test]) {
      expect(count(set, 1)).toBeGreaterThan(0);
      expect(count(set, -1)).toBeGreaterThan(0);
    }
  });

  it.each(DATASET_NAMES)('%s: domain is square and contains every point; labels are +-1', (name) => {
    const user = [[0, 0, 1], [2, 1, 0], [1, -3, -1]] as [number, number, number][];
    const ds = generateDataset(config({ name, points: user, noise: 0.3 }));
    expectDomainHolds(ds);
    for (const set of [ds.train, ds.test]) expect(set.labels.every((l) => l === 1 || l === -1)).toBe(true);
  });

  it.each(SYNTHETIC)('%s: works with n = 4', (name) => {
    const ds = generateDataset(config({ name, n: 4 }));
    expect(ds.train.labels.length + ds.test.labels.length).toBe(4);
    expect(ds.test.labels.length).toBe(1);
    expectDomainHolds(ds);
  });

  it('user points are used as given (0 read as -1), only reordered', () => {
    const pts: [number, number, number][] = [[0.5, 0.25, 1], [-1, 2, 0], [3, 3, -1], [0, 0, 1]];
    const ds = generateDataset(config({ name: 'user', points: pts, testFraction: 0 }));
    const got = points(ds.train).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const want = pts.map(([x, y, l]) => [x, y, l === 1 ? 1 : -1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(got).toEqual(want);
  });

  it('user points inside the drawing square are plotted on exactly that square (it does not move as points are drawn)', () => {
    for (const pts of [[[0.1, 0.2, 1]], [[0.1, 0.2, 1], [-1.5, 1.5, -1]], [[1.2, -0.3, 1], [1.3, -0.2, 1], [-0.4, 0.9, -1]]] as [number, number, number][][]) {
      const ds = generateDataset(config({ name: 'user', points: pts }));
      expect(ds.domain).toEqual(DRAWING_DOMAIN);
    }
    // One point just outside: the data gets its own square, which holds every point.
    const outside = generateDataset(config({ name: 'user', points: [[0, 0, 1], [1.6, 0, -1]] }));
    expect(outside.domain).not.toEqual(DRAWING_DOMAIN);
    expectDomainHolds(outside);
  });

  it('a single user point outside the drawing square gets the minimum square domain around it', () => {
    const ds = generateDataset(config({ name: 'user', points: [[2, -1, 1]], testFraction: 0.5 }));
    expect(ds.train.labels.length).toBe(1);
    expect(ds.domain).toEqual({ xMin: 1.75, xMax: 2.25, yMin: -1.25, yMax: -0.75 });
  });

  it('squareDomain: side = max extent * 1.2, centred on the bounding box', () => {
    const set: PointSet = { xy: Float32Array.from([0, 0, 2, 1]), labels: Float32Array.from([1, -1]) };
    const d = squareDomain([set]);
    expect(d.xMin).toBeCloseTo(-0.2, 12);
    expect(d.xMax).toBeCloseTo(2.2, 12);
    expect(d.yMin).toBeCloseTo(-0.7, 12);
    expect(d.yMax).toBeCloseTo(1.7, 12);
  });

  it.each(SYNTHETIC)('%s: data.scale multiplies every generated point and the domain (same seed, same order and labels)', (name) => {
    const base = generateDataset(config({ name }));
    const domainTimes = (s: number) => Object.fromEntries(Object.entries(base.domain).map(([k, v]) => [k, v * s]));
    // A power of two is exact in float32.
    const twice = generateDataset(config({ name, scale: 2 }));
    expect(twice.train.xy).toEqual(base.train.xy.map((v) => 2 * v));
    expect(twice.test.xy).toEqual(base.test.xy.map((v) => 2 * v));
    expect(twice.train.labels).toEqual(base.train.labels);
    expect(twice.test.labels).toEqual(base.test.labels);
    expect(twice.domain).toEqual(domainTimes(2));
    // Any other factor, to float32 rounding; the domain too at 0.01, where the minimum side would bind.
    for (const s of [3, 0.01]) {
      const ds = generateDataset(config({ name, scale: s }));
      ds.train.xy.forEach((v, i) => expect(Math.abs(v - s * base.train.xy[i])).toBeLessThanOrEqual(1e-6 * s * (1 + Math.abs(base.train.xy[i]))));
      for (const [k, v] of Object.entries(domainTimes(s))) expect(ds.domain[k as keyof typeof ds.domain]).toBeCloseTo(v, 6);
      expect(ds.train.labels).toEqual(base.train.labels);
    }
  });

  it('data.scale leaves user points as drawn', () => {
    const pts: [number, number, number][] = [[0.5, 0.25, 1], [-1, 2, 0], [3, 3, -1]];
    const a = generateDataset(config({ name: 'user', points: pts }));
    const b = generateDataset(config({ name: 'user', points: pts, scale: 4 }));
    expect(b).toEqual(a);
  });

  it('throws a clear error only for impossible input', () => {
    expect(() => generateDataset(config({ name: 'user', points: [] }))).toThrow(/no points/);
    expect(() => generateDataset(config({ name: 'user', points: [[0, 0, 2]] }))).toThrow(/label/);
    expect(() => generateDataset(config({ n: 0 }))).toThrow(/positive integer/);
    expect(() => generateDataset(config({ noise: -1 }))).toThrow(/noise/);
    expect(() => generateDataset(config({ testFraction: 1.5 }))).toThrow(/testFraction/);
    expect(() => generateDataset(config({ scale: 0 }))).toThrow(/scale/);
  });
});
