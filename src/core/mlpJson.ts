/**
 * The plain MLP file of docs/design.md, "Model export" ("lipschitz-playground/mlp"): effective weights
 * baked in (as deel-lip's vanilla export), y = x W + b with W stored as `in` rows of `out` numbers, and the
 * output scale L folded into the last dense layer, so its forward pass alone reproduces f.
 *
 * Version 1 alternates dense and activation layers. Version 2 adds residual blocks (the layer zoo's sll
 * and cpl, issue 12), {"type": "residual", "inner": V, "bias": b, "activation": a, "outer": U} meaning
 * z = x + a(x V + b) U with row vectors as the dense layers: V is `in` rows of `hidden` numbers, U one row
 * per unit of a's output (hidden; 2 x hidden for maxmin) of `in` numbers, so a block keeps the width and any
 * residual layer exports with its constants (SLL's 2 T^-1, CPL's 2 / |W|^2, signs) folded into U. A version 2
 * file may place its layers in any order whose widths chain; version 1 files still read as before.
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
/** z = x + activation(x inner + bias) outer (version 2): a block that keeps the width. */
export interface MlpResidualJson {
  type: 'residual';
  /** V: `in` rows of `hidden` numbers. */
  inner: number[][];
  /** b: `hidden` numbers. */
  bias: number[];
  activation: ActivationName;
  /** U: one row per unit of the activation's output (`hidden`, or 2 x hidden for maxmin), `in` numbers each. */
  outer: number[][];
}
export type MlpLayerJson = MlpDenseJson | MlpActivationJson | MlpResidualJson;
export interface MlpJson {
  format: 'lipschitz-playground/mlp';
  /** 1: dense and activation layers alternating; 2: residual blocks too (writers use 1 when there are none). */
  version: 1 | 2;
  input: 2;
  /** The Lipschitz constant the net was built for, or null for a standard (unconstrained) net. */
  lipschitz: number | null;
  layers: MlpLayerJson[];
}

/**
 * The layouts the playground's nets have: dense layers with one activation between them, or (version 2)
 * the first dense layer, its activation, residual blocks of its width with that activation, the head.
 * What else a file holds (e.g. a block after the second dense layer) is refused, saying why ('' when it fits).
 */
export function residualLayoutProblem(mlp: MlpJson): string {
  const layers = mlp.layers;
  const blocks = layers.filter((l) => l.type === 'residual');
  if (blocks.length === 0) return '';
  const shape = layers.map((l) => l.type).join(', ');
  const expected = layers.length === blocks.length + 3 && layers[0].type === 'dense' && layers[1].type === 'activation' && layers.at(-1)!.type === 'dense' && layers.slice(2, -1).every((l) => l.type === 'residual');
  if (!expected) return `its layers (${shape}) are not the playground's residual layout: a dense layer, an activation, residual blocks, a dense layer`;
  return '';
}

/** Whether the file holds residual blocks (version 2): what only the plain PyTorch script can rebuild. */
export function hasResidualLayers(mlp: MlpJson): boolean {
  return mlp.layers.some((l) => l.type === 'residual');
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

/** h W + b for a row h (W: `h.length` rows), in float64; without `bias`, h W. */
function rowTimes(h: readonly number[], weights: readonly number[][], bias?: readonly number[]): number[] {
  const out = bias ? bias.slice() : new Array<number>(weights[0].length).fill(0);
  for (let i = 0; i < h.length; i++) {
    const row = weights[i];
    for (let j = 0; j < out.length; j++) out[j] += h[i] * row[j];
  }
  return out;
}

/** The forward pass of an exported MLP at one point, in plain float64 JS: the whole reader of the format. */
export function forwardMlpJson(mlp: MlpJson, x: number, y: number): number {
  let h: number[] = [x, y];
  for (const layer of mlp.layers) {
    if (layer.type === 'activation') {
      h = activationForwardRow(layer.name, h);
    } else if (layer.type === 'dense') {
      h = rowTimes(h, layer.weights, layer.bias);
    } else {
      const branch = rowTimes(activationForwardRow(layer.activation, rowTimes(h, layer.inner, layer.bias)), layer.outer);
      h = h.map((v, j) => v + branch[j]);
    }
  }
  return h[0];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const showUntrusted = (v: unknown): string => (typeof v === 'string' ? quoteUntrusted(v) : String(v));

/**
 * Why `matrix` (field `name` of the layer `at`) is not `rows` rows of `cols` finite numbers, or ''. The
 * reasons say what each row and column stands for (`rowsAre`, `colsAre`).
 */
function matrixProblem(matrix: unknown, at: string, name: string, rows: number, rowsAre: string, cols: number, colsAre: string): string {
  if (!Array.isArray(matrix) || matrix.length !== rows) {
    return `${at}: ${name} must be ${rows} rows (${rowsAre}), got ${Array.isArray(matrix) ? matrix.length : 'no list'}`;
  }
  for (let i = 0; i < matrix.length; i++) {
    const row: unknown = matrix[i];
    if (!Array.isArray(row) || row.length !== cols) return `${at}: ${name} row ${i} must hold ${cols} numbers (${colsAre})`;
    if (!row.every(isFiniteNumber)) return `${at}: ${name} row ${i} holds a value that is not a finite number`;
  }
  return '';
}

/** Why `bias` is not a non-empty list of finite numbers, or ''. */
function biasProblem(bias: unknown, at: string): string {
  if (!Array.isArray(bias) || bias.length === 0) return `${at}: bias must be a non-empty list of numbers`;
  return '';
}

const finiteBiasProblem = (bias: unknown[], at: string): string => (bias.every(isFiniteNumber) ? '' : `${at}: bias holds a value that is not a finite number`);

/** Why an activation `name` (field `field` of layer `at`) cannot take `width` units, or ''. */
function activationProblem(name: unknown, at: string, field: string, width: number): string {
  if (typeof name !== 'string' || !(ACTIVATIONS as readonly string[]).includes(name)) {
    return `${at}: ${field} must be one of ${ACTIVATIONS.join(', ')}, got ${showUntrusted(name)}`;
  }
  if (name === 'groupsort2' && width % 2 !== 0) return `${at}: groupsort2 needs an even width, got ${width}`;
  return '';
}

/** Why dense layer `at` (with `width` inputs) is not valid, or '' (its output width is then bias.length). */
function denseProblem(layer: Record<string, unknown>, at: string, width: number): string {
  const { weights, bias } = layer;
  if (!Array.isArray(weights) || weights.length !== width) return matrixProblem(weights, at, 'weights', width, 'one per input', 0, '');
  const problem = biasProblem(bias, at);
  if (problem) return problem;
  const outputs = (bias as unknown[]).length;
  return matrixProblem(weights, at, 'weights', width, 'one per input', outputs, 'one per output, as the bias') || finiteBiasProblem(bias as unknown[], at);
}

/** Why residual block `at` (on `width` units) is not valid, or '' (it keeps the width). */
function residualProblem(layer: Record<string, unknown>, at: string, width: number): string {
  const { inner, bias, activation, outer } = layer;
  if (!Array.isArray(inner) || inner.length !== width) return matrixProblem(inner, at, 'inner', width, 'one per input', 0, '');
  const problem = biasProblem(bias, at);
  if (problem) return problem;
  const hidden = (bias as unknown[]).length;
  const first =
    matrixProblem(inner, at, 'inner', width, 'one per input', hidden, 'one per hidden unit, as the bias') ||
    finiteBiasProblem(bias as unknown[], at) ||
    activationProblem(activation, at, 'activation', hidden);
  if (first) return first;
  const units = activationOutputWidth(activation as ActivationName, hidden);
  const unitsAre = activation === 'maxmin' ? `one per output of maxmin, 2 x ${hidden}` : 'one per hidden unit';
  return matrixProblem(outer, at, 'outer', units, unitsAre, width, `one per output: the block keeps the width ${width}`);
}

/** Why layer `i` of a version 1 file is not valid, or ''; dense and activation layers alternate there. */
function v1LayerProblem(layer: unknown, i: number, width: number): string {
  const at = `layer ${i}`;
  if (isObject(layer) && layer.type === 'residual') return `${at}: residual blocks need version 2 of the format (this file says version 1)`;
  const dense = i % 2 === 0;
  if (!isObject(layer) || layer.type !== (dense ? 'dense' : 'activation')) {
    return `${at} must be ${dense ? 'a dense layer' : 'an activation'} (dense and activation layers alternate, dense first and last)`;
  }
  return dense ? denseProblem(layer, at, width) : activationProblem(layer.name, at, 'activation', width);
}

/** Why layer `i` of a version 2 file is not valid, or ''; any order whose widths chain. */
function v2LayerProblem(layer: unknown, i: number, width: number): string {
  if (!isObject(layer)) return `layer ${i} must be an object (a dense, activation or residual layer)`;
  switch (layer.type) {
    case 'dense':
      return denseProblem(layer, `layer ${i}`, width);
    case 'activation':
      return activationProblem(layer.name, `layer ${i}`, 'activation', width);
    case 'residual':
      return residualProblem(layer, `layer ${i} (residual)`, width);
    default:
      return `layer ${i}: type must be dense, activation or residual, got ${showUntrusted(layer.type)}`;
  }
}

/** The width after a valid layer. */
function widthAfter(layer: MlpLayerJson, width: number): number {
  if (layer.type === 'dense') return layer.bias.length;
  if (layer.type === 'activation') return activationOutputWidth(layer.name, width);
  return width;
}

/**
 * Reads an untrusted value as a model file: the format and version (1 or 2), `input` 2, `lipschitz` a
 * positive number or null, then the layers: version 1 alternates dense layers (finite weights of matching
 * shapes) and known activations; version 2 also takes residual blocks, in any order whose widths chain. Both
 * end in a dense layer of one output. Never throws; the error is one line naming the layer and the field.
 */
export function parseMlpJson(value: unknown): { mlp: MlpJson } | { error: string } {
  const fail = (error: string) => ({ error });
  if (!isObject(value)) return fail('a model file must be a JSON object');
  if (value.format !== 'lipschitz-playground/mlp') return fail(`format must be "lipschitz-playground/mlp", got ${showUntrusted(value.format)}`);
  const version = value.version;
  if (version !== 1 && version !== 2) return fail(`unsupported version ${showUntrusted(version)} (this reads versions 1 and 2)`);
  if (value.input !== 2) return fail(`input must be 2 (points of the plane), got ${String(value.input)}`);
  const { lipschitz, layers } = value;
  if (lipschitz !== null && !(isFiniteNumber(lipschitz) && lipschitz > 0)) {
    return fail('lipschitz must be a positive number (a Lipschitz net) or null (a standard net)');
  }
  if (!Array.isArray(layers) || layers.length === 0) return fail('layers must be a non-empty list');
  let width = 2;
  for (let i = 0; i < layers.length; i++) {
    const layer: unknown = layers[i];
    const problem = version === 1 ? v1LayerProblem(layer, i, width) : v2LayerProblem(layer, i, width);
    if (problem) return fail(problem);
    width = widthAfter(layer as MlpLayerJson, width);
  }
  if ((layers[layers.length - 1] as MlpLayerJson).type !== 'dense') return fail('the last layer must be dense (the output f)');
  if (width !== 1) return fail(`the last dense layer must have one output (the score f), got ${width}`);
  return { mlp: value as unknown as MlpJson };
}
