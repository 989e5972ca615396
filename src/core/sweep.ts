/**
 * The sweep syntax shared by the app's `sweep=` URL key and the runner's `--vary` (docs/design.md,
 * "Comparisons"): `KEY:V1,V2,...` or `KEY:A..B/N`, one model per value, all else equal.
 *
 * - KEY is a scalar URL key (core/scalarKeys.ts: tau, alpha, margin, L, lr, model, act, loss, noise, tseed,
 *   opt, batch) or its dotted field (`loss.tau`).
 * - A list gives 1 to 16 values in the order written; no value twice. Every number is read at the 12
 *   significant digits the URL writes, so a sweep is exactly what its own link says.
 * - `A..B/N` gives N (2 to 16) log-spaced values from A to B, both included; A, B > 0 (log spacing). A > B
 *   is allowed and gives them in descending order (the order is the panels' order, as for a list). Values
 *   are rounded to 12 significant digits (as the URL prints them, so 0.1..100/4 is exactly 0.1, 1, 10,
 *   100). For integer fields (batch, tseed) A and B must be integers and the values are rounded to
 *   integers; two that round alike are an error (duplicates), as is A = B.
 * - Every value is checked against the field's limits (config.ts LIMITS) or its list of names here;
 *   combinations with the rest of the config are checked by `applySweep`.
 *
 * Pure and framework-free. Errors are one line naming the key and the value, for a URL notice or stderr.
 */
import { parseConfig, type ConfigIssue, type ExperimentConfig } from './config';
import { formatNumber, readNumber } from './decimal';
import { findScalarKey, SCALAR_KEYS, type ScalarKey } from './scalarKeys';
import { quoteUntrusted } from './text';

/** Most models in one sweep (panels and lockstep training are sized for it). */
export const MAX_SWEEP_VALUES = 16;

export interface Sweep {
  /** The URL key, also when the sweep named the dotted field. */
  key: string;
  /** Dotted config field, `section.name`. */
  field: string;
  /** Numbers for numeric keys, names for the others; in the order given. */
  values: (number | string)[];
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

const EXAMPLE = 'e.g. tau:0.5,10 or tau:0.1..100/4';

/** Reads `KEY:V1,V2,...` or `KEY:A..B/N`; the error names what is wrong and with which key. */
export function parseSweep(text: string): Result<Sweep> {
  const colon = text.indexOf(':');
  if (colon < 0) return fail(`${quoteUntrusted(text)} is not KEY:VALUES (${EXAMPLE})`);
  const name = text.slice(0, colon).trim();
  const spec = findScalarKey(name);
  if (!spec) return fail(`unknown sweep key ${quoteUntrusted(name)}${suggest(name)} (expected one of ${SCALAR_KEYS.map((s) => s.key).join(', ')}, or a field like loss.tau)`);

  const body = text.slice(colon + 1).trim();
  if (body === '') return fail(`${spec.key}: no values (${EXAMPLE})`);
  const values = body.includes('..') ? readRange(spec, body) : readList(spec, body);
  if (!values.ok) return fail(`${spec.key}: ${values.error}`);
  return { ok: true, value: { key: spec.key, field: spec.field, values: values.value } };
}

function suggest(name: string): string {
  const near = SCALAR_KEYS.find((s) => s.key.toLowerCase() === name.toLowerCase() && s.key !== name);
  return near ? ` (did you mean ${near.key}?)` : '';
}

function readList(spec: ScalarKey, body: string): Result<(number | string)[]> {
  const items = body.split(',').map((t) => t.trim());
  if (items.length > MAX_SWEEP_VALUES) return fail(`${items.length} values; a sweep has at most ${MAX_SWEEP_VALUES}`);
  const values: (number | string)[] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i] === '') return fail(`value ${i + 1} is empty`);
    const v = readValue(spec, items[i]);
    if (!v.ok) return v;
    values.push(v.value);
  }
  return noDuplicates(values);
}

function readValue(spec: ScalarKey, text: string): Result<number | string> {
  const d = spec.domain;
  if (d.kind === 'choice') {
    return d.options.includes(text) ? { ok: true, value: text } : fail(`must be one of ${d.options.join(', ')}, got ${quoteUntrusted(text)}`);
  }
  const v = readNumber(text);
  return v === undefined ? fail(`${quoteUntrusted(text)} is not a number`) : inLimits(d, asWritten(v));
}

/**
 * A number as the URL writes it (12 significant digits): a sweep read from a link or `--vary` is exactly
 * the sweep its own link says (a 15-digit value would otherwise change on the first reload).
 */
const asWritten = (v: number): number => Number(formatNumber(v));

/** The field's limits, in parseConfig's words, so a sweep and a config file say the same thing. */
function inLimits(d: { min: number; max: number; integer: boolean }, v: number): Result<number> {
  if (d.integer && !Number.isInteger(v)) return fail(`must be an integer, got ${v}`);
  if (v < d.min || v > d.max) return fail(`must be between ${d.min} and ${d.max}, got ${v}`);
  return { ok: true, value: v };
}

/** `A..B/N` (the text after `KEY:`, known to contain `..`). */
function readRange(spec: ScalarKey, body: string): Result<number[]> {
  const d = spec.domain;
  if (d.kind !== 'number') return fail(`A..B/N needs a numeric key; list the names instead (e.g. ${spec.key}:${d.options.slice(0, 2).join(',')})`);
  const dots = body.indexOf('..');
  const slash = body.lastIndexOf('/');
  if (slash < dots) return fail(`${quoteUntrusted(body)} has no /N: write A..B/N, N the number of values (${EXAMPLE})`);
  const nText = body.slice(slash + 1).trim();
  const n = readNumber(nText);
  if (n === undefined || !Number.isInteger(n) || n < 2 || n > MAX_SWEEP_VALUES) {
    return fail(`N in A..B/N must be an integer from 2 to ${MAX_SWEEP_VALUES}, got ${quoteUntrusted(nText)}`);
  }
  const ends: number[] = [];
  for (const t of [body.slice(0, dots), body.slice(dots + 2, slash)]) {
    const read = readNumber(t);
    if (read === undefined) return fail(`${quoteUntrusted(t.trim())} is not a number`);
    const v = asWritten(read);
    if (v <= 0) return fail(`A..B/N is log-spaced, so A and B must be > 0, got ${v}`);
    const checked = inLimits(d, v);
    if (!checked.ok) return checked;
    ends.push(v);
  }
  const [a, b] = ends;
  return noDuplicates(logSpaced(a, b, n).map((v) => (d.integer ? Math.round(v) : v)));
}

/**
 * n values from a to b (both exact), equal ratios between neighbours, 12 significant digits. Spaced in
 * log space: b / a itself can underflow to 0 or overflow (1e6..5e-324 gave a middle value of 0).
 */
function logSpaced(a: number, b: number, n: number): number[] {
  const [la, lb] = [Math.log(a), Math.log(b)];
  return Array.from({ length: n }, (_, i) => (i === 0 ? a : i === n - 1 ? b : asWritten(Math.exp(la + ((lb - la) * i) / (n - 1)))));
}

function noDuplicates<T extends number | string>(values: T[]): Result<T[]> {
  const seen = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) return fail(`${typeof v === 'number' ? formatNumber(v) : v} appears twice`);
    seen.add(v);
  }
  return { ok: true, value: values };
}

/**
 * A value's name for people, e.g. `τ = 0.5`, `model = standard`, `τ ≈ 0.268` (a log-spaced 0.268269579528):
 * a panel's accessible name, a table row. The number as `sweepValueDisplay` shows it, with ≈ when that
 * rounds it.
 */
export function sweepLabel(sweep: Sweep, value: number | string): string {
  const { text, rounded } = sweepValueDisplay(sweep, value);
  return `${sweepName(sweep)} ${rounded ? '≈' : '='} ${text}`;
}

/** The fewest significant digits, from 3, that still tell a sweep's numbers apart. */
function displayDigits(values: readonly (number | string)[]): number {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  for (let digits = 3; digits < 12; digits++) {
    if (new Set(numbers.map((v) => v.toPrecision(digits))).size === numbers.length) return digits;
  }
  return 12;
}

/**
 * One swept value as people read it on a panel or a projector: 3 significant digits (more when 3 would
 * make two of the sweep's values read alike), and whether that rounded it. Log-spaced values otherwise
 * print with 12 digits (0.1..100/8 gives 0.268269579528); the URL and the configs keep those.
 */
export function sweepValueDisplay(sweep: Sweep, value: number | string): { text: string; rounded: boolean } {
  if (typeof value !== 'number') return { text: value, rounded: false };
  // Never fewer digits than the whole part has: 1024 stays 1024, not 1.02e3.
  const wholeDigits = value === 0 ? 1 : Math.max(1, Math.floor(Math.log10(Math.abs(value))) + 1);
  const shown = Number(value.toPrecision(Math.min(12, Math.max(wholeDigits, displayDigits(sweep.values)))));
  return { text: formatNumber(shown), rounded: shown !== Number(formatNumber(value)) };
}

/** A sweep's values as people read them, joined by " · " (rounded ones marked ≈): the swept control's note. */
export function sweepValuesDisplay(sweep: Sweep): string {
  return sweep.values
    .map((v) => {
      const { text, rounded } = sweepValueDisplay(sweep, v);
      return rounded ? `≈${text}` : text;
    })
    .join(' · ');
}

/**
 * The label of one model of a sweep, saying what else its value changed: in a sweep over the layer, sll
 * and cpl on a GroupSort2 base take relu (`applySweep`), so they read "layer = sll (relu)".
 */
export function sweptModelLabel(sweep: Sweep, value: number | string, base: ExperimentConfig, config: ExperimentConfig): string {
  const label = sweepLabel(sweep, value);
  return sweep.field !== 'model.activation' && config.model.activation !== base.model.activation ? `${label} (${config.model.activation})` : label;
}

/** The swept setting's name for people, e.g. `τ`, `model`. */
export function sweepName(sweep: Sweep): string {
  return findScalarKey(sweep.key)?.label ?? sweep.key;
}

/** One swept value as the URL and the labels write it. */
export function sweepValueText(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/**
 * One config per value: the base with the swept field set, each validated by `parseConfig`. A value the
 * rest of the config cannot take (groupsort2 with an odd width) is an error naming the value. One
 * exception, so that the layer zoo compares each layer with what it needs: in a sweep over the layer, a
 * residual layer (sll, cpl) takes parseConfig's fallback (relu inside its blocks when the base's
 * activation is not elementwise, every width equal to the first) while the dense layers keep the base's.
 */
/** parseConfig's fallback for a residual layer's activation or widths (config.ts checkResidualLayer). */
const isResidualFallback = (issue: ConfigIssue) => (issue.path === 'model.activation' || issue.path === 'model.hidden') && issue.message.includes('is residual');

export function applySweep(base: ExperimentConfig, sweep: Sweep): Result<ExperimentConfig[]> {
  // A standard net ignores the layer: every panel would be the same net.
  if (sweep.field === 'model.layer' && base.model.kind !== 'lipschitz') {
    return fail('the layer applies to Lipschitz nets (model=lipschitz); a standard net ignores it, so every model would be the same');
  }
  const [section, name] = sweep.field.split('.');
  const configs: ExperimentConfig[] = [];
  for (const value of sweep.values) {
    const raw = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
    raw[section][name] = value;
    const { config, issues: all } = parseConfig(raw);
    const issues = sweep.field === 'model.layer' ? all.filter((i) => !isResidualFallback(i)) : all;
    if (issues.length > 0) return fail(`${sweepLabel(sweep, value)}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    configs.push(config);
  }
  return { ok: true, value: configs };
}
