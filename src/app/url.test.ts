import { describe, expect, it } from 'vitest';
import { Random } from '../core/random';
import {
  ACTIVATIONS,
  DATASET_NAMES,
  DEFAULT_CONFIG,
  LIMITS,
  LOSS_NAMES,
  MODEL_KINDS,
  OPTIMIZERS,
  parseConfig,
  type ExperimentConfig,
  type LabelledPoint,
} from '../core/config';
import { DEFAULT_VIEW, VIEWS, VIEW_LIMITS, type ViewSettings } from '../core/view';
import { MAX_URL_POINTS, PASSTHROUGH_KEYS, URL_KEYS, decodeUrl, encodeUrl, fieldsNotInUrl, formatNotice, type UrlNotice } from './url';

/** A valid config in which every field with a URL key differs from its default. */
const FULL: ExperimentConfig = {
  ...structuredClone(DEFAULT_CONFIG),
  data: { name: 'circles', n: 500, noise: 0.1, scale: 2, seed: 7, testFraction: 0.3, points: [[0.5, -0.25, 1], [-0.1, 0.3, -1]] },
  model: { ...structuredClone(DEFAULT_CONFIG.model), kind: 'standard', hidden: [32, 8], activation: 'fullsort', lipschitz: 2, head: 'two-logit' },
  loss: { name: 'hkr', tau: 0.5, alpha: 50, margin: 0.5 },
  train: { ...DEFAULT_CONFIG.train, optimizer: 'sgd', lr: 0.001, batchSize: 64, seed: 3 },
};
const FULL_VIEW: ViewSettings = { view: 'certificate', levels: 0.25, showTest: false, eps: 0.3 };
const FULL_QUERY =
  '?data=circles&n=500&noise=0.1&scale=2&seed=7&test=0.3&pts=0.5:-0.25:1;-0.1:0.3:-1&model=standard&hidden=32,8&act=fullsort' +
  '&L=2&head=two-logit&loss=hkr&tau=0.5&alpha=50&margin=0.5&opt=sgd&lr=0.001&batch=64&tseed=3&view=certificate&levels=0.25&eps=0.3&testpts=0';

type Json = Record<string, unknown>;

/** `FULL_QUERY` with one key's value replaced by raw (already URL-encoded) text. */
function withParam(key: string, raw: string, query = FULL_QUERY): string {
  const parts = query.slice(1).split('&').filter((p) => !p.startsWith(`${key}=`));
  return `?${[...parts, `${key}=${raw}`].join('&')}`;
}

/** FULL and FULL_VIEW with the field behind a URL key set back to its default. */
function fullWithDefault(key: string): { config: ExperimentConfig; view: ViewSettings } {
  const config = structuredClone(FULL);
  const view = { ...FULL_VIEW };
  const [section, name] = URL_KEYS.find((k) => k.key === key)!.field.split('.');
  if (section === 'view') (view as unknown as Json)[name] = (DEFAULT_VIEW as unknown as Json)[name];
  else ((config as unknown as Json)[section] as Json)[name] = structuredClone(((DEFAULT_CONFIG as unknown as Json)[section] as Json)[name]);
  return { config, view };
}

/** The notice for points kept with another dataset (FULL has them: its dataset is circles). */
const isUnusedPoints = (n: UrlNotice) => n.key === 'pts' && / kept but not used: /.test(n.message);

/** The notices expected for a config decoded from a URL with `pts`: one when its points do not train. */
function unusedPointsNotices(config: ExperimentConfig): UrlNotice[] {
  const { name, points } = config.data;
  if (name === 'user' || points.length === 0) return [];
  return [{ key: 'pts', message: `${points.length} point${points.length === 1 ? '' : 's'} kept but not used: the dataset is ${name} (data=user trains on them)` }];
}

/**
 * Decodes `search` and asserts it gave notices for exactly `keys` (in any order), leaving out the notice
 * about FULL's unused points (tested on its own).
 */
function decodeExpecting(search: string, keys: string[]) {
  const decoded = decodeUrl(search);
  const notices = decoded.notices.filter((n) => !isUnusedPoints(n));
  expect(notices.map((n) => n.key).sort(), `notices for ${search.slice(0, 80)}`).toEqual([...keys].sort());
  return { ...decoded, notices };
}

describe('encodeUrl', () => {
  it('the default state encodes to the bare URL ""', () => {
    expect(encodeUrl(DEFAULT_CONFIG, DEFAULT_VIEW)).toBe('');
  });

  it('writes only the changed fields, in URL_KEYS order', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.loss.tau = 0.5;
    c.data.name = 'xor';
    expect(encodeUrl(c, { ...DEFAULT_VIEW, view: 'gradient' })).toBe('?data=xor&tau=0.5&view=gradient');
    expect(encodeUrl(FULL, FULL_VIEW)).toBe(FULL_QUERY);
  });

  it('prints numbers compactly: 0.1 + 0.2 is 0.3, 1e-7 stays short', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.loss.tau = 0.1 + 0.2;
    c.train.lr = 1e-7;
    c.model.lipschitz = 1 / 3;
    expect(encodeUrl(c, DEFAULT_VIEW)).toBe('?L=0.333333333333&tau=0.3&lr=1e-7');
  });

  it('writes an empty hidden list as hidden=none', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.model.hidden = [];
    expect(encodeUrl(c, DEFAULT_VIEW)).toBe('?hidden=none');
    expect(decodeUrl('?hidden=none')).toMatchObject({ config: c, notices: [] });
  });

  it('writes the passthrough keys last and only those', () => {
    expect(encodeUrl(DEFAULT_CONFIG, DEFAULT_VIEW, { backend: 'webgl', other: 'x' })).toBe('?backend=webgl');
    expect(encodeUrl(DEFAULT_CONFIG, { ...DEFAULT_VIEW, levels: 0.5 }, { backend: 'wasm' })).toBe('?levels=0.5&backend=wasm');
    expect(encodeUrl(DEFAULT_CONFIG, DEFAULT_VIEW, { backend: '' })).toBe('');
  });

  it('escapes what must be escaped in a value and keeps , : ; readable', () => {
    expect(encodeUrl(DEFAULT_CONFIG, DEFAULT_VIEW, { backend: 'a&b=c d' })).toBe('?backend=a%26b%3Dc%20d');
    expect(decodeUrl('?backend=a%26b%3Dc%20d').passthrough).toEqual({ backend: 'a&b=c d' });
  });

  it('rounds user points to 4 decimals and leaves out more than MAX_URL_POINTS of them', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.data.name = 'user';
    c.data.points = [[0.123456, -1, 1], [2, 0.00004, -1]];
    expect(encodeUrl(c, DEFAULT_VIEW)).toBe('?data=user&pts=0.1235:-1:1;2:0:-1');
    expect(fieldsNotInUrl(c)).toEqual([]);
    c.data.points = Array.from({ length: MAX_URL_POINTS + 1 }, (_, i): LabelledPoint => [i / 100, 0, i % 2 ? 1 : -1]);
    expect(encodeUrl(c, DEFAULT_VIEW)).toBe('?data=user&pts=local');
    expect(fieldsNotInUrl(c)).toEqual(['data.points']);
  });

  it('pts=local (points a link cannot carry): one notice explaining it, the default dataset, the rest kept', () => {
    const d = decodeUrl('?data=user&pts=local&tau=5');
    expect(d.config.data).toEqual(DEFAULT_CONFIG.data);
    expect(d.config.loss.tau).toBe(5);
    expect(d.notices).toHaveLength(1);
    expect(d.notices[0].key).toBe('pts');
    expect(d.notices[0].message).toMatch(/local to the computer that made this link .*a link cannot carry them; using moons instead/);
    expect(encodeUrl(d.config, d.view)).toBe('?tau=5');
    // Beside another dataset: the same explanation, that dataset trains.
    const other = decodeUrl('?data=circles&pts=local');
    expect(other.config.data.name).toBe('circles');
    expect(other.notices.map((n) => n.key)).toEqual(['pts']);
    expect(other.notices[0].message).not.toMatch(/using/);
  });

  it('fieldsNotInUrl names the non-default fields that have no key', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.model.bjorck.iterations = 3;
    c.train.steps = 10;
    expect(fieldsNotInUrl(c)).toEqual(['model.bjorck', 'train.steps']);
    expect(encodeUrl(c, DEFAULT_VIEW)).toBe('');
  });
});

describe('URL_KEYS', () => {
  it('lists the keys the issue asks for, once each, with examples that decode without notices', () => {
    const keys = URL_KEYS.map((k) => k.key);
    for (const k of ['data', 'n', 'noise', 'seed', 'test', 'model', 'hidden', 'act', 'L', 'loss', 'tau', 'alpha', 'margin', 'opt', 'lr', 'batch', 'view']) {
      expect(keys).toContain(k);
    }
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of URL_KEYS) {
      const search = `?${k.key}=${k.example}${k.key === 'pts' ? '&data=user' : ''}`;
      expect(decodeUrl(search).notices, search).toEqual([]);
      expect(k.example).not.toBe(k.defaultValue);
    }
  });
});

describe('decodeUrl: valid URLs', () => {
  it('"" and "?" give the defaults and no notices', () => {
    for (const s of ['', '?', '?&&']) {
      expect(decodeUrl(s)).toEqual({ config: DEFAULT_CONFIG, view: DEFAULT_VIEW, notices: [], passthrough: {} });
    }
  });

  it('FULL round-trips exactly, with or without the leading ?; its points (with circles) are kept with a notice', () => {
    const notices = [{ key: 'pts', message: '2 points kept but not used: the dataset is circles (data=user trains on them)' }];
    expect(unusedPointsNotices(FULL)).toEqual(notices);
    expect(decodeUrl(FULL_QUERY)).toEqual({ config: FULL, view: FULL_VIEW, notices, passthrough: {} });
    expect(decodeUrl(FULL_QUERY.slice(1)).config).toEqual(FULL);
  });

  it('backend passes through without a notice and is written back', () => {
    const d = decodeUrl('?tau=5&backend=webgl');
    expect(d.notices).toEqual([]);
    expect(d.passthrough).toEqual({ backend: 'webgl' });
    expect(encodeUrl(d.config, d.view, d.passthrough)).toBe('?tau=5&backend=webgl');
    expect(PASSTHROUGH_KEYS).toContain('backend');
  });

  it('reads + literally (1e+3 is 1000), spaces around numbers, label 0 as -1, a trailing ; in pts', () => {
    const d = decodeUrl('?tau=1e+3&alpha=%2012%20&data=user&pts=0:0:1;1:1:0;');
    expect(d.notices).toEqual([]);
    expect(d.config.loss).toMatchObject({ tau: 1000, alpha: 12 });
    expect(d.config.data.points).toEqual([[0, 0, 1], [1, 1, -1]]);
  });

  it('the view keys: view, levels, eps, testpts (1/0 or true/false)', () => {
    expect(decodeUrl('?view=gradient&levels=0.5&testpts=false').view).toEqual({ view: 'gradient', levels: 0.5, showTest: false, eps: DEFAULT_VIEW.eps });
    expect(decodeUrl('?eps=0.25').view.eps).toBe(0.25);
    expect(decodeUrl('?eps=-1').notices[0]).toMatchObject({ key: 'eps', message: expect.stringMatching(/^must be between 0 and 1000/) });
    expect(decodeUrl('?testpts=1').view).toEqual(DEFAULT_VIEW);
  });
});

/** A number in [min, max] with 1 to 12 significant digits (what a URL can carry), log-uniform when wide. */
function urlNumber(rng: Random, min: number, max: number, integer = false): number {
  for (;;) {
    const raw = min > 0 && max / min > 100 ? min * (max / min) ** rng.next() : rng.uniform(min, max);
    const v = integer ? Math.round(raw) : Number(raw.toPrecision(1 + rng.int(12)));
    if (v >= min && v <= max) return v;
  }
}

function pick<T>(rng: Random, options: readonly T[]): T {
  return options[rng.int(options.length)];
}

/** A random valid config and view reachable through the URL keys (unkeyed fields keep their defaults). */
function randomState(rng: Random): { config: ExperimentConfig; view: ViewSettings } {
  const c = structuredClone(DEFAULT_CONFIG);
  const L = LIMITS;
  const pointCount = rng.next() < 0.3 ? 2 + rng.int(MAX_URL_POINTS - 1) : 0;
  c.data.points = Array.from({ length: pointCount }, (_, i): LabelledPoint => [
    Number(rng.uniform(-3, 3).toFixed(rng.int(5))) + 0, // + 0 turns -0 into 0, as the URL does
    Number(rng.uniform(-3, 3).toFixed(4)) + 0,
    i % 2 ? 1 : -1,
  ]);
  c.data.name = pointCount > 0 && rng.next() < 0.5 ? 'user' : pick(rng, DATASET_NAMES.filter((d) => d !== 'user'));
  c.data.n = urlNumber(rng, L.n.min, L.n.max, true);
  c.data.noise = urlNumber(rng, L.noise.min, L.noise.max);
  c.data.seed = urlNumber(rng, L.seed.min, L.seed.max, true);
  c.data.testFraction = urlNumber(rng, L.testFraction.min, L.testFraction.max);
  c.model.kind = pick(rng, MODEL_KINDS);
  c.model.activation = pick(rng, ACTIVATIONS);
  const even = c.model.activation === 'groupsort2';
  c.model.hidden = Array.from({ length: rng.int(L.hiddenLayers.max + 1) }, () =>
    even ? 2 * urlNumber(rng, 1, L.width.max / 2, true) : urlNumber(rng, L.width.min, L.width.max, true),
  );
  c.model.lipschitz = urlNumber(rng, L.lipschitz.min, L.lipschitz.max);
  c.loss = {
    name: pick(rng, LOSS_NAMES),
    tau: urlNumber(rng, L.tau.min, L.tau.max),
    alpha: rng.next() < 0.1 ? 0 : urlNumber(rng, 1e-3, L.alpha.max),
    margin: urlNumber(rng, L.margin.min, L.margin.max),
  };
  c.train.optimizer = pick(rng, OPTIMIZERS);
  c.train.lr = urlNumber(rng, L.lr.min, L.lr.max);
  c.train.batchSize = urlNumber(rng, L.batchSize.min, L.batchSize.max, true);
  c.train.seed = urlNumber(rng, L.seed.min, L.seed.max, true);
  // Keep some fields at their defaults so the "only what differs" path is exercised too.
  for (const key of ['n', 'tau', 'act', 'hidden', 'lr'] as const) {
    if (rng.next() < 0.3) {
      if (key === 'n') c.data.n = DEFAULT_CONFIG.data.n;
      if (key === 'tau') c.loss.tau = DEFAULT_CONFIG.loss.tau;
      if (key === 'lr') c.train.lr = DEFAULT_CONFIG.train.lr;
      if (key === 'act' && c.model.hidden.every((w) => w % 2 === 0)) c.model.activation = 'groupsort2';
      if (key === 'hidden' && c.model.activation !== 'groupsort2') c.model.hidden = [...DEFAULT_CONFIG.model.hidden];
    }
  }
  const view: ViewSettings = {
    view: pick(rng, VIEWS),
    levels: urlNumber(rng, VIEW_LIMITS.levels.min, VIEW_LIMITS.levels.max),
    showTest: rng.next() < 0.5,
    eps: urlNumber(rng, VIEW_LIMITS.eps.min, VIEW_LIMITS.eps.max),
  };
  return { config: c, view };
}

describe('decodeUrl(encodeUrl(c, v)) is (c, v) exactly, with no notices', () => {
  it('for 1000 random valid configs from a seeded generator', () => {
    const rng = new Random(2024);
    let tested = 0;
    for (let i = 0; i < 1000; i++) {
      const { config, view } = randomState(rng);
      // Each field is within its limits, but the whole may be refused (a wide deep net over a cost limit
      // parseConfig applies): such a draw is not a valid config, and is skipped; most are tested.
      if (parseConfig(config).issues.length > 0) continue;
      tested++;
      const search = encodeUrl(config, view, rng.next() < 0.2 ? { backend: 'wasm' } : {});
      const decoded = decodeUrl(search);
      expect(decoded.notices, search).toEqual(unusedPointsNotices(config));
      expect(decoded.config, search).toEqual(config);
      expect(decoded.view, search).toEqual(view);
      expect(encodeUrl(decoded.config, decoded.view, decoded.passthrough)).toBe(search);
    }
    expect(tested).toBeGreaterThan(500);
  });
});

describe('decodeUrl: each bad value is one notice naming its key; the rest of the URL is kept', () => {
  const cases: [key: string, raw: string, message: RegExp][] = [
    ['data', 'nope', /must be one of moons, .*got "nope"; using moons/],
    ['n', 'abc', /^"abc" is not a number; using 1000$/],
    ['n', '1.5', /must be an integer, got 1.5; using 1000/],
    ['n', '2', /must be between 4 and 100000, got 2; using 1000/],
    ['n', '0x10', /"0x10" is not a number/],
    ['noise', '-0.1', /must be between 0 and 2/],
    ['noise', 'Infinity', /"Infinity" is not a number/],
    ['seed', '-1', /must be between 0 and/],
    ['test', '0.95', /must be between 0 and 0.9, got 0.95; using 0.25/],
    ['pts', '1:2', /^point 1 \("1:2"\) is not x:y:label with label 1 or -1; using none$/],
    ['pts', '1:2:1;3:4:2', /point 2 \("3:4:2"\)/],
    ['pts', Array.from({ length: MAX_URL_POINTS + 1 }, () => '0:0:1').join(';'), /201 points; the URL carries at most 200/],
    ['model', 'deep', /must be one of lipschitz, standard, got "deep"; using lipschitz/],
    ['hidden', '64,,x', /^"64,,x" is not a list of layer widths like 64,64 \(or none\); using 64,64,64$/],
    ['hidden', '0', /each width must be an integer between 1 and 1024, got 0; using 64,64,64/],
    ['hidden', '2,2,2,2,2,2,2,2,2', /at most 8 layer widths/],
    ['act', 'sigmoid', /must be one of groupsort2, .*got "sigmoid"; using groupsort2/],
    ['L', '-1', /^must be between 0.001 and 10000, got -1; using 1$/],
    ['loss', 'mse', /got "mse"; using tau-bce/],
    ['tau', 'abc', /^"abc" is not a number; using 10$/],
    ['tau', '0', /must be between/],
    ['alpha', '-1', /must be between 0 and 1000000/],
    ['margin', '1000', /must be between 0 and 100/],
    ['opt', 'rmsprop', /got "rmsprop"; using adam/],
    ['lr', '0', /must be between 1e-7 and 10, got 0; using 0.01/],
    ['batch', '0', /must be between 1 and 100000/],
    ['tseed', 'x', /"x" is not a number; using 1/],
    ['view', '3d', /^must be one of f, certificate, gradient, got "3d"; using f$/],
    ['levels', '0', /must be between 0.001 and 1000, got 0; using 0.1/],
    ['testpts', 'maybe', /must be 1 or 0, got "maybe"; using 1/],
  ];

  it.each(cases)('%s=%s', (key, raw, message) => {
    const { config, view, notices } = decodeExpecting(withParam(key, raw), [key]);
    expect(notices[0].message).toMatch(message);
    expect({ config, view }).toEqual(fullWithDefault(key));
  });

  it('an empty value or a bare key is a notice for every key', () => {
    for (const { key } of URL_KEYS) {
      const empty = withParam(key, '');
      for (const search of [empty, empty.slice(0, -1)]) {
        const { config, view, notices } = decodeExpecting(search, [key]);
        expect(notices[0].message).toMatch(/^has no value; using /);
        expect({ config, view }).toEqual(fullWithDefault(key));
      }
    }
  });

  it('tau: "abc" is not a number; using 10 — as one line of text', () => {
    expect(decodeUrl('?tau=abc').notices.map(formatNotice)).toEqual(['tau: "abc" is not a number; using 10']);
  });

  it('groupsort2 with an odd width is a notice on hidden', () => {
    const { config, notices } = decodeExpecting('?hidden=3,4&tau=2', ['hidden']);
    expect(notices[0].message).toMatch(/groupsort2 .* even; layer 1 has 3; using 64,64,64/);
    expect(config.loss.tau).toBe(2);
    expect(decodeUrl('?hidden=3,4&act=relu').notices).toEqual([]);
  });

  it('the user dataset without usable points falls back to moons, naming data or pts', () => {
    const missing = decodeExpecting('?data=user&tau=2', ['data']);
    expect(missing.notices[0].message).toMatch(/needs at least one point; using moons instead/);
    expect(missing.config).toEqual({ ...DEFAULT_CONFIG, loss: { ...DEFAULT_CONFIG.loss, tau: 2 } });
    // One class is a valid (if boundary-less) drawing: it is kept.
    expect(decodeExpecting('?data=user&pts=0:0:1;1:1:1', []).config.data.points).toEqual([[0, 0, 1], [1, 1, 1]]);
    expect(decodeExpecting('?data=user&pts=0:0', ['pts', 'data']).config.data).toEqual(DEFAULT_CONFIG.data);
  });

  it('a key given twice: the last one counts, with a notice', () => {
    const { config, notices } = decodeExpecting('?tau=1&alpha=3&tau=2', ['tau']);
    expect(notices[0].message).toBe('given 2 times; the last one counts');
    expect(config.loss).toMatchObject({ tau: 2, alpha: 3 });
  });
});

describe('decodeUrl: garbage never throws and falls back to the defaults', () => {
  const garbage: [search: string, keys: string[], message: RegExp][] = [
    ['?%%%', ['"%%%"'], /not valid URL encoding/],
    ['?=&&=', ['""'], /a value without a key/],
    ['?data=<script>alert(1)</script>', ['data'], /got "<script>alert\(1\)<\/script>"; using moons/],
    ['?data=%3Cscript%3Ealert(1)%3C%2Fscript%3E', ['data'], /got "<script>alert\(1\)<\/script>"/],
    ['?<script>=1', ['"<script>"'], /unknown key/],
    ['?n=1e999', ['n'], /must be a finite number, got Infinity; using 1000/],
    ['?hidden=64,,x', ['hidden'], /not a list of layer widths/],
    ['?L=-1', ['L'], /must be between/],
    ['?view=3d', ['view'], /must be one of f, certificate, gradient/],
    ['?foo=bar', ['foo'], /^unknown key; ignored$/],
    ['?Tau=5', ['Tau'], /did you mean tau\?/],
    ['?tau=%E0%A4%A', ['tau'], /"%E0%A4%A" is not valid URL encoding .*; using 10/],
    ['?__proto__=1&constructor=x&toString', ['__proto__', 'constructor', 'toString'], /unknown key/],
  ];

  it.each(garbage)('%s', (search, keys, message) => {
    const d = decodeExpecting(search, keys);
    for (const n of d.notices) expect(n.message).toMatch(message);
    expect(d.config).toEqual(DEFAULT_CONFIG);
    expect(d.view).toEqual(DEFAULT_VIEW);
  });

  it('quotes untrusted text as a JSON string cut at 40 characters', () => {
    const junk = `"<img src=x onerror=alert(1)>${'z'.repeat(100)}`;
    const [n] = decodeUrl(`?act=${encodeURIComponent(junk)}`).notices;
    expect(n.message).toContain(JSON.stringify(`${junk.slice(0, 40)}…`));
    expect(n.message.length).toBeLessThan(200);
  });

  it('very long input: a long value, a long key, a megabyte of parameters', () => {
    const long = decodeExpecting(`?tau=${'9'.repeat(5000)}&alpha=3`, ['tau']);
    expect(long.notices[0].message).toBe('the value is 5000 characters long (at most 2000); using 10');
    expect(long.config.loss.alpha).toBe(3);
    const longKey = decodeUrl(`?${'k'.repeat(300_000)}=1`);
    expect(longKey.notices.length).toBeGreaterThanOrEqual(1);
    expect(longKey.notices.every((n) => n.key.length < 50 && n.message.length < 200)).toBe(true);
    const many = decodeUrl(`?${Array.from({ length: 200_000 }, (_, i) => `k${i}=v`).join('&')}`);
    expect(many.notices.length).toBe(21);
    expect(many.notices[0]).toEqual({ key: '(url)', message: expect.stringMatching(/only the first 100000 were read/) });
    expect(many.notices[20]).toEqual({ key: '(url)', message: expect.stringMatching(/more problems in the URL are not listed/) });
    expect(many.config).toEqual(DEFAULT_CONFIG);
  });
});

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzLN0123456789.,:;-+eE%=&?#<>"\'/ \u00e9\u4e2d\ud83d\ude00\u0000';
const PIECES = [
  ...URL_KEYS.map((k) => k.key),
  ...URL_KEYS.map((k) => `${k.key}=${k.example}`),
  'backend=webgl', 'data=user', 'pts=0:0:1;1:1:-1', 'hidden=none', 'hidden=3,5', 'n=1e999', '%', '%zz', '%C3%A9', '=', '&',
  '<script>alert(1)</script>', 'backend=\ud800x', 'NaN', '-0', '1e-400', '0x1F',
];

/** A random query: a mix of real keys and values, random characters and broken escapes. */
function randomQuery(rng: Random): string {
  let s = rng.next() < 0.5 ? '?' : '';
  const parts = rng.int(12);
  for (let i = 0; i < parts; i++) {
    if (rng.next() < 0.5) s += pick(rng, PIECES);
    else {
      const len = rng.int(rng.next() < 0.05 ? 3000 : 12);
      for (let j = 0; j < len; j++) s += pick(rng, [...ALPHABET]);
    }
    if (rng.next() < 0.3) s += `=${rng.next() < 0.5 ? pick(rng, PIECES) : String(rng.uniform(-1e4, 1e4))}`;
    if (rng.next() < 0.8) s += '&';
  }
  return s;
}

describe('fuzz: 2000 random query strings', () => {
  it('never throw, always give a config parseConfig accepts and a valid view, and re-encode stably', () => {
    const rng = new Random(99);
    let changed = 0;
    for (let i = 0; i < 2000; i++) {
      const search = randomQuery(rng);
      const d = decodeUrl(search);
      const label = `case ${i}: ${JSON.stringify(search.slice(0, 120))}`;
      expect(parseConfig(d.config).issues, label).toEqual([]);
      expect(VIEWS, label).toContain(d.view.view);
      expect(d.view.levels >= VIEW_LIMITS.levels.min && d.view.levels <= VIEW_LIMITS.levels.max, label).toBe(true);
      expect(typeof d.view.showTest, label).toBe('boolean');
      expect(d.notices.length, label).toBeLessThanOrEqual(21);
      // Quoted text is cut at 40 characters, each at most 6 once JSON-escaped (\u0000).
      for (const n of d.notices) expect(n.key.length < 260 && n.message.length < 600, label).toBe(true);
      // What was read is what a link carries: writing it and reading it back changes nothing.
      const again = encodeUrl(d.config, d.view, d.passthrough);
      if (again !== '') changed++;
      const d2 = decodeUrl(again);
      expect(d2.notices, label).toEqual(unusedPointsNotices(d2.config));
      expect(encodeUrl(d2.config, d2.view, d2.passthrough), label).toBe(again);
    }
    // The generator reaches real settings, not only garbage that falls back to the defaults.
    expect(changed).toBeGreaterThan(500);
  });
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('decodeUrl: numbers that overflow or underflow float32 (tfjs trains in float32)', () => {
  const overflow = ['1e39', '-1e39', '1e300', '3.5e38'];

  it.each(overflow)('pts with a coordinate %s: a notice naming the point and the limit; the default dataset', (big) => {
    for (const pts of [`${big}:0:1;0:0:-1`, `0:0:1;0:${big}:-1`]) {
      const search = `?data=user&pts=${pts}`;
      const { config, notices } = decodeExpecting(search, ['pts', 'data']);
      const axis = pts.startsWith(big) ? 'x' : 'y';
      const index = pts.startsWith(big) ? 1 : 2;
      expect(notices.find((n) => n.key === 'pts')?.message).toBe(
        `point ${index} (${JSON.stringify(pts.split(';')[index - 1])}): ${axis} must be between -10000 and 10000, got ${Number(big)}; using none`,
      );
      expect(notices.find((n) => n.key === 'data')?.message).toMatch(/needs at least one point; using moons instead/);
      expect(config).toEqual(DEFAULT_CONFIG);
      // What the page then writes back: the defaults, so a reload opens cleanly.
      expect(encodeUrl(config, DEFAULT_VIEW)).toBe('');
    }
  });

  it('pts at the coordinate limits is kept; a tiny coordinate (0 in float32) reads as 0', () => {
    const d = decodeExpecting('?data=user&pts=-10000:10000:1;1e-46:-1e-300:-1', []);
    expect(d.config.data.points).toEqual([[-10000, 10000, 1], [0, 0, -1]]);
    expect(decodeExpecting('?data=user&pts=10000.0001:0:1', ['pts', 'data']).notices[0].message).toMatch(/x must be between -10000 and 10000, got 10000.0001/);
  });

  it('every numeric key rejects float32 overflow, naming the key; a tiny value is rejected unless 0 is allowed', () => {
    const numeric = URL_KEYS.filter((k) => ['n', 'noise', 'scale', 'seed', 'test', 'L', 'tau', 'alpha', 'margin', 'lr', 'batch', 'tseed', 'levels'].includes(k.key));
    expect(numeric.length).toBe(13);
    for (const { key } of numeric) {
      for (const big of overflow) {
        const { notices, config, view } = decodeExpecting(`?${key}=${big}`, [key]);
        expect(notices[0].message, `${key}=${big}`).toMatch(new RegExp(`must be between .* got ${escapeRegExp(String(Number(big)))}; using `));
        expect({ config, view }).toEqual({ config: DEFAULT_CONFIG, view: DEFAULT_VIEW });
      }
      const tiny = decodeUrl(`?${key}=1e-46`);
      const zeroAllowed = ['noise', 'test', 'alpha', 'margin'].includes(key);
      expect(tiny.notices.map((n) => n.key), `${key}=1e-46`).toEqual(zeroAllowed ? [] : [key]);
    }
  });
});

describe('decodeUrl: what the state holds is what its link says', () => {
  it('a number with more than 12 significant digits is read as the link writes it', () => {
    const d = decodeExpecting('?tau=0.12345678901234567&lr=1.00000000000001e-3&levels=0.1000000000001', []);
    expect(d.config.loss.tau).toBe(0.123456789012);
    expect(d.config.train.lr).toBe(0.001);
    expect(d.view.levels).toBe(0.1);
    const again = encodeUrl(d.config, d.view);
    expect(again).toBe('?tau=0.123456789012&lr=0.001');
    expect(decodeUrl(again).config).toEqual(d.config);
  });

  it('point coordinates are read at the 4 decimals pts writes (-0 as 0)', () => {
    const d = decodeExpecting('?data=user&pts=0.123456:1.00004:1;-0.00001:2:-1', []);
    expect(d.config.data.points).toEqual([[0.1235, 1, 1], [0, 2, -1]]);
    expect(Object.is(d.config.data.points[1][0], 0)).toBe(true);
    expect(encodeUrl(d.config, DEFAULT_VIEW)).toBe('?data=user&pts=0.1235:1:1;0:2:-1');
  });
});

describe('decodeUrl: no value is dropped without a notice', () => {
  it('an empty backend or sweep (backend=, a bare backend, only spaces) is a notice saying what is used instead', () => {
    for (const raw of ['backend=', 'backend', 'backend=%20']) {
      const d = decodeExpecting(`?tau=2&${raw}`, ['backend']);
      expect(d.notices[0].message).toBe('has no value; the backend is chosen automatically');
      expect(d.passthrough).toEqual({});
      expect(d.config.loss.tau).toBe(2);
    }
    const sweep = decodeExpecting('?sweep=', ['sweep']);
    expect(sweep.notices[0].message).toBe('has no value; one model, no comparison');
    expect(sweep.passthrough).toEqual({});
  });

  it('every key, given empty, is a notice naming it', () => {
    for (const key of [...URL_KEYS.map((k) => k.key), ...PASSTHROUGH_KEYS]) {
      for (const search of [`?${key}=`, `?${key}`]) expect(decodeUrl(search).notices.map((n) => n.key), search).toEqual([key]);
    }
  });

  it('pts with another dataset is kept (the Dataset menu offers it) with a notice that it does not train', () => {
    const kept = decodeUrl('?pts=0.5:0.5:1;-0.5:-0.5:-1');
    expect(kept.notices).toEqual([{ key: 'pts', message: '2 points kept but not used: the dataset is moons (data=user trains on them)' }]);
    expect(kept.config.data).toEqual({ ...DEFAULT_CONFIG.data, points: [[0.5, 0.5, 1], [-0.5, -0.5, -1]] });
    expect(decodeUrl('?data=xor&pts=1:1:1').notices.map(formatNotice)).toEqual(['pts: 1 point kept but not used: the dataset is xor (data=user trains on them)']);
    // With data=user they train, and say nothing.
    expect(decodeUrl('?data=user&pts=1:1:1').notices).toEqual([]);
    // A bad dataset name falls back to moons: both are said.
    expect(decodeUrl('?data=users&pts=1:1:1').notices.map((n) => n.key)).toEqual(['data', 'pts']);
  });

  // Found by fuzzing: the passthrough was kept with its lone surrogate, and its link wrote U+FFFD instead.
  it('a passthrough value is read as its link writes it (a lone surrogate as U+FFFD)', () => {
    const d = decodeUrl('?backend=\udc00x');
    expect(d.passthrough).toEqual({ backend: '\ufffdx' });
    expect(decodeUrl(encodeUrl(d.config, d.view, d.passthrough)).passthrough).toEqual(d.passthrough);
  });

  // Found by fuzzing: JSON.stringify leaves U+2028 as it is, and the notice broke its line.
  it('invisible characters in a quoted value are escapes in the notice', () => {
    expect(decodeUrl('?data=%E2%80%A8%E2%80%AE').notices[0].message).toContain('got "\\u2028\\u202e"');
  });

  it('the count of notices left out agrees with its number: "1 more problem ... is", "2 more problems ... are"', () => {
    const unknown = (count: number) => `?${Array.from({ length: count }, (_, i) => `k${i}=1`).join('&')}`;
    expect(decodeUrl(unknown(20)).notices.length).toBe(20);
    expect(decodeUrl(unknown(21)).notices[20]).toEqual({ key: '(url)', message: '1 more problem in the URL is not listed' });
    expect(decodeUrl(unknown(22)).notices[20]).toEqual({ key: '(url)', message: '2 more problems in the URL are not listed' });
  });
});
