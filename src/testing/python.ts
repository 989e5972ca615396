/**
 * Python for the bridge's tests (imported by *.test.ts only): Debian's interpreter, whether it has torch,
 * running a generated script's f on points, and small seeded model files. Debian's interpreter is
 * /usr/bin/python3; the python3 first on PATH may be another install without Debian's packages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ActivationName } from '../core/config';
import type { MlpJson } from '../core/mlpJson';

export const PYTHON = '/usr/bin/python3';
const PYTHON_TIMEOUT_MS = 120_000;

/** Why Python tests cannot run here ('' when they can): no interpreter, or (with `torch`) no torch in it. */
export function pythonMissing(torch: boolean): string {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing (CI installs python3 from Debian)`;
  if (!torch) return '';
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8', timeout: PYTHON_TIMEOUT_MS });
  return r.status === 0 ? '' : `torch or numpy is missing from ${PYTHON} (apt-get install python3-torch python3-numpy; .ci/run does)`;
}

export interface PythonResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs Debian's python3 with the arguments (and stdin, environment additions), waiting for it. */
export function runPython(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): PythonResult {
  const r = spawnSync(PYTHON, args, {
    input: options.input,
    cwd: options.cwd,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env }, // no __pycache__ in the stand-in's folder
    encoding: 'utf8',
    timeout: PYTHON_TIMEOUT_MS,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * f at the points (interleaved x, y) from a generated script, through its own `playground_model()` and
 * `evaluate(model, points)`, the script loaded as a module (its main does not run).
 */
export function scriptF(script: string, xy: ArrayLike<number>, env?: Record<string, string>): number[] {
  const points = Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i], xy[2 * i + 1]]);
  const code = 'import json, runpy, sys\nns = runpy.run_path(sys.argv[1])\nprint(json.dumps(ns["evaluate"](ns["playground_model"](), json.load(sys.stdin))))';
  const r = runPython(['-c', code, script], { input: JSON.stringify(points), env });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as number[];
}

/**
 * A seeded model file: dense 2 -> widths... with `activations[i]` after dense layer i (maxmin doubling the
 * next layer's inputs). Weights uniform in [-0.5, 0.5): not normalised, so only the plain torch script, which
 * takes weights as they are, reproduces it (library layers normalise what they hold).
 */
export function handMadeMlp(activations: ActivationName[], widths: number[], lipschitz: number | null, seed = 1): MlpJson {
  let s = seed;
  const next = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  const layers: MlpJson['layers'] = [];
  let inputs = 2;
  widths.forEach((width, i) => {
    layers.push({ type: 'dense', weights: Array.from({ length: inputs }, () => Array.from({ length: width }, next)), bias: Array.from({ length: width }, next) });
    if (i < activations.length) {
      layers.push({ type: 'activation', name: activations[i] });
      inputs = activations[i] === 'maxmin' ? 2 * width : width;
    }
  });
  return { format: 'lipschitz-playground/mlp', version: 1, input: 2, lipschitz, layers };
}

/**
 * A seeded model file of version 2: dense 2 -> width, an activation layer, then `blocks` residual blocks
 * z = x + act(x V + b) U with V width x hidden and U hidden x width (2 x hidden rows for maxmin), `activation`
 * inside each, then the head width -> 1. With `between`, an activation layer follows every block too. The
 * activation layers use `layerActivation` (default `activation`; one that keeps the width). Weights uniform
 * in [-0.5, 0.5), as handMadeMlp.
 */
export function handMadeResidualMlp(options: {
  width: number;
  hidden: number;
  blocks: number;
  activation: ActivationName;
  layerActivation?: ActivationName;
  lipschitz: number | null;
  seed?: number;
  between?: boolean;
}): MlpJson {
  const { width, hidden, blocks, activation } = options;
  const layerActivation = options.layerActivation ?? activation;
  if (layerActivation === 'maxmin') throw new Error('the activation layers must keep the width (maxmin doubles it)');
  let s = options.seed ?? 1;
  const next = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, next));
  const layers: MlpJson['layers'] = [
    { type: 'dense', weights: matrix(2, width), bias: matrix(1, width)[0] },
    { type: 'activation', name: layerActivation },
  ];
  for (let i = 0; i < blocks; i++) {
    const units = activation === 'maxmin' ? 2 * hidden : hidden;
    layers.push({ type: 'residual', inner: matrix(width, hidden), bias: matrix(1, hidden)[0], activation, outer: matrix(units, width) });
    if (options.between) layers.push({ type: 'activation', name: layerActivation });
  }
  layers.push({ type: 'dense', weights: matrix(width, 1), bias: [next()] });
  return { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: options.lipschitz, layers };
}
