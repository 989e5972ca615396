/**
 * Property-based fuzzing of the config validator (issue 10, hardening): thousands of random and hostile
 * inputs per run. parseConfig never throws; whatever it is given, its config validates again with no
 * issues and survives float32; a valid config reads back as itself, also through JSON; a bad field falls
 * back alone. fast-check prints the seed and the shrunk input of any failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyValue, hostileNumber, hostileText, objectFrom, PROTOTYPE_KEYS, UNSEEN, validConfig } from '../testing/arbitraries';
import { DEFAULT_CONFIG, LIMITS, parseConfig, parseConfigStrict, type ExperimentConfig } from './config';

type Json = Record<string, unknown>;

/** The dotted paths of every leaf of the config (arrays are leaves), e.g. `model.bjorck.beta`. */
function leafPaths(obj: unknown, prefix = ''): string[] {
  return Object.entries(obj as Json).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? leafPaths(v, p) : [p];
  });
}
const LEAVES = leafPaths(DEFAULT_CONFIG);
/** Every section path and leaf path: where a mutation may land. */
const PATHS = [...new Set(LEAVES.flatMap((p) => p.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))))];

const get = (obj: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((o, k) => (o as Json)[k], obj);

/** Throws `message` unless `ok` (a plain check: thousands of runs make vitest's expect too slow per leaf). */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** What every parse result must be: complete, valid (a fixed point of parseConfig), finite in float32. */
function expectValidResult(config: ExperimentConfig): void {
  expect(leafPaths(config)).toEqual(LEAVES);
  expect(parseConfig(config)).toEqual({ config, issues: [] });
  for (const path of LEAVES) {
    const v = get(config, path);
    const numbers = typeof v === 'number' ? [v] : Array.isArray(v) ? (v.flat() as number[]) : [];
    for (const n of numbers) check(Number.isFinite(Math.fround(n)) && !Object.is(n, -0), () => `${path}: ${n} is not a finite float32 (or is -0)`);
  }
  const { max } = LIMITS.coordinate;
  for (const [x, y] of config.data.points) check(Math.abs(x) <= max && Math.abs(y) <= max, () => `point (${x}, ${y}) is beyond ±${max}`);
}

/** Issues are short single lines naming a dotted path. */
function expectReadableIssues(issues: { path: string; message: string }[]): void {
  for (const { path, message } of issues) {
    check(path.length + message.length < 600, () => `long issue: ${message.slice(0, 200)}`);
    check(!UNSEEN.test(path + message), () => `issue with an unseen character: ${JSON.stringify(path + message)}`);
  }
}

/** A value for any field: hostile numbers and text, right and wrong names, lists, nested junk. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileNumber, weight: 5 },
  { arbitrary: hostileText, weight: 2 },
  { arbitrary: fc.constantFrom('user', 'User', 'moons ', 'kr', 'tau-bce', 'groupsort2', 'adam', 'two-logit', 'standard', '1', 'true'), weight: 2 },
  { arbitrary: fc.array(hostileNumber, { maxLength: 10 }), weight: 2 },
  { arbitrary: fc.array(fc.tuple(hostileNumber, hostileNumber, fc.constantFrom(1, 0, -1, -0, 2, NaN)), { maxLength: 5 }), weight: 2 },
  { arbitrary: fc.constantFrom(null, undefined, true, false, [], {}, [[]], Object.create(null)), weight: 1 },
  { arbitrary: anyValue, weight: 2 },
);

/** A key a section may hold: its own field names, prototype names, near misses, junk. */
const someKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...new Set(PATHS.map((p) => p.split('.').at(-1) as string))),
  fc.constantFrom(...PROTOTYPE_KEYS, 'Tau', 'tau ', 'loss.tau', '', ' ', 'v'),
  hostileText,
);

type Mutation = { kind: 'set'; path: string; value: unknown } | { kind: 'delete'; path: string } | { kind: 'add'; path: string; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: fieldValue }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('add' as const), path: fc.constantFrom('', 'data', 'model', 'model.bjorck', 'model.power', 'loss', 'train'), key: someKey, value: fieldValue }), weight: 2 },
);

/** The config as plain JSON-like data with the mutations applied (a mutation under a replaced section is skipped). */
function mutate(config: ExperimentConfig, mutations: Mutation[]): unknown {
  const raw = structuredClone(config) as unknown as Json;
  for (const m of mutations) {
    const keys = m.kind === 'add' ? (m.path ? m.path.split('.') : []) : m.path.split('.');
    const parentKeys = m.kind === 'add' ? keys : keys.slice(0, -1);
    let parent: unknown = raw;
    for (const k of parentKeys) parent = parent !== null && typeof parent === 'object' && Object.hasOwn(parent, k) ? (parent as Json)[k] : undefined;
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
    const key = m.kind === 'add' ? m.key : (keys.at(-1) as string);
    if (m.kind === 'delete') delete (parent as Json)[key];
    else Object.defineProperty(parent, key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return raw;
}

describe('fuzz parseConfig: never an escaping throw, always a valid config', () => {
  it('any JavaScript value at all (fast-check anything: Maps, boxed values, null prototypes, bigints, sparse arrays)', () => {
    fc.assert(
      fc.property(anyValue, (input) => {
        const { config, issues } = parseConfig(input);
        expectValidResult(config);
        expectReadableIssues(issues);
      }),
      { numRuns: 1500 },
    );
  });

  it('objects shaped like a config with hostile keys and values in every section', () => {
    const section = fc.array(fc.tuple(someKey, fieldValue), { maxLength: 8 }).map(objectFrom);
    const root = fc
      .array(fc.tuple(fc.oneof(fc.constantFrom('v', 'data', 'model', 'loss', 'train'), someKey), fc.oneof(section, fieldValue)), { maxLength: 7 })
      .map(objectFrom);
    fc.assert(
      fc.property(root, (input) => {
        const { config, issues } = parseConfig(input);
        expectValidResult(config);
        expectReadableIssues(issues);
        // The strict parse (the runner's) throws exactly when there are issues, with one line naming them all.
        if (issues.length === 0) expect(parseConfigStrict(input)).toEqual(config);
        else expect(() => parseConfigStrict(input)).toThrow(/^invalid configuration: [^\n]*$/);
      }),
      { numRuns: 1500 },
    );
  });

  it('hostile JSON text, as the runner reads it (JSON.parse makes __proto__ an own key; 1e400 becomes Infinity)', () => {
    const numberText = fc.oneof(hostileNumber.filter(Number.isFinite).map(String), fc.constantFrom('1e400', '-1e400', '1e39', '1e-46', '-0', '3.5e38'));
    const text = fc
      .array(fc.tuple(fc.constantFrom('data', 'loss', 'train', 'model', '__proto__', 'constructor'), fc.constantFrom('n', 'tau', 'lr', 'points', 'hidden', 'lipschitz', '__proto__', 'scale'), numberText), { maxLength: 6 })
      .map((entries) => {
        const sections = new Map<string, string[]>();
        for (const [s, k, v] of entries) {
          const value = k === 'points' ? `[[${v},0,1],[0,${v},-1]]` : k === 'hidden' ? `[${v}]` : v;
          sections.set(s, [...(sections.get(s) ?? []), `${JSON.stringify(k)}:${value}`]);
        }
        return `{${[...sections].map(([s, fields]) => `${JSON.stringify(s)}:{${fields.join(',')}}`).join(',')}}`;
      });
    fc.assert(
      fc.property(text, (json) => {
        const { config, issues } = parseConfig(JSON.parse(json));
        expectValidResult(config);
        expectReadableIssues(issues);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('fuzz parseConfig: valid configs round-trip exactly', () => {
  it('config -> parseConfig, config -> JSON text -> parseConfig, and the strict parse, all give the config back', () => {
    fc.assert(
      fc.property(validConfig({ maxPoints: 30 }), (config) => {
        expect(parseConfig(config)).toEqual({ config, issues: [] });
        expect(parseConfig(JSON.parse(JSON.stringify(config)))).toEqual({ config, issues: [] });
        expect(parseConfigStrict(config)).toEqual(config);
        expectValidResult(config);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('fuzz parseConfig: a bad field falls back alone', () => {
  it('a valid config with random edits: an untouched field is kept, or reset to its default with an issue naming it', () => {
    fc.assert(
      fc.property(validConfig({ maxPoints: 10 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (config, mutations) => {
        const { config: parsed, issues } = parseConfig(mutate(config, mutations));
        expectValidResult(parsed);
        expectReadableIssues(issues);
        // The places edited: a set or deleted path, or the path of an added key (which may be a known one).
        const touched = mutations.map((m) => (m.kind !== 'add' ? m.path : m.path ? `${m.path}.${m.key}` : m.key));
        const isTouched = (leaf: string) => touched.some((t) => leaf === t || leaf.startsWith(`${t}.`) || t.startsWith(`${leaf}.`));
        // A field can change through another (groupsort2 and odd widths, the user dataset without points, a
        // config over the cost limits): then it is reset to its default and an issue says so. Nothing
        // changes silently.
        const named = new Set(issues.map((i) => (i.path === 'data.points' ? 'data.name' : i.path)).concat(issues.map((i) => i.path)));
        const untouched = LEAVES.filter((leaf) => !isTouched(leaf));
        // A residual layer's misfits fall back to what the layer needs (relu, the first width), not the
        // default; a later rule (the cost limits) may still reset the field to its default.
        const residualFallback = (leaf: string) => {
          if (!issues.some((i) => i.path === leaf && i.message.includes('residual'))) return get(DEFAULT_CONFIG, leaf);
          const needed = leaf === 'model.activation' ? 'relu' : (get(config, leaf) as number[]).map(() => (get(config, leaf) as number[])[0]);
          return JSON.stringify(get(parsed, leaf)) === JSON.stringify(get(DEFAULT_CONFIG, leaf)) ? get(DEFAULT_CONFIG, leaf) : needed;
        };
        const expected = untouched.map((leaf) => (named.has(leaf) && !Object.is(get(parsed, leaf), get(config, leaf)) ? residualFallback(leaf) : get(config, leaf)));
        expect(untouched.map((leaf) => get(parsed, leaf))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
