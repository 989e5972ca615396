/**
 * Property-based fuzzing of the URL codec (issue 10, hardening): thousands of random and hostile query
 * strings per run. decodeUrl never throws; what it reads validates again with no issues; the state it
 * opens is exactly what its own link says (decode, encode, decode changes nothing); a valid state
 * round-trips exactly; a key nobody touched keeps its value. fast-check prints the seed of any failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseConfig, type ExperimentConfig } from '../core/config';
import { VIEW_LIMITS, VIEWS } from '../core/view';
import { hostileNumberText, hostileText, PROTOTYPE_KEYS, UNSEEN, validConfig, validView } from '../testing/arbitraries';
import { PASSTHROUGH_KEYS, URL_KEYS, decodeUrl, encodeUrl, type DecodedUrl, type UrlNotice } from './url';

const KEYS = URL_KEYS.map((k) => k.key);

function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** URL-encoded when it can be; text with a lone surrogate (which encodeURIComponent refuses) goes in raw. */
function encodeLoosely(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The one notice a link the app wrote may give: points kept while another dataset is shown. */
function unusedPoints(config: ExperimentConfig): UrlNotice[] {
  const { name, points } = config.data;
  if (name === 'user' || points.length === 0) return [];
  return [{ key: 'pts', message: `${points.length} point${points.length === 1 ? '' : 's'} kept but not used: the dataset is ${name} (data=user trains on them)` }];
}

/** What every decoded URL must be: a valid config (a fixed point of parseConfig), a valid view, few short notices. */
function expectSound(d: DecodedUrl): void {
  expect(parseConfig(d.config)).toEqual({ config: d.config, issues: [] });
  check(VIEWS.includes(d.view.view), () => `view ${d.view.view}`);
  check(d.view.levels >= VIEW_LIMITS.levels.min && d.view.levels <= VIEW_LIMITS.levels.max, () => `levels ${d.view.levels}`);
  check(typeof d.view.showTest === 'boolean', () => 'showTest');
  check(d.notices.length <= 21, () => `${d.notices.length} notices`);
  for (const n of d.notices) {
    // Quoted text is cut at 40 characters, each at most 6 once JSON-escaped (\u0000).
    check(n.key.length < 260 && n.message.length < 600, () => `long notice ${JSON.stringify(n).slice(0, 300)}`);
    check(!UNSEEN.test(n.key + n.message), () => `notice with an unseen character ${JSON.stringify(n)}`);
  }
  for (const [key, v] of Object.entries(d.passthrough)) {
    check((PASSTHROUGH_KEYS as readonly string[]).includes(key) && v.trim() !== '', () => `passthrough ${key}=${JSON.stringify(v)}`);
  }
}

/**
 * The state opened from a link is what its own link says: encoding it and decoding that gives the same
 * state, and the only notice the re-read may give is the one about unused points.
 */
function expectStable(d: DecodedUrl): void {
  const link = encodeUrl(d.config, d.view, d.passthrough);
  const again = decodeUrl(link);
  expect({ config: again.config, view: again.view, passthrough: again.passthrough }).toEqual({ config: d.config, view: d.view, passthrough: d.passthrough });
  expect(again.notices).toEqual(unusedPoints(d.config));
  check(encodeUrl(again.config, again.view, again.passthrough) === link, () => `re-encoding changed ${link}`);
}

/** A key as a URL may hold it: the codec's own, prototype names, near misses, junk, encoded or not. */
const someKey: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...KEYS, ...PASSTHROUGH_KEYS), weight: 6 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'Tau', 'TAU', 'tau ', ' tau', 'loss.tau', 'data.name', '%74au', 't%61u', '', '%', '%zz', '=', '?'), weight: 2 },
  { arbitrary: hostileText.map((t) => t.slice(0, 50)), weight: 1 },
);

/** A value for any key: numbers as typed (float32 overflow included), lists, points, names, junk. */
const someValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileNumberText, weight: 5 },
  { arbitrary: fc.array(hostileNumberText, { maxLength: 6 }).map((v) => v.join(',')), weight: 1 },
  {
    arbitrary: fc.array(fc.tuple(hostileNumberText, hostileNumberText, fc.constantFrom('1', '-1', '0', '2', '', '+1')), { maxLength: 5 }).map((ps) => ps.map((p) => p.join(':')).join(';')),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('user', 'moons', 'none', 'standard', 'hkr', 'sgd', 'certificate', 'webgl', 'auto', 'tau:0.5,10', 'tau:0.1..100/4', '', ' ', '%20'), weight: 2 },
  { arbitrary: hostileText, weight: 2 },
);

/** Separators where they should not be. */
const oddSeparator = fc.constantFrom('&', '&&', '=', '==', '&=', '=&', ';', ':', ',', '?', '#', '+', '%26', '%3D', '\u0000', '\n');

/** A query built from parameters of hostile keys and values, some with no `=`, duplicated keys, odd separators. */
const hostileQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { arbitrary: fc.tuple(someKey, someValue).map(([k, v]) => `${k}=${v}`), weight: 6 },
      { arbitrary: someKey, weight: 1 },
      { arbitrary: fc.tuple(someKey, someValue, oddSeparator).map(([k, v, s]) => `${k}${s}${v}`), weight: 1 },
    ),
    { maxLength: 12 },
  )
  .chain((parts) => fc.tuple(fc.constant(parts), fc.boolean(), fc.array(oddSeparator, { minLength: parts.length, maxLength: parts.length })))
  .map(([parts, question, seps]) => `${question ? '?' : ''}${parts.map((p, i) => (i === 0 ? p : `${seps[i] === '&' || seps[i] === '&&' ? seps[i] : '&'}${p}`)).join('')}`);

describe('fuzz decodeUrl: never an escaping throw, always a valid state that is what its own link says', () => {
  it('arbitrary text (any code units: lone surrogates, controls, stray %)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (search) => {
        const d = decodeUrl(search);
        expectSound(d);
        expectStable(d);
      }),
      { numRuns: 1500 },
    );
  });

  it('queries of hostile keys and values: float32 overflow, -0, NaN, long text, prototype names, duplicates, odd separators', () => {
    fc.assert(
      fc.property(hostileQuery, (search) => {
        const d = decodeUrl(search);
        expectSound(d);
        expectStable(d);
      }),
      { numRuns: 2500 },
    );
  });

  it('every user point read from a link is finite in float32 and within the coordinate limit', () => {
    const pts = fc.array(fc.tuple(hostileNumberText, hostileNumberText, fc.constantFrom('1', '-1', '0')), { minLength: 1, maxLength: 8 }).map((ps) => ps.map((p) => p.join(':')).join(';'));
    fc.assert(
      fc.property(pts, (value) => {
        const d = decodeUrl(`?data=user&pts=${encodeLoosely(value)}`);
        expectSound(d);
        for (const [x, y] of d.config.data.points) {
          check(Math.abs(x) <= LIMITS.coordinate.max && Math.abs(y) <= LIMITS.coordinate.max && Number.isFinite(Math.fround(x * y + x + y)), () => `${x}, ${y}`);
        }
        // Either every point was read, or none was and two notices say why (the value, then the dataset).
        if (d.config.data.name !== 'user') expect(d.notices.map((n) => n.key)).toEqual(['pts', 'data']);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('fuzz: valid states round-trip exactly through the URL', () => {
  it('config and view -> encodeUrl -> decodeUrl give them back, with no notice (but unused points)', () => {
    const passthrough = fc.record({ backend: fc.constantFrom('webgl', 'wasm', 'cpu', 'webgpu', ''), sweep: fc.constantFrom('', 'tau:0.5,10', 'lr:1e-3..1e-1/3') });
    fc.assert(
      fc.property(validConfig({ written: true, maxPoints: 200 }), validView, passthrough, (config, view, keys) => {
        const link = encodeUrl(config, view, keys);
        const d = decodeUrl(link);
        const kept = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== ''));
        expect({ config: d.config, view: d.view, passthrough: d.passthrough }).toEqual({ config, view, passthrough: kept });
        expect(d.notices).toEqual(unusedPoints(config));
        check(encodeUrl(d.config, d.view, d.passthrough) === link, () => link);
      }),
      { numRuns: 1000 },
    );
  });

  it('a link edited in one place keeps every other key: each untouched key decodes to its value', () => {
    const edit = fc.record({ key: fc.constantFrom(...KEYS), value: someValue, duplicate: fc.boolean() });
    fc.assert(
      fc.property(validConfig({ written: true, maxPoints: 20 }), validView, edit, (config, view, { key, value, duplicate }) => {
        const link = encodeUrl(config, view);
        const params = link.slice(1).split('&').filter((p) => p !== '' && !(!duplicate && p.startsWith(`${key}=`)));
        const d = decodeUrl(`?${[...params, `${key}=${encodeLoosely(value)}`].join('&')}`);
        expectSound(d);
        // Every key but the edited one (and the fields it can change through validation) still holds its value.
        const linked = new Set([key, ...(key === 'act' ? ['hidden'] : key === 'hidden' ? ['act'] : []), ...(key === 'data' || key === 'pts' ? ['data', 'pts'] : [])]);
        const cost = new Set(d.notices.map((n) => n.key));
        for (const k of URL_KEYS) {
          if (linked.has(k.key) || cost.has(k.key)) continue;
          const [section, name] = k.field.split('.');
          const from = (state: { config: ExperimentConfig; view: typeof view }) =>
            section === 'view' ? (state.view as unknown as Record<string, unknown>)[name] : ((state.config as unknown as Record<string, Record<string, unknown>>)[section][name]);
          expect(from(d), k.key).toEqual(from({ config, view }));
        }
      }),
      { numRuns: 1500 },
    );
  });

});
