import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, LIMITS, parseConfig, parseConfigStrict, type ExperimentConfig } from './config';

/** A valid config in which every field differs from its default, so a fallback is always visible. */
const FULL: ExperimentConfig = {
  v: 1,
  data: {
    name: 'circles',
    n: 500,
    noise: 0.1,
    seed: 7,
    testFraction: 0.3,
    points: [
      [0.5, -0.5, 1],
      [-0.25, 0.75, -1],
    ],
    scale: 2,
  },
  model: {
    kind: 'standard',
    hidden: [32, 8],
    head: 'two-logit',
    activation: 'fullsort',
    layer: 'aol',
    lipschitz: 2,
    bjorck: { iterations: 20, tolerance: 1e-4, beta: 0.25, gradientIterations: 3 },
    power: { iterations: 5, tolerance: 1e-2 },
  },
  loss: { name: 'hkr', tau: 5, alpha: 50, margin: 0.5 },
  train: { optimizer: 'sgd', lr: 0.05, batchSize: 128, steps: 500, seed: 3, robust: 'gloro', robustEps: 0.25 },
};

type Json = Record<string, unknown>;

/** The value at a dotted path, e.g. `model.bjorck.beta`. */
function getField(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o as Json)[k], obj);
}

/** A deep copy of `obj` with the value at a dotted path replaced (or added). */
function withField<T>(obj: T, dotted: string, value: unknown): T {
  const copy = structuredClone(obj);
  const keys = dotted.split('.');
  const parent = keys.slice(0, -1).reduce<unknown>((o, k) => (o as Json)[k], copy) as Json;
  parent[keys[keys.length - 1]] = value;
  return copy;
}

/** Dotted paths of every leaf field (arrays count as leaves). */
function leafPaths(obj: unknown, prefix = ''): string[] {
  return Object.entries(obj as Json).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? leafPaths(v, p) : [p];
  });
}

/**
 * The lenient contract for one bad field: exactly one issue, at `path`; that field takes its default and
 * every other field of FULL is kept.
 */
function expectFallback(path: string, bad: unknown, base: ExperimentConfig = FULL): void {
  const { config, issues } = parseConfig(withField(base, path, bad));
  expect(issues.map((i) => i.path), `issues for ${path} = ${String(bad)}`).toEqual([path]);
  expect(config).toEqual(withField(base, path, getField(DEFAULT_CONFIG, path)));
}

describe('parseConfig: valid input', () => {
  it('an empty object gives DEFAULT_CONFIG and no issues', () => {
    expect(parseConfig({})).toEqual({ config: DEFAULT_CONFIG, issues: [] });
  });

  it('empty sections give their defaults and no issues', () => {
    const input = { v: 1, data: {}, model: { bjorck: {}, power: {} }, loss: {}, train: {} };
    expect(parseConfig(input)).toEqual({ config: DEFAULT_CONFIG, issues: [] });
  });

  it('DEFAULT_CONFIG round-trips unchanged', () => {
    expect(parseConfig(DEFAULT_CONFIG)).toEqual({ config: DEFAULT_CONFIG, issues: [] });
  });

  it('a full valid config round-trips unchanged, also through JSON text', () => {
    expect(parseConfig(FULL)).toEqual({ config: FULL, issues: [] });
    expect(parseConfig(JSON.parse(JSON.stringify(FULL)))).toEqual({ config: FULL, issues: [] });
  });

  it('a missing field takes its default while the given fields are kept', () => {
    const input = structuredClone(FULL) as unknown as Json;
    delete (input.loss as Json).tau;
    delete (input.model as Json).hidden;
    const { config, issues } = parseConfig(input);
    expect(issues).toEqual([]);
    expect(config).toEqual({
      ...FULL,
      model: { ...FULL.model, hidden: DEFAULT_CONFIG.model.hidden },
      loss: { ...FULL.loss, tau: DEFAULT_CONFIG.loss.tau },
    });
  });

  it('the parsed config is a copy: its arrays are not the input arrays', () => {
    const { config } = parseConfig(FULL);
    expect(config.model.hidden).not.toBe(FULL.model.hidden);
    expect(config.data.points).not.toBe(FULL.data.points);
  });

  // Mutating a parsed config must never mutate the defaults of every later parse.
  it('the parsed config shares no array with DEFAULT_CONFIG', () => {
    expect(parseConfig({}).config.model.hidden).not.toBe(DEFAULT_CONFIG.model.hidden);
    expect(parseConfig({ model: { hidden: 'wide' } }).config.model.hidden).not.toBe(DEFAULT_CONFIG.model.hidden);
  });

  it('accepts every limit itself (ranges are inclusive)', () => {
    const atLimits = [
      ['data.n', LIMITS.n.min],
      ['data.n', LIMITS.n.max],
      ['data.noise', 0],
      ['data.seed', 0],
      ['data.seed', LIMITS.seed.max],
      ['data.testFraction', 0],
      ['data.testFraction', LIMITS.testFraction.max],
      ['model.hidden', []],
      ['model.hidden', Array(LIMITS.hiddenLayers.max).fill(2)],
      ['model.hidden', [LIMITS.width.min, LIMITS.width.max]],
      ['model.lipschitz', LIMITS.lipschitz.min],
      ['model.bjorck.iterations', 0],
      ['model.bjorck.beta', 1],
      ['model.power.iterations', 1],
      ['loss.tau', LIMITS.tau.max],
      ['train.lr', LIMITS.lr.min],
      ['train.steps', 0],
      ['train.batchSize', 1],
      ['data.scale', LIMITS.scale.min],
      ['data.scale', LIMITS.scale.max],
    ] as const;
    for (const [path, value] of atLimits) {
      const input = withField(FULL, path, value);
      expect(parseConfig(input), `${path} = ${JSON.stringify(value)}`).toEqual({ config: input, issues: [] });
    }
  });

  it('reads a user point label 0 as -1', () => {
    const { config, issues } = parseConfig({ data: { name: 'user', points: [[0, 0, 1], [1, 1, 0]] } });
    expect(issues).toEqual([]);
    expect(config.data.points).toEqual([[0, 0, 1], [1, 1, -1]]);
  });
});

describe('parseConfig: each bad field is one issue at its dotted path, and falls back to its default', () => {
  it('unknown keys at the root and in every section are reported and dropped', () => {
    for (const path of ['foo', 'data.foo', 'model.foo', 'model.bjorck.bar', 'model.power.baz', 'loss.temperature', 'train.epochs']) {
      const { config, issues } = parseConfig(withField(FULL, path, 1));
      expect(issues.map((i) => i.path), path).toEqual([path]);
      expect(issues[0].message).toMatch(/unknown key/);
      expect(config).toEqual(FULL);
    }
  });

  it('wrong types: string for a number, number for a string, object for an array, null', () => {
    expectFallback('data.n', '500');
    expectFallback('train.lr', '0.01');
    expectFallback('data.name', 3);
    expectFallback('train.optimizer', 1);
    expectFallback('model.hidden', { 0: 16 });
    expectFallback('data.points', { 0: [0, 0, 1] });
    expectFallback('loss.tau', null);
    expectFallback('model.activation', null);
    expectFallback('data.noise', true);
  });

  it('a section of the wrong type is one issue at the section, which takes its defaults', () => {
    expectFallback('data', 'moons');
    expectFallback('model.bjorck', 5);
    expectFallback('train', [1, 2]);
    expectFallback('loss', null);
  });

  it('non-finite numbers', () => {
    expectFallback('loss.tau', Infinity);
    expectFallback('data.noise', -Infinity);
    expectFallback('train.lr', NaN);
  });

  it('non-integers where integers are needed: n, seeds, batchSize, steps, iterations, hidden widths', () => {
    expectFallback('data.n', 300.5);
    expectFallback('data.seed', 1.5);
    expectFallback('train.seed', 0.1);
    expectFallback('train.batchSize', 64.5);
    expectFallback('train.steps', 10.5);
    expectFallback('model.bjorck.iterations', 2.5);
    expectFallback('model.power.iterations', 1.5);
    expectFallback('model.hidden', [16.5, 8]);
  });

  it('out of range values', () => {
    expectFallback('data.noise', -0.1);
    expectFallback('data.testFraction', 0.95);
    expectFallback('train.lr', 0);
    expectFallback('loss.tau', 0);
    expectFallback('data.n', 2);
    expectFallback('data.seed', -1);
    expectFallback('data.seed', 2 ** 31);
    expectFallback('model.lipschitz', 0);
    expectFallback('model.bjorck.beta', 0);
    expectFallback('model.power.iterations', 0);
    expectFallback('train.batchSize', 0);
    expectFallback('train.steps', -1);
    expectFallback('model.hidden', Array(9).fill(8));
    expectFallback('model.hidden', [16, 0]);
    expectFallback('model.hidden', [2000]);
  });

  it('the message of a range issue states the range and the value', () => {
    const { issues } = parseConfig({ data: { testFraction: 0.95 } });
    expect(issues).toEqual([{ path: 'data.testFraction', message: 'must be between 0 and 0.9, got 0.95' }]);
  });

  it('unknown enum values, including a wrong case', () => {
    expectFallback('data.name', 'spirals');
    expectFallback('data.name', 'Moons');
    expectFallback('model.kind', 'lipschitzian');
    expectFallback('model.activation', 'gelu');
    expectFallback('loss.name', 'mse');
    expectFallback('train.optimizer', 'rmsprop');
  });

  it("the paper's head and data scale: bad values fall back, naming the field and what it allows", () => {
    expectFallback('model.head', 'two-logits');
    expectFallback('model.head', 2);
    expectFallback('data.scale', 0);
    expectFallback('data.scale', 0.001);
    expectFallback('data.scale', 101);
    expectFallback('data.scale', '2');
    expect(parseConfig({ model: { head: 'softmax' } }).issues).toEqual([
      { path: 'model.head', message: 'must be one of one-logit, two-logit, got "softmax"' },
    ]);
    expect(parseConfig({ data: { scale: -1 } }).issues).toEqual([{ path: 'data.scale', message: 'must be between 0.01 and 100, got -1' }]);
    expect(() => parseConfigStrict({ model: { head: 'three-logit' } })).toThrow(/model\.head/);
    expect(DEFAULT_CONFIG.model.head).toBe('one-logit');
    expect(DEFAULT_CONFIG.data.scale).toBe(1);
  });

  it('version 2 (or "1" as a string) is an issue at v; the config is read as version 1', () => {
    for (const v of [2, '1', 0]) {
      const { config, issues } = parseConfig({ ...FULL, v });
      expect(issues.map((i) => i.path)).toEqual(['v']);
      expect(config).toEqual(FULL);
    }
  });

  it('a root that is not an object (array, string, null, number, undefined) gives the defaults', () => {
    for (const root of [[], [FULL], 'moons', null, 42, undefined]) {
      const { config, issues } = parseConfig(root);
      expect(issues.map((i) => i.path)).toEqual(['(root)']);
      expect(config).toEqual(DEFAULT_CONFIG);
    }
  });

  it('groupsort2 with an odd width is an issue at model.hidden, which takes its default', () => {
    const gs = withField(FULL, 'model.activation', 'groupsort2');
    const { config, issues } = parseConfig(withField(gs, 'model.hidden', [16, 7]));
    expect(issues.map((i) => i.path)).toEqual(['model.hidden']);
    expect(issues[0].message).toMatch(/even/);
    expect(config).toEqual(withField(gs, 'model.hidden', DEFAULT_CONFIG.model.hidden));
  });

  it('odd widths are fine for activations that do not pair units', () => {
    for (const activation of ['fullsort', 'maxmin', 'relu', 'tanh', 'abs']) {
      const input = withField(withField(FULL, 'model.activation', activation), 'model.hidden', [7, 3]);
      expect(parseConfig(input).issues).toEqual([]);
    }
  });

  it('an empty user dataset is an issue at data.points and falls back to the default dataset', () => {
    const { config, issues } = parseConfig(withField(withField(FULL, 'data.name', 'user'), 'data.points', []));
    expect(issues.map((i) => i.path)).toEqual(['data.points']);
    expect(issues[0].message).toMatch(/at least one point/);
    expect(config.data.name).toBe(DEFAULT_CONFIG.data.name);
    expect(config.model).toEqual(FULL.model);
    expect(config.train).toEqual(FULL.train);
  });

  it('a user dataset of one point, or of one class, is valid (a drawing grows point by point)', () => {
    for (const points of [[[0, 0, 1]], [[0, 0, 1], [1, 1, 1]], [[0, 0, -1], [1, 1, 0]]]) {
      const { config, issues } = parseConfig(withField(withField(FULL, 'data.name', 'user'), 'data.points', points));
      expect(issues, JSON.stringify(points)).toEqual([]);
      expect(config.data.name).toBe('user');
      expect(config.data.points.length).toBe(points.length);
    }
  });

  it('bad points (wrong arity, bad label, non-numbers, non-finite, not a list) fall back to no points', () => {
    const bad = [[[0, 0]], [[0, 0, 1, 1]], [[0, 0, 2]], [[0, 0, 0.5]], [[0, '1', 1]], [[0, NaN, 1]], [[0, 0, 1], [1, 1, -1], 5], 'abc'];
    for (const points of bad) expectFallback('data.points', points);
  });

  it('bad points of a user dataset are reported once, at data.points', () => {
    const { issues } = parseConfig({ data: { name: 'user', points: [[0, 0, 1], [1, 1, 7]] } });
    expect(issues.length).toBe(1);
    expect(issues.every((i) => i.path === 'data.points')).toBe(true);
    expect(issues[0].message).toMatch(/point 1/);
  });

  it('every leaf field, given any of a set of bad values, falls back alone', () => {
    const badValues = [null, 'x', {}, true, -1, NaN, [[]]];
    for (const path of leafPaths(FULL).filter((p) => p !== 'v')) {
      for (const bad of badValues) expectFallback(path, bad);
    }
  });

  it('several bad fields are each reported once, and the good fields are kept', () => {
    const input = withField(withField(withField(FULL, 'data.n', 2), 'loss.name', 'mse'), 'model.bjorck.bar', 1);
    const { config, issues } = parseConfig(input);
    expect(issues.map((i) => i.path).sort()).toEqual(['data.n', 'loss.name', 'model.bjorck.bar']);
    expect(config).toEqual(withField(withField(FULL, 'data.n', DEFAULT_CONFIG.data.n), 'loss.name', DEFAULT_CONFIG.loss.name));
  });

  it('never throws and always returns a complete config, whatever the input', () => {
    const junk: unknown[] = [{ data: [] }, { model: { hidden: [null] } }, { data: { points: [null] } }, { model: { bjorck: 'x', power: [] } }, Object.create(null), new Date(0), () => 1];
    for (const input of junk) {
      const { config } = parseConfig(input);
      expect(leafPaths(config)).toEqual(leafPaths(DEFAULT_CONFIG));
    }
  });
});

describe('parseConfigStrict', () => {
  it('returns the config when there is no issue', () => {
    expect(parseConfigStrict(FULL)).toEqual(FULL);
    expect(parseConfigStrict({})).toEqual(DEFAULT_CONFIG);
  });

  it('throws a ConfigError whose one-line message names every bad field', () => {
    const input = { data: { n: 2, foo: 1 }, model: { activation: 'gelu', bjorck: { bar: 1 } }, loss: { tau: 0 }, train: { optimizer: 'rmsprop' }, v: 2 };
    let error: unknown;
    try {
      parseConfigStrict(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(Error);
    const { message, issues, name } = error as ConfigError;
    expect(name).toBe('ConfigError');
    expect(message).toMatch(/^invalid configuration: /);
    expect(message).not.toContain('\n');
    const paths = ['v', 'data.foo', 'data.n', 'model.activation', 'model.bjorck.bar', 'loss.tau', 'train.optimizer'];
    expect(issues.map((i) => i.path).sort()).toEqual([...paths].sort());
    for (const p of paths) expect(message).toContain(`${p}: `);
  });

  it('throws for a non-object root', () => {
    expect(() => parseConfigStrict(null)).toThrow(ConfigError);
    expect(() => parseConfigStrict('[]')).toThrow(/\(root\)/);
  });
});

describe('untrusted strings in messages', () => {
  it('rejects an HTML/script dataset name and quotes it in the message', () => {
    const name = '<script>alert(1)</script>';
    const { config, issues } = parseConfig({ data: { name } });
    expect(config.data.name).toBe(DEFAULT_CONFIG.data.name);
    expect(issues.map((i) => i.path)).toEqual(['data.name']);
    expect(issues[0].message).toContain(JSON.stringify(name));
    expect(() => parseConfigStrict({ data: { name } })).toThrow(JSON.stringify(name));
  });

  it('truncates a long value in the message (no crash, bounded length)', () => {
    const name = `<script>${'x'.repeat(100_000)}</script>`;
    const { issues } = parseConfig({ data: { name } });
    expect(issues.map((i) => i.path)).toEqual(['data.name']);
    expect(issues[0].message.length).toBeLessThan(300);
    expect(issues[0].message).toContain(JSON.stringify(`${name.slice(0, 40)}…`));
    expect(issues[0].message).not.toContain('</script>');
  });

  it('escapes quotes and newlines in a value, so the strict message stays one line', () => {
    const { issues } = parseConfig({ loss: { name: 'a"b\nc' } });
    expect(issues[0].message).toContain('"a\\"b\\nc"');
    expect(() => parseConfigStrict({ loss: { name: 'a"b\nc' } })).toThrow(/^invalid configuration: [^\n]*$/);
  });

  // Unknown keys are untrusted too: a key with a newline must not break the one-line message.
  it('a strict message stays one short line even for an unknown key with a newline', () => {
    expect(() => parseConfigStrict({ data: { [`a\nb${'x'.repeat(1000)}`]: 1 } })).toThrow(/^invalid configuration: [^\n]{0,300}$/);
  });
});

/** Every numeric leaf of the config: its range in LIMITS and whether it must be an integer. */
const NUMERIC_FIELDS: [path: string, range: { min: number; max: number }, integer: boolean][] = [
  ['data.n', LIMITS.n, true],
  ['data.noise', LIMITS.noise, false],
  ['data.seed', LIMITS.seed, true],
  ['data.testFraction', LIMITS.testFraction, false],
  ['data.scale', LIMITS.scale, false],
  ['model.lipschitz', LIMITS.lipschitz, false],
  ['model.bjorck.iterations', LIMITS.bjorckIterations, true],
  ['model.bjorck.tolerance', LIMITS.tolerance, false],
  ['model.bjorck.beta', LIMITS.beta, false],
  ['model.bjorck.gradientIterations', LIMITS.bjorckIterations, true],
  ['model.power.iterations', LIMITS.powerIterations, true],
  ['model.power.tolerance', LIMITS.tolerance, false],
  ['loss.tau', LIMITS.tau, false],
  ['loss.alpha', LIMITS.alpha, false],
  ['loss.margin', LIMITS.margin, false],
  ['train.lr', LIMITS.lr, false],
  ['train.batchSize', LIMITS.batchSize, true],
  ['train.steps', LIMITS.steps, true],
  ['train.seed', LIMITS.seed, true],
  ['train.robustEps', LIMITS.robustEps, false],
];

/** Finite in float64, but Infinity in float32 (the first five) or 0 in float32 (the rest). */
const FLOAT32_OVERFLOW = [1e39, -1e39, 1e300, 3.5e38, -3.5e38];
const FLOAT32_UNDERFLOW = [1e-46, -1e-46, 1e-300];

describe('float32: tfjs computes in float32, so every accepted number must survive Math.fround', () => {
  it('the table covers every numeric leaf of the config', () => {
    const numeric = leafPaths(DEFAULT_CONFIG).filter((p) => p !== 'v' && typeof getField(DEFAULT_CONFIG, p) === 'number');
    expect(NUMERIC_FIELDS.map(([p]) => p).sort()).toEqual(numeric.sort());
  });

  it('every field rejects a value that overflows float32: one issue, naming the field and the value', () => {
    for (const [path, range] of NUMERIC_FIELDS) {
      for (const bad of FLOAT32_OVERFLOW) {
        const { config, issues } = parseConfig(withField(FULL, path, bad));
        expect(issues, `${path} = ${bad}`).toEqual([{ path, message: `must be between ${range.min} and ${range.max}, got ${bad}` }]);
        expect(config).toEqual(withField(FULL, path, getField(DEFAULT_CONFIG, path)));
      }
    }
  });

  it('a value that underflows float32 is rejected where 0 is not allowed, and kept (as float32 0) where it is', () => {
    for (const [path, range, integer] of NUMERIC_FIELDS) {
      for (const tiny of FLOAT32_UNDERFLOW) {
        const { config, issues } = parseConfig(withField(FULL, path, tiny));
        if (integer || tiny < range.min) {
          expect(issues.map((i) => i.path), `${path} = ${tiny}`).toEqual([path]);
        } else {
          // noise, testFraction, tolerances, alpha, margin: 0 is a meaningful value, and a tiny one is that 0.
          expect(issues, `${path} = ${tiny}`).toEqual([]);
          expect(Math.fround(getField(config, path) as number)).toBe(0);
        }
      }
    }
  });

  it('every limit is float32-normal: maxima at most 1e7 (the seeds excepted: 2^31 - 1, integers used in JS), positive minima at least 1e-7', () => {
    for (const [name, limit] of Object.entries(LIMITS)) {
      for (const [end, v] of Object.entries(limit)) {
        expect(Math.abs(v), `${name}.${end}`).toBeLessThanOrEqual(name === 'seed' ? 2 ** 31 - 1 : 1e7);
        if (v !== 0) expect(Math.abs(v), `${name}.${end}`).toBeGreaterThanOrEqual(1e-7);
        expect(Math.fround(v) === 0, `${name}.${end}`).toBe(v === 0);
      }
    }
  });

  it('the quantities training forms from the largest allowed values stay far inside float32', () => {
    const F32_MAX = 3.4028234663852886e38;
    const L = LIMITS;
    // The farthest two points can be apart, and |f| for an L-Lipschitz net over it.
    const diameter = Math.hypot(L.coordinate.max - L.coordinate.min, L.coordinate.max - L.coordinate.min);
    const f = L.lipschitz.max * diameter;
    const worst = {
      'tau * f (tau-bce)': L.tau.max * f,
      '1 / tau': 1 / L.tau.min,
      'alpha * (margin + f) (hkr)': L.alpha.max * (L.margin.max + f),
      'Adam second moment of alpha * L * |x|': (L.alpha.max * L.lipschitz.max * L.coordinate.max) ** 2,
      'squared distance between points': diameter ** 2,
      'lr * alpha * L * |x|': L.lr.max * L.alpha.max * L.lipschitz.max * L.coordinate.max,
    };
    for (const [what, v] of Object.entries(worst)) expect(v, what).toBeLessThan(F32_MAX / 1e6);
  });
});

describe('user points: coordinates within LIMITS.coordinate, so float32 keeps them finite and the plot sensible', () => {
  const user = (points: unknown) => ({ data: { name: 'user', points } });

  it('accepts the limits themselves and a tiny coordinate (0 in float32, a valid coordinate)', () => {
    const { min, max } = LIMITS.coordinate;
    const points = [[min, max, 1], [max, min, -1], [1e-46, -1e-300, 1]];
    const { config, issues } = parseConfig(user(points));
    expect(issues).toEqual([]);
    expect(config.data.points).toEqual(points);
  });

  it.each([
    [1e39, 'x', /^point 1: x must be between -10000 and 10000, got 1e\+39$/],
    [-1e39, 'x', /got -1e\+39$/],
    [1e300, 'y', /^point 1: y must be between -10000 and 10000, got 1e\+300$/],
    [3.5e38, 'x', /got 3\.5e\+38$/],
    [10000.001, 'y', /got 10000\.001$/],
    [Infinity, 'x', /^point 1: x must be a finite number, got Infinity$/],
    [NaN, 'y', /^point 1: y must be a finite number, got NaN$/],
  ])('%s as %s: one issue at data.points naming the point and coordinate; the default dataset is used', (bad, axis, message) => {
    const point = axis === 'x' ? [bad, 0, -1] : [0, bad, -1];
    const { config, issues } = parseConfig(user([[0, 0, 1], point]));
    expect(issues.length).toBe(1);
    expect(issues[0].path).toBe('data.points');
    expect(issues[0].message).toMatch(message);
    expect(config.data).toEqual(DEFAULT_CONFIG.data);
    expect(() => parseConfigStrict(user([point]))).toThrow(/data\.points: point 0: [xy] must be/);
  });

  it('a wrong arity or label says what it got', () => {
    expect(parseConfig(user([[0, 0]])).issues[0].message).toMatch(/point 0: must be \[x, y, label\].*got 2 entries$/);
    expect(parseConfig(user([[0, 0, 2]])).issues[0].message).toBe('point 0: label must be -1, 0 or +1, got 2');
    expect(parseConfig(user(['a']))).toMatchObject({ issues: [{ message: expect.stringMatching(/got "a"$/) }] });
  });
});

describe('parseConfig output reads back as itself', () => {
  it('-0 is read as 0 (JSON and the URL write -0 as 0), in fields and in points', () => {
    const { config, issues } = parseConfig({ data: { name: 'user', noise: -0, points: [[-0, -0, -0]] }, loss: { alpha: -0 }, train: { seed: -0 } });
    expect(issues).toEqual([]);
    expect(Object.is(config.data.noise, 0)).toBe(true);
    expect(Object.is(config.loss.alpha, 0)).toBe(true);
    expect(Object.is(config.train.seed, 0)).toBe(true);
    expect(config.data.points[0].map((c) => Object.is(c, 0))).toEqual([true, true, false]);
    expect(config.data.points[0][2]).toBe(-1);
    expect(parseConfig(JSON.parse(JSON.stringify(config)))).toEqual({ config, issues: [] });
  });

  it('a function, symbol or bigint where a number belongs is named by its type, never by its text', () => {
    const fn = function multi() {
      return '\n<script>';
    };
    const { issues } = parseConfig({ data: { n: fn, noise: Symbol('s'), seed: 10n }, loss: { name: fn } });
    expect(issues.map((i) => i.message)).toEqual([
      'must be a finite number, got a function',
      'must be a finite number, got a symbol',
      'must be a finite number, got a bigint',
      'must be one of kr, hinge, hkr, tau-bce, bce, got a function',
    ]);
  });
});

describe('the layer zoo and robust training in the config', () => {
  it('reads model.layer and train.robust / robustEps, defaults bjorck and none', () => {
    expect(DEFAULT_CONFIG.model.layer).toBe('bjorck');
    expect(DEFAULT_CONFIG.train.robust).toBe('none');
    const { config, issues } = parseConfig({ model: { layer: 'cayley' }, train: { robust: 'lmt', robustEps: 0.3 } });
    expect(issues).toEqual([]);
    expect(config.model.layer).toBe('cayley');
    expect(config.train).toMatchObject({ robust: 'lmt', robustEps: 0.3 });
    expect(parseConfig({ model: { layer: 'orthogonal' } }).issues[0].path).toBe('model.layer');
  });

  it('a residual layer with groupsort2 names model.activation and falls back to relu', () => {
    const { config, issues } = parseConfig({ model: { layer: 'sll' } });
    expect(issues.map((i) => i.path)).toEqual(['model.activation']);
    expect(issues[0].message).toContain('sll');
    expect(config.model.activation).toBe('relu');
    expect(config.model.layer).toBe('sll');
  });

  it('a residual layer with unequal widths names model.hidden and keeps the first width', () => {
    const { config, issues } = parseConfig({ model: { layer: 'cpl', activation: 'tanh', hidden: [32, 16, 32] } });
    expect(issues.map((i) => i.path)).toEqual(['model.hidden']);
    expect(issues[0].message).toMatch(/layer 2 has 16/);
    expect(config.model.hidden).toEqual([32, 32, 32]);
  });

  it('a standard net ignores the layer: no residual rule applies', () => {
    expect(parseConfig({ model: { kind: 'standard', layer: 'sll', hidden: [8, 4] } }).issues).toEqual([]);
  });
});
