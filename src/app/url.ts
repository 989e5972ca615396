/**
 * The URL codec: the experiment configuration and the view settings as a short, readable query string,
 * and back (docs/design.md, "The URL"). Framework-free and pure: the caller passes `location.search` in and
 * writes the result with `history.replaceState`.
 *
 * Encoding writes only the keys whose value differs from its default, in the fixed order of `URL_KEYS`,
 * so the default state is the bare URL (`''`) and shared links stay short. Numbers are printed with at most
 * 12 significant digits (0.1 + 0.2 is written `0.3`), point coordinates with 4 decimals; a value the URL
 * can carry decodes to exactly itself, and a longer one is read as the link will write it, so the state
 * opened from any link is exactly what its own link says.
 *
 * Decoding never throws. Every problem becomes a `UrlNotice` naming the URL key, and that field takes its
 * default; the rest of the URL is kept. Validation is `parseConfig`'s: the URL is turned into a partial JSON
 * config and its issues are mapped back to URL keys. Rules:
 * - unknown keys: a notice, ignored (`backend` and the other `PASSTHROUGH_KEYS` are known: returned in
 *   `passthrough` without a notice and written back by `encodeUrl`);
 * - a key given twice: the last one wins, with a notice;
 * - an empty value (`tau=` or a bare `tau`, `backend=` too), a value that is not a number, not a width
 *   list, bad `%` escapes, a value over `MAX_VALUE_CHARS` characters: a notice, the default;
 * - `pts` with a dataset other than `user`: kept (the app keeps a drawing while another dataset is shown,
 *   and the Dataset menu offers it) with a notice that it does not train;
 * - `+` is read literally (no value contains a space), so `tau=1e+3` works as typed;
 * - untrusted text in a notice (values, odd key names) is quoted as a JSON string cut at 40 characters
 *   (core/text.ts `quoteUntrusted`): notices are data for a text node, never markup.
 *
 * Not in the URL: `model.bjorck`, `model.power` (numerics fixed by the paper's libraries and not shown as
 * controls) and `train.steps` (the app trains until paused; steps is the headless runner's budget). They
 * keep their defaults when a URL is opened; `fieldsNotInUrl` lists what a given config would lose.
 */
import { DEFAULT_CONFIG, LIMITS, parseConfig, type ExperimentConfig, type LabelledPoint } from '../core/config';
import { formatNumber, readNumber } from '../core/decimal';
import { findScalarKey } from '../core/scalarKeys';
import { quoteUntrusted, showUntrustedKey } from '../core/text';
import { DEFAULT_VIEW, VIEW_LIMITS, VIEWS, type ViewSettings } from '../core/view';

/**
 * Keys owned by other parts of the app (the backend selector, the comparison's sweep): kept as they are,
 * never reported here; their owners read and check them.
 */
export const PASSTHROUGH_KEYS = ['backend', 'sweep', 'embed'] as const;

/** What the page does without a passthrough key, for the notice about an empty one (`backend=`). */
const PASSTHROUGH_ABSENT: Record<(typeof PASSTHROUGH_KEYS)[number], string> = {
  backend: 'the backend is chosen automatically',
  sweep: 'one model, no comparison',
  embed: 'the full playground',
};

/** User-drawn points travel in the URL only up to this many (the caller says when they are dropped). */
export const MAX_URL_POINTS = 200;
/**
 * `pts` of a link whose user points stayed on the computer that made it (more than `MAX_URL_POINTS`, e.g. an
 * imported CSV). The key that would carry the points says where they are, so a link can never hold both the
 * marker and points; opened elsewhere, it gives a notice explaining that a link cannot carry such data, and
 * the default dataset.
 */
export const LOCAL_POINTS = 'local';
/** Longest value read for any key but `pts`; `pts` may be `MAX_URL_POINTS * 50` characters. */
export const MAX_VALUE_CHARS = 2000;
/** 50 characters hold any encoded point: two coordinates of at most 22 characters and a label. */
const MAX_POINTS_CHARS = MAX_URL_POINTS * 50;
/** Longer queries are cut here before reading, and at most this many notices are listed. */
const MAX_QUERY_CHARS = 100_000;
const MAX_NOTICES = 20;

export interface UrlNotice {
  /** The URL key, or a quoted rendering of an odd key name; `(url)` for the query as a whole. */
  key: string;
  message: string;
}

export interface DecodedUrl {
  config: ExperimentConfig;
  view: ViewSettings;
  notices: UrlNotice[];
  /** Values of the `PASSTHROUGH_KEYS` present in the URL, for their owners and for `encodeUrl`. */
  passthrough: Record<string, string>;
}

/** One row of the README's URL table. */
export interface UrlKey {
  key: string;
  /** Dotted field: `data.*`, `model.*`, `loss.*`, `train.*` of the config, `view.*` of the view settings. */
  field: string;
  /** The value written for the default (`''`: the key is absent). */
  defaultValue: string;
  example: string;
  about: string;
}

type Kind = 'choice' | 'number' | 'hidden' | 'points' | 'view' | 'levels' | 'eps' | 'flag';

interface Spec {
  key: string;
  field: string;
  kind: Kind;
  example: string;
  about: string;
}

/** A scalar key's row: its field and kind come from core's table, which the sweep syntax shares. */
function scalar(key: string, example: string, about: string): Spec {
  const s = findScalarKey(key);
  if (!s) throw new Error(`${key} is not in core/scalarKeys.ts`);
  return { key, field: s.field, kind: s.domain.kind, example, about };
}

/** Every key, in the order `encodeUrl` writes them. */
const SPECS: readonly Spec[] = [
  { key: 'data', field: 'data.name', kind: 'choice', example: 'circles', about: 'dataset: moons, circles, xor, spiral, blobs, checkerboard, snowflake, user' },
  { key: 'n', field: 'data.n', kind: 'number', example: '500', about: 'number of points, train + test' },
  scalar('noise', '0.1', 'noise level of the dataset'),
  scalar('scale', '2', 'factor on the generated points (after the noise); user points are not scaled'),
  { key: 'seed', field: 'data.seed', kind: 'number', example: '7', about: 'seed of the data' },
  { key: 'test', field: 'data.testFraction', kind: 'number', example: '0.3', about: 'fraction of the points held out for testing' },
  { key: 'pts', field: 'data.points', kind: 'points', example: '0.5:-0.25:1;-0.1:0.3:-1', about: `user-drawn points x:y:label (label 1 or -1, 4 decimals, x and y within ±${LIMITS.coordinate.max}); at most ${MAX_URL_POINTS}, or \`${LOCAL_POINTS}\` for more (an imported file: a link cannot carry them); used with data=user` },
  scalar('model', 'standard', 'lipschitz or standard'),
  { key: 'hidden', field: 'model.hidden', kind: 'hidden', example: '32,32', about: 'hidden layer widths, comma separated; none for no hidden layer' },
  scalar('act', 'fullsort', 'activation: groupsort2, fullsort, maxmin, relu, tanh, abs'),
  scalar('layer', 'cayley', 'hidden layers of a Lipschitz net: bjorck, cayley, soc, aol (dense) or sll, cpl (residual: relu or tanh, equal widths)'),
  scalar('L', '2', 'Lipschitz constant of the constrained net'),
  scalar('head', 'two-logit', "output head: one-logit, or two-logit (the paper's figure 2: two neurons normalised apart, f = f0 - f1)"),
  scalar('loss', 'hkr', 'loss: kr, hinge, hkr, tau-bce, bce'),
  scalar('tau', '0.5', 'temperature of tau-bce'),
  scalar('alpha', '50', 'weight of the hinge term in hkr'),
  scalar('margin', '0.5', 'hinge margin'),
  scalar('opt', 'sgd', 'optimizer: adam or sgd'),
  scalar('lr', '0.001', 'learning rate'),
  scalar('batch', '64', 'batch size'),
  scalar('tseed', '3', 'seed of weight initialisation and batch sampling'),
  scalar('robust', 'lmt', 'robust training: none, lmt (Lipschitz margin training) or gloro; asks y f > reps times the net\'s Lipschitz bound'),
  scalar('reps', '0.2', 'the radius eps of robust training'),
  { key: 'view', field: 'view.view', kind: 'view', example: 'certificate', about: 'plot view: f, certificate, gradient' },
  { key: 'levels', field: 'view.levels', kind: 'levels', example: '0.25', about: `spacing of the level sets of f (${VIEW_LIMITS.levels.min} to ${VIEW_LIMITS.levels.max})` },
  { key: 'eps', field: 'view.eps', kind: 'eps', example: '0.2', about: `the radius at which a comparison's panels and trade-off plot state certified accuracy (${VIEW_LIMITS.eps.min} to ${VIEW_LIMITS.eps.max})` },
  { key: 'testpts', field: 'view.showTest', kind: 'flag', example: '0', about: 'draw the test points: 1 or 0' },
];

/** The value of a dotted field (`section.name`) in the config or the view settings. */
function fieldValue(field: string, config: ExperimentConfig, view: ViewSettings): unknown {
  const [section, name] = field.split('.');
  const owner = section === 'view' ? view : (config as unknown as Record<string, unknown>)[section];
  return (owner as Record<string, unknown>)[name];
}

/**
 * What the URL makes of a number it reads: the value its link writes (12 significant digits, `-0` as 0),
 * so the state opened from a link is exactly what that link says, and a link written from it is the same.
 */
const numberAsWritten = (v: number): number => Number(formatNumber(v));
/** A point coordinate as `pts` writes it: 4 decimals, as the drawing rounds it. */
const coordinateAsWritten = (c: number): number => numberAsWritten(Number(c.toFixed(POINT_DECIMALS)));
const POINT_DECIMALS = 4;

/** The URL text of a field's value (`LOCAL_POINTS` for more points than a link carries). */
function formatValue(kind: Kind, v: unknown): string {
  switch (kind) {
    case 'number':
    case 'levels':
    case 'eps':
      return formatNumber(v as number);
    case 'hidden':
      return (v as number[]).length === 0 ? 'none' : (v as number[]).join(',');
    case 'points': {
      const points = v as LabelledPoint[];
      if (points.length > MAX_URL_POINTS) return LOCAL_POINTS;
      const coord = (c: number) => formatNumber(coordinateAsWritten(c));
      return points.map(([x, y, label]) => `${coord(x)}:${coord(y)}:${label === 1 ? 1 : -1}`).join(';');
    }
    case 'flag':
      return v ? '1' : '0';
    default:
      return String(v);
  }
}

const DEFAULT_TEXT = new Map(SPECS.map((s) => [s.key, formatValue(s.kind, fieldValue(s.field, DEFAULT_CONFIG, DEFAULT_VIEW))]));

/**
 * The documentation table: every key, its field, default and an example, in encoding order.
 * @internal Tests walk it to prove every key round-trips and the README's table is complete.
 */
export const URL_KEYS: readonly UrlKey[] = SPECS.map(({ key, field, example, about }) => ({
  key,
  field,
  defaultValue: DEFAULT_TEXT.get(key) ?? '',
  example,
  about,
}));

/** `v` with every lone surrogate replaced by U+FFFD: text that URL encoding (and a link) can carry. */
function wellFormed(v: string): string {
  return v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Percent-encodes a value but keeps `,` `:` `;` readable (they are legal in a query). A lone surrogate
 * (possible only in a passthrough value) becomes U+FFFD instead of making encodeURIComponent throw.
 */
function escapeValue(v: string): string {
  return encodeURIComponent(wellFormed(v)).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%3B/g, ';');
}

/**
 * The query string (with its `?`) for a configuration and view: only the keys that differ from their
 * defaults, in `URL_KEYS` order, then the `PASSTHROUGH_KEYS` given in `passthrough`. `''` for all defaults.
 */
export function encodeUrl(config: ExperimentConfig, view: ViewSettings, passthrough: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const s of SPECS) {
    const text = formatValue(s.kind, fieldValue(s.field, config, view));
    if (text !== DEFAULT_TEXT.get(s.key)) parts.push(`${s.key}=${escapeValue(text)}`);
  }
  for (const key of PASSTHROUGH_KEYS) {
    const v = Object.hasOwn(passthrough, key) ? passthrough[key] : '';
    if (v) parts.push(`${key}=${escapeValue(v)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Dotted fields of `config` that `encodeUrl` cannot carry: non-default unkeyed fields, too many points. */
export function fieldsNotInUrl(config: ExperimentConfig): string[] {
  const d = DEFAULT_CONFIG;
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const lost: string[] = [];
  if (differs(config.model.bjorck, d.model.bjorck)) lost.push('model.bjorck');
  if (differs(config.model.power, d.model.power)) lost.push('model.power');
  if (config.train.steps !== d.train.steps) lost.push('train.steps');
  if (config.data.points.length > MAX_URL_POINTS) lost.push('data.points');
  return lost;
}

/** Collects notices up to `MAX_NOTICES`, then counts the rest. */
class Notices {
  readonly list: UrlNotice[] = [];
  private dropped = 0;

  add(key: string, message: string): void {
    if (this.list.length < MAX_NOTICES) this.list.push({ key, message });
    else this.dropped++;
  }

  done(): UrlNotice[] {
    if (this.dropped > 0) this.list.push({ key: '(url)', message: `${count(this.dropped, 'more problem')} in the URL ${this.dropped === 1 ? 'is' : 'are'} not listed` });
    return this.list;
  }
}

/** `1 point`, `2 points`. */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const KNOWN = new Set<string>([...SPECS.map((s) => s.key), ...PASSTHROUGH_KEYS]);

/** Splits the query into the last decoded value of each known key; reports everything else. */
function readParams(search: string, notes: Notices): Map<string, string> {
  let query = search.startsWith('?') ? search.slice(1) : search;
  if (query.length > MAX_QUERY_CHARS) {
    notes.add('(url)', `the query is ${query.length} characters long; only the first ${MAX_QUERY_CHARS} were read`);
    query = query.slice(0, MAX_QUERY_CHARS);
  }
  const raw = new Map<string, { value: string; count: number }>();
  const reported = new Set<string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const key = safeDecode(rawKey);
    if (key === undefined || !KNOWN.has(key)) {
      const shown = key === undefined ? quoteUntrusted(rawKey) : showUntrustedKey(key);
      if (reported.has(shown)) continue;
      reported.add(shown);
      if (key === undefined) notes.add(shown, 'the key is not valid URL encoding (a stray %?); ignored');
      else if (key === '') notes.add(shown, 'a value without a key; ignored');
      else notes.add(shown, `unknown key; ignored${suggest(key)}`);
      continue;
    }
    const before = raw.get(key);
    raw.set(key, { value: eq < 0 ? '' : part.slice(eq + 1), count: (before?.count ?? 0) + 1 });
  }
  const values = new Map<string, string>();
  for (const [key, { value, count }] of raw) {
    const decoded = safeDecode(value);
    if (count > 1) notes.add(key, `given ${count} times; the last one counts`);
    if (decoded === undefined) notes.add(key, `${quoteUntrusted(value)} is not valid URL encoding (a stray %?); ${usingDefault(key)}`);
    else values.set(key, decoded);
  }
  return values;
}

function suggest(key: string): string {
  const near = [...KNOWN].find((k) => k.toLowerCase() === key.toLowerCase());
  return near ? ` (did you mean ${near}?)` : '';
}

function usingDefault(key: string): string {
  if (!DEFAULT_TEXT.has(key)) return 'ignored';
  const text = DEFAULT_TEXT.get(key);
  return `using ${text === '' ? 'none' : text}`;
}

type Parsed = { value: unknown } | { why: string };

/** Turns one URL value into a JSON value for parseConfig (which checks ranges), or says why it cannot. */
function parseValue(kind: Kind, text: string): Parsed {
  switch (kind) {
    case 'choice':
      return { value: text };
    case 'number': {
      const v = readNumber(text);
      return v === undefined ? { why: `${quoteUntrusted(text)} is not a number` } : { value: numberAsWritten(v) };
    }
    case 'hidden': {
      const t = text.replace(/\s/g, '');
      if (t.toLowerCase() === 'none') return { value: [] };
      if (!/^\d+(?:,\d+)*$/.test(t)) return { why: `${quoteUntrusted(text)} is not a list of layer widths like 64,64 (or none)` };
      return { value: t.split(',').map(Number) };
    }
    case 'points':
      return parsePoints(text);
    case 'view':
      return (VIEWS as readonly string[]).includes(text)
        ? { value: text }
        : { why: `must be one of ${VIEWS.join(', ')}, got ${quoteUntrusted(text)}` };
    case 'levels':
    case 'eps': {
      const read = readNumber(text);
      const { min, max } = VIEW_LIMITS[kind];
      if (read === undefined) return { why: `${quoteUntrusted(text)} is not a number` };
      const v = numberAsWritten(read);
      return v >= min && v <= max ? { value: v } : { why: `must be between ${min} and ${max}, got ${v}` };
    }
    case 'flag': {
      const t = text.trim().toLowerCase();
      if (t === '1' || t === 'true') return { value: true };
      if (t === '0' || t === 'false') return { value: false };
      return { why: `must be 1 or 0, got ${quoteUntrusted(text)}` };
    }
  }
}

/**
 * `x:y:label;...` with x, y within LIMITS.coordinate and label 1, -1 (or 0, read as -1); a trailing `;` is
 * allowed. Coordinates are read at the 4 decimals `pts` writes. One bad point drops the whole value (as any
 * bad value), naming the point.
 */
function parsePoints(text: string): Parsed {
  const pieces = text.split(';');
  if (pieces[pieces.length - 1] === '') pieces.pop();
  if (pieces.length > MAX_URL_POINTS) return { why: `has ${pieces.length} points; the URL carries at most ${MAX_URL_POINTS}` };
  const { min, max } = LIMITS.coordinate;
  const points: LabelledPoint[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const what = `point ${i + 1} (${quoteUntrusted(pieces[i])})`;
    const parts = pieces[i].split(':');
    const [x, y, label] = parts.map(readNumber);
    const ok = parts.length === 3 && x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y);
    if (!ok || (label !== 1 && label !== -1 && label !== 0)) return { why: `${what} is not x:y:label with label 1 or -1` };
    for (const [name, c] of [['x', x], ['y', y]] as const) {
      if (c < min || c > max) return { why: `${what}: ${name} must be between ${min} and ${max}, got ${c}` };
    }
    points.push([coordinateAsWritten(x), coordinateAsWritten(y), label === 1 ? 1 : -1]);
  }
  return { value: points };
}

const SPEC_BY_FIELD = new Map(SPECS.map((s) => [s.field, s]));

/**
 * Reads a query string (`location.search`, with or without its `?`) into a complete, valid configuration
 * and view settings. Never throws; every bad or unknown part is one notice and falls back to its default.
 */
export function decodeUrl(search: string): DecodedUrl {
  const notes = new Notices();
  const values = readParams(search, notes);
  const partial: Record<string, Record<string, unknown>> = { data: {}, model: {}, loss: {}, train: {} };
  const view: ViewSettings = { ...DEFAULT_VIEW };
  // `pts=local`: the points were never in the link. One notice says so; the user dataset then falls back
  // to the default without parseConfig's second notice about an empty user dataset.
  const localPoints = values.get('pts')?.trim() === LOCAL_POINTS;
  if (localPoints) {
    values.delete('pts');
    const wanted = values.get('data') === 'user';
    notes.add(
      'pts',
      `the points were local to the computer that made this link (more than ${MAX_URL_POINTS}, such as an imported CSV): a link cannot carry them` +
        (wanted ? `; using ${DEFAULT_CONFIG.data.name} instead (import the same file to train on them)` : ''),
    );
  }
  for (const s of SPECS) {
    const text = values.get(s.key);
    if (text === undefined) continue;
    const limit = s.kind === 'points' ? MAX_POINTS_CHARS : MAX_VALUE_CHARS;
    const parsed: Parsed =
      text.trim() === ''
        ? { why: 'has no value' }
        : text.length > limit
          ? { why: `the value is ${text.length} characters long (at most ${limit})` }
          : parseValue(s.kind, text);
    if ('why' in parsed) {
      notes.add(s.key, `${parsed.why}; ${usingDefault(s.key)}`);
      continue;
    }
    const [section, name] = s.field.split('.');
    if (section === 'view') (view as unknown as Record<string, unknown>)[name] = parsed.value;
    else partial[section][name] = parsed.value;
  }

  const { config, issues } = parseConfig(partial);
  for (const issue of issues) {
    const spec = SPEC_BY_FIELD.get(issue.path);
    if (issue.path === 'data.points' && localPoints && !('points' in partial.data)) continue; // said above
    if (issue.path === 'data.points') {
      // The user dataset without usable points: the message already says which dataset is used instead.
      notes.add('points' in partial.data ? 'pts' : 'data', issue.message);
    } else if (spec) {
      notes.add(spec.key, `${issue.message}; ${usingDefault(spec.key)}`);
    } else {
      notes.add(issue.path, issue.message);
    }
  }

  // Points kept while another dataset is shown (the app does this so the Dataset menu still offers them):
  // carried, but the person opening the link is told that they are not what trains.
  const { name, points } = config.data;
  if ('points' in partial.data && points.length > 0 && name !== 'user') {
    notes.add('pts', `${count(points.length, 'point')} kept but not used: the dataset is ${name} (data=user trains on them)`);
  }

  const passthrough: Record<string, string> = {};
  for (const key of PASSTHROUGH_KEYS) {
    const v = values.get(key);
    if (v === undefined) continue;
    if (v.trim() === '') notes.add(key, `has no value; ${PASSTHROUGH_ABSENT[key]}`);
    else if (v.length > MAX_VALUE_CHARS) notes.add(key, `the value is ${v.length} characters long (at most ${MAX_VALUE_CHARS}); ignored`);
    else passthrough[key] = wellFormed(v); // as its link will write it
  }
  return { config, view, notices: notes.done(), passthrough };
}

/** A notice as one line of text, e.g. `tau: "abc" is not a number; using 10`. */
export function formatNotice(n: UrlNotice): string {
  return `${n.key}: ${n.message}`;
}
