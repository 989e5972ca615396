/**
 * The plain MLP file of docs/design.md, "Model export" ("lipschitz-playground/mlp", version 1): effective
 * weights baked in (as deel-lip's vanilla export), y = x W + b with W stored as `in` rows of `out`
 * numbers, and the output scale L folded into the last dense layer, so its forward pass alone reproduces f.
 *
 * The format, its reader (`parseMlpJson`, for untrusted files) and its forward pass live here, free of tfjs,
 * so the page (the Python export, a model import) and the runner share them; lip/export.ts writes the file.
 */
import { ACTIVATIONS, type ActivationName } from './config';
import { quoteUntrusted } from './text';

export interface MlpDenseJson {
  type: 'dense';
  weights: number[][];
  bias: number[];
}
export interface MlpActivationJson {
  type: 'activation';
  name: ActivationName;
}
export interface MlpJson {
  format: 'lipschitz-playground/mlp';
  version: 1;
  input: 2;
  /** The Lipschitz constant the net was built for, or null for a standard (unconstrained) net. */
  lipschitz: number | null;
  layers: (MlpDenseJson | MlpActivationJson)[];
}

/** Width of the activation's output for an input of `width` units (maxmin doubles it). */
export function activationOutputWidth(name: ActivationName, width: number): number {
  return name === 'maxmin' ? 2 * width : width;
}

/** Throws a clear error when the activation cannot take this width (groupsort2 needs pairs). */
export function checkActivationWidth(name: ActivationName, width: number): void {
  if (name === 'groupsort2' && width % 2 !== 0) {
    throw new Error(`groupsort2 sorts neighbouring pairs of units, so the layer width must be even (got ${width})`);
  }
}

/** Plain-JS forward of one activation on a row, for the exported MLP and for tests. */
export function activationForwardRow(name: ActivationName, row: Float64Array | number[]): number[] {
  const v = Array.from(row);
  switch (name) {
    case 'groupsort2': {
      checkActivationWidth(name, v.length);
      const out: number[] = [];
      for (let i = 0; i < v.length; i += 2) out.push(Math.min(v[i], v[i + 1]), Math.max(v[i], v[i + 1]));
      return out;
    }
    case 'fullsort':
      return v.sort((a, b) => a - b);
    case 'maxmin':
      return [...v.map((a) => Math.max(a, 0)), ...v.map((a) => Math.max(-a, 0))];
    case 'relu':
      return v.map((a) => Math.max(a, 0));
    case 'tanh':
      return v.map(Math.tanh);
    case 'abs':
      return v.map(Math.abs);
  }
}

/** The forward pass of an exported MLP at one point, in plain float64 JS: the whole reader of the format. */
export function forwardMlpJson(mlp: MlpJson, x: number, y: number): number {
  let h: number[] = [x, y];
  for (const layer of mlp.layers) {
    if (layer.type === 'activation') {
      h = activationForwardRow(layer.name, h);
      continue;
    }
    const out = layer.bias.slice();
    for (let i = 0; i < h.length; i++) {
      const row = layer.weights[i];
      for (let j = 0; j < out.length; j++) out[j] += h[i] * row[j];
    }
    h = out;
  }
  return h[0];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why dense layer `at` (with `width` inputs) is not valid, or '' (its output width is then weights[0].length). */
function denseProblem(layer: Record<string, unknown>, at: string, width: number): string {
  const { weights, bias } = layer;
  if (!Array.isArray(weights) || weights.length !== width) {
    return `${at}: weights must be ${width} rows (one per input), got ${Array.isArray(weights) ? weights.length : 'no list'}`;
  }
  if (!Array.isArray(bias) || bias.length === 0) return `${at}: bias must be a non-empty list of numbers`;
  for (let i = 0; i < weights.length; i++) {
    const row: unknown = weights[i];
    if (!Array.isArray(row) || row.length !== bias.length) {
      return `${at}: weights row ${i} must hold ${bias.length} numbers (one per output, as the bias)`;
    }
    if (!row.every(isFiniteNumber)) return `${at}: weights row ${i} holds a value that is not a finite number`;
  }
  if (!bias.every(isFiniteNumber)) return `${at}: bias holds a value that is not a finite number`;
  return '';
}

/**
 * Reads an untrusted value as a model file: the format and version, `input` 2, `lipschitz` a positive
 * number or null, then dense layers (finite weights of matching shapes) with one known activation between
 * each two, ending in a dense layer of one output. Never throws; the error is one line naming the layer.
 */
export function parseMlpJson(value: unknown): { mlp: MlpJson } | { error: string } {
  const fail = (error: string) => ({ error });
  if (!isObject(value)) return fail('a model file must be a JSON object');
  if (value.format !== 'lipschitz-playground/mlp') {
    return fail(`format must be "lipschitz-playground/mlp", got ${typeof value.format === 'string' ? quoteUntrusted(value.format) : String(value.format)}`);
  }
  if (value.version !== 1) return fail(`unsupported version ${String(value.version)} (this reads version 1)`);
  if (value.input !== 2) return fail(`input must be 2 (points of the plane), got ${String(value.input)}`);
  const { lipschitz, layers } = value;
  if (lipschitz !== null && !(isFiniteNumber(lipschitz) && lipschitz > 0)) {
    return fail('lipschitz must be a positive number (a Lipschitz net) or null (a standard net)');
  }
  if (!Array.isArray(layers) || layers.length === 0) return fail('layers must be a non-empty list');
  let width = 2;
  for (let i = 0; i < layers.length; i++) {
    const layer: unknown = layers[i];
    const at = `layer ${i}`;
    const dense = i % 2 === 0;
    if (!isObject(layer) || layer.type !== (dense ? 'dense' : 'activation')) {
      return fail(`${at} must be ${dense ? 'a dense layer' : 'an activation'} (dense and activation layers alternate, dense first and last)`);
    }
    if (dense) {
      const problem = denseProblem(layer, at, width);
      if (problem) return fail(problem);
      width = (layer.bias as number[]).length;
    } else {
      const name = layer.name;
      if (typeof name !== 'string' || !(ACTIVATIONS as readonly string[]).includes(name)) {
        return fail(`${at}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${typeof name === 'string' ? quoteUntrusted(name) : String(name)}`);
      }
      if (name === 'groupsort2' && width % 2 !== 0) return fail(`${at}: groupsort2 needs an even width, got ${width}`);
      width = activationOutputWidth(name as ActivationName, width);
    }
  }
  if (layers.length % 2 === 0) return fail('the last layer must be dense (the output f)');
  if (width !== 1) return fail(`the last dense layer must have one output (the score f), got ${width}`);
  return { mlp: value as unknown as MlpJson };
}
