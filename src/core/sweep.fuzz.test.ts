/**
 * Property-based fuzzing of the sweep syntax (issue 10, hardening), shared by the URL's `sweep=` and the
 * runner's `--vary`. parseSweep never throws; what it accepts is a sweep whose every value makes a valid
 * config; its text as the URL writes it (formatSweep: `KEY:` and the values by sweepValueText) reads back
 * as the same sweep; a log range is exact at its ends and monotone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';
import { formatNumber } from './decimal';
import { SCALAR_KEYS, type ScalarKey } from './scalarKeys';
import { applySweep, MAX_SWEEP_VALUES, parseSweep, sweepValueText, type Sweep } from './sweep';
import { hostileNumberText, hostileText, numberIn, PROTOTYPE_KEYS, UNSEEN } from '../testing/arbitraries';

function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** The sweep as the URL writes it (app/comparison.ts formatSweep). */
const sweepText = (s: Sweep) => `${s.key}:${s.values.map(sweepValueText).join(',')}`;

const get = (obj: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);

/** An accepted sweep: a known key, 1 to 16 distinct values each valid for its field, numbers as written; applying it never throws. */
function expectSound(s: Sweep, text: string): void {
  const spec = SCALAR_KEYS.find((k) => k.key === s.key);
  check(spec !== undefined && spec.field === s.field, () => `${text}: key ${s.key} ${s.field}`);
  check(s.values.length >= 1 && s.values.length <= MAX_SWEEP_VALUES && new Set(s.values).size === s.values.length, () => `${text}: values ${s.values}`);
  for (const v of s.values) {
    if (typeof v === 'number') check(Number(formatNumber(v)) === v && !Object.is(v, -0), () => `${text}: ${v} is not as the URL writes it`);
  }
  const applied = applySweep(DEFAULT_CONFIG, s);
  if (applied.ok) {
    check(applied.value.length === s.values.length, () => `${text}: ${applied.value.length} configs`);
    applied.value.forEach((config, i) => {
      check(get(config, s.field) === s.values[i], () => `${text}: config ${i} has ${String(get(config, s.field))}`);
      expect(parseConfig(config).issues).toEqual([]);
    });
  } else {
    expectReadable(applied.error);
  }
}

function expectReadable(error: string): void {
  check(error.length < 800 && !UNSEEN.test(error), () => `error ${JSON.stringify(error).slice(0, 300)}`);
}

/** Runs parseSweep on `text`: a sound sweep that reads back from its own text, or a readable error. */
function expectParsesSoundly(text: string): void {
  const r = parseSweep(text);
  if (!r.ok) return expectReadable(r.error);
  expectSound(r.value, text);
  expect(parseSweep(sweepText(r.value))).toEqual({ ok: true, value: r.value });
}

const keyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SCALAR_KEYS.flatMap((s) => [s.key, s.field])), weight: 6 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'TAU', ' tau ', 'loss', 'loss.', '.tau', 'hidden', 'data.points', ''), weight: 2 },
  { arbitrary: hostileText.map((t) => t.slice(0, 30)), weight: 1 },
);

const valueText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileNumberText, weight: 4 },
  { arbitrary: fc.constantFrom(...SCALAR_KEYS.flatMap((s) => (s.domain.kind === 'choice' ? s.domain.options : [])), 'Standard', 'relu ', ''), weight: 2 },
  { arbitrary: hostileText.map((t) => t.slice(0, 20)), weight: 1 },
);

/** Text shaped like a sweep, with separators in odd places: lists, ranges, several colons, dots and slashes. */
const sweepish: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(keyText, fc.constantFrom(':', '::', ' : ', '=', ''), fc.array(valueText, { maxLength: 20 }), fc.constantFrom(',', ', ', ',,', ';', ' ')).map(([k, c, vs, sep]) => `${k}${c}${vs.join(sep)}`),
  fc
    .tuple(keyText, valueText, fc.constantFrom('..', '...', '. .', '..-', '....'), valueText, fc.constantFrom('/', '//', ' / ', '/-', ''), fc.oneof(fc.integer({ min: -2, max: 20 }).map(String), hostileNumberText))
    .map(([k, a, dots, b, slash, n]) => `${k}:${a}${dots}${b}${slash}${n}`),
);

describe('fuzz parseSweep: never an escaping throw; what it accepts is sound and reads back from its own text', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), expectParsesSoundly), { numRuns: 2000 });
  });

  it('sweep-shaped text with hostile keys, numbers (float32 overflow, -0, NaN, 1e-46) and separators in odd places', () => {
    fc.assert(fc.property(sweepish, expectParsesSoundly), { numRuns: 3000 });
  });
});

/** 1 to 16 distinct values a key allows, as the URL writes them. */
function valuesFor(spec: ScalarKey): fc.Arbitrary<(number | string)[]> {
  const d = spec.domain;
  const one: fc.Arbitrary<number | string> = d.kind === 'choice' ? fc.constantFrom(...d.options) : numberIn(d, d.integer, true);
  return fc.uniqueArray(one, { minLength: 1, maxLength: MAX_SWEEP_VALUES });
}

describe('fuzz: valid sweeps round-trip exactly', () => {
  it('a list of valid values for any key -> text -> parseSweep gives the same sweep', () => {
    const sweep = fc.constantFrom(...SCALAR_KEYS).chain((spec) => valuesFor(spec).map((values): Sweep => ({ key: spec.key, field: spec.field, values })));
    fc.assert(
      fc.property(sweep, (s) => {
        expect(parseSweep(sweepText(s))).toEqual({ ok: true, value: s });
      }),
      { numRuns: 1500 },
    );
  });

  it('A..B/N: N values from A to B exactly, strictly monotone, within the limits (or an error naming a duplicate)', () => {
    const numeric = SCALAR_KEYS.filter((s) => s.domain.kind === 'number');
    const range = fc.constantFrom(...numeric).chain((spec) => {
      const d = spec.domain as { min: number; max: number; integer: boolean };
      const end = numberIn({ min: Math.max(d.min, d.integer ? 1 : Number.MIN_VALUE), max: d.max }, d.integer, true).filter((v) => v > 0);
      return fc.tuple(fc.constant(spec), end, end, fc.integer({ min: 2, max: MAX_SWEEP_VALUES }));
    });
    fc.assert(
      fc.property(range, ([spec, a, b, n]) => {
        const text = `${spec.key}:${formatNumber(a)}..${formatNumber(b)}/${n}`;
        const r = parseSweep(text);
        if (!r.ok) {
          // Only when rounding (integers, 12 digits) or A = B makes two values alike.
          expect(r.error).toMatch(/ appears twice$/);
          return;
        }
        expectSound(r.value, text);
        const values = r.value.values as number[];
        expect([values.length, values[0], values[n - 1]]).toEqual([n, a, b]);
        for (let i = 1; i < n; i++) check(a < b ? values[i] > values[i - 1] : values[i] < values[i - 1], () => `${text}: ${values}`);
      }),
      { numRuns: 1500 },
    );
  });
});
