/**
 * What a file dropped on the page or picked with "Import…" becomes (issue 11, "Into the app"): pure
 * functions from the file's name and text to a configuration to load, or one error that changes nothing.
 * The page reads the file and hands the result to the store (ui/ImportButton.tsx, ui/ImportDrop.tsx).
 *
 * - A CSV of points (`x,y,label`, header optional, labels ±1 or 0/1) becomes the user dataset of the
 *   current configuration (more than MAX_URL_POINTS of them: the summary says a link cannot carry them). A file with any bad row is refused whole, naming the first bad lines: importing
 *   it minus those rows would train on data the person did not mean, and the current data stays.
 * - A configuration JSON (the runner's format) is read like the URL: each bad field takes its default with
 *   a notice naming it, and the rest loads.
 * - A model JSON (`lipschitz-playground/mlp`, the runner's --save-model file) is read by parseMlpJson and
 *   viewed on the current data: its boundary, certificates, gradient map and certified accuracy. It does not
 *   train; its Lipschitz bound is the product of the spectral norms of its weights (and, for the residual
 *   blocks of a version 2 file, of each block's bound; train/viewedModel.ts).
 */
import { LIMITS, parseConfig, type ExperimentConfig } from '../core/config';
import { hasResidualLayers, parseMlpJson, residualLayoutProblem, type MlpJson } from '../core/mlpJson';
import { quoteUntrusted } from '../core/text';
import { parseCsvPoints } from '../data/csv';
import { MAX_URL_POINTS } from './url';

export type FileKind = 'csv' | 'config' | 'model' | 'unknown';

/**
 * Largest file read: 100,000 rows of `x,y,label` written generously (coordinates with 20 digits) stay
 * under 6 MB; anything much bigger is not a points file, and reading it would only stall the page.
 */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** The `format` of a model file (core/mlpJson.ts), which `detectFileKind` tells from a configuration. */
const MODEL_FORMAT = 'lipschitz-playground/mlp';

/** Bad CSV lines named in an error message; the count of the rest follows. */
const LISTED_LINES = 3;

/**
 * The kind of a file, from its text first (a `.txt` of points is still points) and its name as a hint:
 * JSON objects are a model (its `format` says so) or a configuration; text that is not JSON is read as CSV
 * when its name ends in .csv/.tsv/.txt or its first line looks like a row or a header of three fields.
 */
export function detectFileKind(name: string, text: string): FileKind {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('{') || body.startsWith('[')) {
    const json = readJson(body);
    if (json === undefined) return /\.json$/i.test(name) || body.startsWith('{') ? 'config' : 'unknown';
    if (isObject(json) && json.format === MODEL_FORMAT) return 'model';
    return isObject(json) ? 'config' : 'unknown';
  }
  if (/\.json$/i.test(name)) return 'config'; // not JSON at all: the config reader says so
  if (/\.(csv|tsv|txt)$/i.test(name)) return 'csv';
  const first = body.split(/\r\n|\r|\n/, 1)[0] ?? '';
  return /^[^,;\t]*[,;\t][^,;\t]*[,;\t][^,;\t]*$/.test(first.trim()) || /^\S+\s+\S+\s+\S+$/.test(first.trim()) ? 'csv' : 'unknown';
}

/** What a CSV or a configuration JSON becomes. */
type ConfigImport =
  | {
      ok: true;
      /** A CSV changes the data of the current configuration; a configuration JSON replaces it whole. */
      kind: 'csv' | 'config';
      config: ExperimentConfig;
      /** Things to tell the person besides the summary: fields that took their default, one class only. */
      notices: string[];
      /** What was loaded, e.g. `Imported 500 points from "moons.csv".`, and that a link cannot carry them. */
      summary: string;
    }
  | { ok: false; error: string };

export type ImportResult =
  | ConfigImport
  | {
      ok: true;
      /** A model file, viewed on the current data in place of the trained model (it does not train). */
      kind: 'model';
      model: MlpJson;
      notices: string[];
      summary: string;
    }
  | { ok: false; error: string };

/** A model file read (untrusted) for viewing, or why it is refused (nothing changes then). */
function modelJsonToView(name: string, text: string): ImportResult {
  const file = quoteUntrusted(name);
  const json = readJson(text.replace(/^\uFEFF/, ''));
  const read = parseMlpJson(json);
  if ('error' in read) return { ok: false, error: `${file} was not imported: it is not a valid model file (${read.error}).` };
  const layout = residualLayoutProblem(read.mlp);
  if (layout) return { ok: false, error: `${file} was not imported: ${layout}; npm run export -- FILE --to torch runs it in PyTorch.` };
  const kind = read.mlp.lipschitz === null ? 'a standard net' : `a Lipschitz net built for L = ${read.mlp.lipschitz}`;
  return {
    ok: true,
    kind: 'model',
    model: read.mlp,
    notices: [],
    summary:
      `Viewing the model from ${file} (${kind}) on the current data. It does not train: Reset returns to training. ` +
      (hasResidualLayers(read.mlp)
        ? "Its Lipschitz bound is the product of the spectral norms of the file's dense weights and of each residual block's bound, computed from the block's weights."
        : "Its Lipschitz bound is the product of the spectral norms of the file's weights."),
  };
}

/**
 * A CSV of points as the user dataset of `current` (every other setting kept), or why the file is refused:
 * any bad row (the first `LISTED_LINES` line numbers and reasons named), no point at all, more than
 * LIMITS.points.max points.
 */
export function csvToConfig(name: string, text: string, current: ExperimentConfig): ConfigImport {
  const { points, errors } = parseCsvPoints(text);
  const file = quoteUntrusted(name);
  if (errors.length > 0) {
    const listed = errors.slice(0, LISTED_LINES).join('; ');
    const more = errors.length > LISTED_LINES ? `; and ${errors.length - LISTED_LINES} more bad line${errors.length - LISTED_LINES === 1 ? '' : 's'}` : '';
    return { ok: false, error: `${file} was not imported, the current data is kept: ${listed}${more}.` };
  }
  if (points.length === 0) return { ok: false, error: `${file} was not imported: it holds no point (expected lines x,y,label).` };
  const config: ExperimentConfig = { ...current, data: { ...current.data, name: 'user', points } };
  const checked = parseConfig(config);
  if (checked.issues.length > 0) {
    // csv.ts keeps to the config's limits, so this is a guard, not a path a file can take.
    return { ok: false, error: `${file} was not imported: ${checked.issues.map((i) => `${i.path} ${i.message}`).join('; ')}.` };
  }
  const notices: string[] = [];
  const classes = new Set(points.map((p) => p[2])).size;
  if (classes === 1) notices.push(`Every imported point has the same label: the model has only one class to learn.`);
  // Past MAX_URL_POINTS the address says pts=local (url.ts) and the URL sync warns that a link does not
  // carry the points; the import line says why, once, where the person is looking.
  const local =
    points.length > MAX_URL_POINTS
      ? ` They stay on this computer: a link carries at most ${MAX_URL_POINTS} points, so the address says pts=local and a shared link opens with the default dataset; share the CSV with the link.`
      : '';
  return { ok: true, kind: 'csv', config: checked.config, notices, summary: `Imported ${count(points.length, 'point')} from ${file}.${local}` };
}

/**
 * A configuration JSON (the runner's format) read like the URL: never refused for a bad field (it takes its
 * default, with a notice naming it); refused whole only when the text is not a JSON object.
 */
export function configJsonToConfig(name: string, text: string): ConfigImport {
  const file = quoteUntrusted(name);
  const json = readJson(text.replace(/^\uFEFF/, ''));
  if (json === undefined) return { ok: false, error: `${file} was not imported: it is not valid JSON.` };
  if (!isObject(json)) return { ok: false, error: `${file} was not imported: a configuration is a JSON object ({"v": 1, "data": …}).` };
  const { config, issues } = parseConfig(json);
  const notices = issues.map((i) => `${file}: ${i.path}: ${i.message}${defaultNote(i.path, i.message)}`);
  return { ok: true, kind: 'config', config, notices, summary: `Loaded the configuration from ${file}.` };
}

/** Any file: its kind decided by `detectFileKind`, then read by the matching reader. */
export function importFile(name: string, text: string, current: ExperimentConfig): ImportResult {
  switch (detectFileKind(name, text)) {
    case 'csv':
      return csvToConfig(name, text, current);
    case 'config':
      return configJsonToConfig(name, text);
    case 'model':
      return modelJsonToView(name, text);
    case 'unknown':
      return {
        ok: false,
        error: `${quoteUntrusted(name)} was not imported: expected a CSV of points (x,y,label), a configuration JSON or a model JSON.`,
      };
  }
}

/** The refusal for a file over MAX_IMPORT_BYTES, before reading it. */
export function tooLarge(name: string, bytes: number): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  return `${quoteUntrusted(name)} was not imported: it is ${mb(bytes)}, more than the ${mb(MAX_IMPORT_BYTES)} read (a CSV holds at most ${LIMITS.points.max.toLocaleString('en')} points).`;
}

/** What became of a field named in an issue, unless its message already says what is used. */
function defaultNote(path: string, message: string): string {
  if (message.startsWith('unknown key')) return '; ignored';
  if (path === 'data.points' || path === '(root)') return '';
  return '; using the default';
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (n: number, noun: string): string => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
