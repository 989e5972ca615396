/**
 * fast-check generators shared by the fuzz tests (*.fuzz.test.ts): valid configurations and views (any, or
 * only what a link can carry), and hostile values: numbers past float32's range or under it, -0, NaN,
 * long and non-ASCII text, prototype-named keys. Objects are built with own properties (a `__proto__` key
 * is a key, as JSON.parse makes it, not a prototype).
 */
import fc from 'fast-check';
import {
  ACTIVATIONS,
  DATASET_NAMES,
  DEFAULT_CONFIG,
  HEADS,
  isResidualLayer,
  LAYERS,
  LIMITS,
  LOSS_NAMES,
  MODEL_KINDS,
  OPTIMIZERS,
  ROBUST_METHODS,
  parseConfig,
  type ExperimentConfig,
  type LabelledPoint,
} from '../core/config';
import { formatNumber } from '../core/decimal';
import { VIEW_LIMITS, VIEWS, type ViewSettings } from '../core/view';

type Range = { readonly min: number; readonly max: number };

/** The value as a link writes it: 12 significant digits, -0 as 0 (app/url.ts). */
export const asWritten = (v: number): number => Number(formatNumber(v));
/** A coordinate as `pts` writes it: 4 decimals, -0 as 0. */
export const coordinateAsWritten = (c: number): number => asWritten(Number(c.toFixed(4)));

/**
 * A number in `range`: its ends, 0 when allowed, and values spread over every order of magnitude (fast-check
 * draws doubles evenly over their bit patterns). `written`: only values a link carries (12 digits).
 */
export function numberIn(range: Range, integer = false, written = false): fc.Arbitrary<number> {
  if (integer) return fc.integer({ min: range.min, max: range.max });
  const ends = fc.constantFrom(...new Set([range.min, range.max, ...(range.min <= 0 && range.max >= 0 ? [0] : [])]));
  const spread = fc.double({ min: range.min, max: range.max, noNaN: true }).map((v) => (v === 0 ? 0 : v));
  const any = fc.oneof({ arbitrary: ends, weight: 1 }, { arbitrary: spread, weight: 4 });
  return written ? any.map(asWritten).filter((v) => v >= range.min && v <= range.max) : any;
}

/** A user point within LIMITS.coordinate, label ±1; `written`: at the URL's 4 decimals. */
export function point(written = false): fc.Arbitrary<LabelledPoint> {
  const small = fc.double({ min: -3, max: 3, noNaN: true });
  const c = fc.oneof(numberIn(LIMITS.coordinate), small).map((v) => (written ? coordinateAsWritten(v) : v === 0 ? 0 : v));
  return fc.tuple(c, c, fc.constantFrom<1 | -1>(1, -1));
}

export interface ConfigOptions {
  /** Only what a link carries: numbers at 12 digits, points at 4 decimals and at most `maxPoints`, unkeyed fields at their defaults. */
  written?: boolean;
  maxPoints?: number;
}

/**
 * A configuration parseConfig accepts without an issue: every field within its limits and the whole within
 * the cost limits parseConfig may apply (drawn cheap mostly; the rare costly draw is filtered out).
 */
export function validConfig({ written = false, maxPoints = 60 }: ConfigOptions = {}): fc.Arbitrary<ExperimentConfig> {
  const L = LIMITS;
  const num = (range: Range, integer = false) => numberIn(range, integer, written);
  const data = fc
    .record({
      name: fc.constantFrom(...DATASET_NAMES),
      n: num(L.n, true),
      noise: num(L.noise),
      seed: num(L.seed, true),
      testFraction: num(L.testFraction),
      points: fc.array(point(written), { maxLength: maxPoints }),
      scale: num(L.scale),
    })
    .map((d) => (d.name === 'user' && d.points.length === 0 ? { ...d, name: 'moons' as const } : d));
  const model = fc
    .record({
      kind: fc.constantFrom(...MODEL_KINDS),
      activation: fc.constantFrom(...ACTIVATIONS),
      layer: fc.constantFrom(...LAYERS),
      // Mostly narrow layers: wide deep nets are valid only while their training cost is (core/cost.ts).
      hidden: fc.array(fc.oneof({ arbitrary: fc.integer({ min: L.width.min, max: 64 }), weight: 5 }, { arbitrary: fc.integer({ min: L.width.min, max: L.width.max }), weight: 1 }), {
        maxLength: L.hiddenLayers.max,
      }),
      head: fc.constantFrom(...HEADS),
      lipschitz: num(L.lipschitz),
      bjorck: written
        ? fc.constant(DEFAULT_CONFIG.model.bjorck)
        : fc.record({
            iterations: num(L.bjorckIterations, true),
            tolerance: num(L.tolerance),
            beta: num(L.beta),
            gradientIterations: num(L.bjorckIterations, true),
          }),
      power: written ? fc.constant(DEFAULT_CONFIG.model.power) : fc.record({ iterations: num(L.powerIterations, true), tolerance: num(L.tolerance) }),
    })
    // groupsort2 pairs neighbouring units: its widths are even (the smallest odd one rounds up).
    .map((m) => (m.activation === 'groupsort2' ? { ...m, hidden: m.hidden.map((w) => w + (w % 2)) } : m))
    // A residual layer keeps the width and needs an elementwise activation (parseConfig's cross-field rule).
    .map((m) => (m.kind === 'lipschitz' && isResidualLayer(m.layer) ? { ...m, activation: 'relu' as const, hidden: m.hidden.map(() => m.hidden[0]) } : m))
    .map(({ kind, hidden, head, activation, layer, lipschitz, bjorck, power }) => ({ kind, hidden, head, activation, layer, lipschitz, bjorck, power }));
  const loss = fc.record({ name: fc.constantFrom(...LOSS_NAMES), tau: num(L.tau), alpha: num(L.alpha), margin: num(L.margin) });
  const train = fc.record({
    optimizer: fc.constantFrom(...OPTIMIZERS),
    lr: num(L.lr),
    batchSize: num(L.batchSize, true),
    steps: written ? fc.constant(DEFAULT_CONFIG.train.steps) : num(L.steps, true),
    seed: num(L.seed, true),
    robust: fc.constantFrom(...ROBUST_METHODS),
    robustEps: num(L.robustEps),
  });
  // Each section is sometimes left at its defaults, so the "only what differs" paths are reached too.
  const maybe = <T>(arb: fc.Arbitrary<T>, fallback: T) => fc.oneof({ arbitrary: arb, weight: 4 }, { arbitrary: fc.constant(structuredClone(fallback)), weight: 1 });
  return fc
    .record({
      data: maybe(data, DEFAULT_CONFIG.data),
      model: maybe(model, DEFAULT_CONFIG.model),
      loss: maybe(loss, DEFAULT_CONFIG.loss),
      train: maybe(train, DEFAULT_CONFIG.train),
    })
    .map(({ data, model, loss, train }): ExperimentConfig => structuredClone({ v: 1, data, model, loss, train }))
    .filter((config) => parseConfig(config).issues.length === 0);
}

/** View settings a link carries. */
export const validView: fc.Arbitrary<ViewSettings> = fc.record({
  view: fc.constantFrom(...VIEWS),
  levels: numberIn(VIEW_LIMITS.levels, false, true),
  showTest: fc.boolean(),
  eps: numberIn(VIEW_LIMITS.eps, false, true),
});

/** Largest finite float32, and the next double the other side of float32's overflow threshold. */
const F32_MAX = 3.4028234663852886e38;

/** Numbers that break naive validation: float32 overflow and underflow, -0, NaN, infinities, the limits' neighbours. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    1e39, -1e39, 1e300, -1e300, 3.5e38, -3.5e38, F32_MAX, 3.4028235677973366e38, 1e-46, -1e-46, 1e-300, 5e-324, -0, 0,
    NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2,
    -1, 0.5, 1, 2, 3, 10_000, 10_000.0001, -10_000.0001, 1e7, 1e-7, 0.1 + 0.2,
  ),
  fc.constantFrom(...Object.values(LIMITS).flatMap((r) => Object.values(r).flatMap((v) => [v, v * (1 + 1e-15), v * (1 - 1e-15), v + 1, v - 1, -v]))),
  fc.double(),
  fc.integer(),
);

/** Text for a number as people (and attackers) type it, right or wrong. */
export const hostileNumberText: fc.Arbitrary<string> = fc.oneof(
  hostileNumber.map(String),
  hostileNumber.map((v) => (Number.isFinite(v) ? v.toExponential() : String(v))),
  fc.constantFrom(
    '1e39', '-1e39', '1e300', '3.5e38', '1e-46', '1e999', '-0', '+0', '0x1F', '0b1', '1_000', ' 1 ', '+1', '1e+3', '.5', '5.', '--1', '1e', 'e1',
    'Infinity', '-Infinity', 'NaN', '١٢', '１', '1,5', '1.2.3', '', ' ', '\u00a0', '1\u0000', '%31', '%', '%zz',
  ),
);

/** Short text of any code units (lone surrogates and control characters included), or long text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }), fc.integer({ min: 100, max: 20_000 })).map(([s, n]) => s.repeat(n).slice(0, n)), weight: 1 },
  { arbitrary: fc.constantFrom('<script>alert(1)</script>', '"\n\r\t', '\u202e\u200b', '\ud800', '\udc00x', '😀'.repeat(50), 'a'.repeat(100_001)), weight: 1 },
);

/** Keys that are special to JavaScript objects, next to the project's own key names. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** An object with exactly these own, enumerable properties (a `__proto__` key stays a key). */
export function objectFrom(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Any JavaScript value fast-check can make: boxed values, Maps, Sets, typed and sparse arrays, null prototypes. */
export const anyValue: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS)),
});

/**
 * What a one-line message (a notice, an issue, an error) must not hold: control characters (newlines
 * included), line and paragraph separators, format characters (bidi overrides, zero-width spaces), lone
 * surrogates. Untrusted text in a message shows them as escapes.
 */
export const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
