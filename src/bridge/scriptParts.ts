/**
 * Pieces every generated script shares: the net's one-line description, the embedded weights and the
 * self-check that ends each script.
 */
import type { ActivationName } from '../core/config';
import type { MlpJson } from '../core/mlpJson';
import type { CheckPoints } from './checkPoints';
import { netShapeOf, type NetShape } from './netShape';
import { pyComment, pyFloat, pyFloatList, pyFloatMatrix } from './pyText';

/** "a Lipschitz net 2 -> 64 -> 64 -> 1, groupsort2, L = 1"; "… 2 -> 8 -> 8 -> 8 -> 1 (2 residual blocks), relu …" */
export function describeNet(shape: NetShape): string {
  const widths = [2, ...shape.hidden, 1].join(' -> ');
  const blocks = shape.residual.length;
  const structure = blocks ? `${widths} (${blocks} residual block${blocks > 1 ? 's' : ''})` : widths;
  const activations = shape.activationsUsed.join(', ') || 'no hidden layer';
  return shape.kind === 'lipschitz'
    ? `a Lipschitz net ${structure}, ${activations}, L = ${shape.lipschitz}`
    : `a standard net ${structure}, ${activations}`;
}

/** Torch code of each activation, applied to a batch h (n x width); maxmin doubles the width. */
export const TORCH_ACTIVATION: Record<ActivationName, { expression: string; comment: string }> = {
  groupsort2: {
    expression: 'torch.stack([h.reshape(len(h), -1, 2).min(dim=2).values, h.reshape(len(h), -1, 2).max(dim=2).values], dim=2).reshape(h.shape)',
    comment: 'each adjacent pair (a, b) -> (min(a, b), max(a, b))',
  },
  fullsort: { expression: 'torch.sort(h, dim=1).values', comment: 'the whole row sorted ascending' },
  maxmin: { expression: 'torch.cat([torch.relu(h), torch.relu(-h)], dim=1)', comment: 'h -> [relu(h), relu(-h)]: doubles the width' },
  relu: { expression: 'torch.relu(h)', comment: 'max(h, 0)' },
  tanh: { expression: 'torch.tanh(h)', comment: 'tanh(h)' },
  abs: { expression: 'torch.abs(h)', comment: '|h|' },
};

/** The Python function name of an activation (abs would hide Python's own abs). */
export const pyActivationName = (name: ActivationName): string => (name === 'abs' ? 'absolute' : name);

/** Python functions `groupsort2(h)` etc. for the given activations (each once), in plain torch. */
export function torchActivationFunctions(names: readonly ActivationName[]): string {
  return [...new Set(names)]
    .map((name) => [`def ${pyActivationName(name)}(h):`, `    """${TORCH_ACTIVATION[name].comment}"""`, `    return ${TORCH_ACTIVATION[name].expression}`].join('\n'))
    .join('\n\n\n');
}

/**
 * The effective weights as Python: WEIGHTS[i] is dense layer i's kernel, `in` rows of `out` numbers
 * (y = x W + b, the model file's layout), BIASES[i] its bias.
 */
export function weightsPython(mlp: MlpJson): string {
  const shape = netShapeOf(mlp);
  const kernels = shape.dense.map((d, i) => `    # dense ${i}: ${d.weights.length} -> ${d.bias.length}\n    ${pyFloatMatrix(d.weights, '    ')},`);
  const biases = shape.dense.map((d) => `    ${pyFloatList(d.bias, '    ')},`);
  return [
    pyComment([
      'The playground\'s effective weights (after Björck / Frobenius normalisation, L folded into the last layer),',
      'as in its model file: WEIGHTS[i] holds `in` rows of `out` numbers, y = x W + b.',
    ]),
    `WEIGHTS = [\n${kernels.join('\n')}\n]`,
    `BIASES = [\n${biases.join('\n')}\n]`,
    ...(shape.residual.length ? [residualsPython(shape)] : []),
  ].join('\n');
}

/**
 * The residual blocks as Python (version 2 files): RESIDUALS[r] is block r's inner V (`in` rows of `hidden`),
 * its bias b and its outer U (`hidden` rows of `in`; 2 x hidden for maxmin), z = x + act(x V + b) U.
 */
function residualsPython(shape: NetShape): string {
  const blocks = shape.residual.map((r, i) => {
    const about = `# residual ${i}: ${r.inner.length} -> ${r.bias.length} -> ${r.inner.length}, ${r.activation}`;
    return [
      `    ${about}`,
      '    {',
      `        "inner": ${pyFloatMatrix(r.inner, '        ')},`,
      `        "bias": ${pyFloatList(r.bias, '        ')},`,
      `        "outer": ${pyFloatMatrix(r.outer, '        ')},`,
      '    },',
    ].join('\n');
  });
  return [
    pyComment(['The residual blocks, as in the model file (version 2): z = x + act(x V + b) U with V = "inner" (`in` rows of', '`hidden` numbers), b = "bias" and U = "outer" (one row per unit of act(...), `in` numbers each).']),
    `RESIDUALS = [\n${blocks.join('\n')}\n]`,
  ].join('\n');
}

/**
 * The self-check: f at a few points computed with the playground's model file, and a function that compares
 * `evaluate(model, CHECK_POINTS)` with them and prints the largest difference. `tolerance` is relative to
 * max(1, |f|): float64 scripts reproduce f to rounding, float32 libraries to about 1e-6.
 */
export function selfCheckPython(check: CheckPoints, tolerance: number, what: string): string {
  return [
    pyComment(['Self-check: the playground\'s f at these points, computed from its model file (core/mlpJson.ts forwardMlpJson).']),
    `CHECK_POINTS = [\n${check.points.map(([x, y]) => `    [${pyFloat(x)}, ${pyFloat(y)}],`).join('\n')}\n]`,
    `CHECK_F = ${pyFloatList(check.f)}`,
    `CHECK_TOLERANCE = ${pyFloat(tolerance)}`,
    '',
    '',
    'def self_check(model):',
    `    """Compares ${what} with the playground's f on CHECK_POINTS; prints the largest difference."""`,
    '    got = evaluate(model, CHECK_POINTS)',
    '    diff = max(abs(a - b) for a, b in zip(got, CHECK_F))',
    '    allowed = CHECK_TOLERANCE * max(1.0, max(abs(v) for v in CHECK_F))',
    '    verdict = "matches" if diff <= allowed else "DOES NOT MATCH"',
    '    print(f"self-check: largest |f - f_playground| over {len(CHECK_F)} points = {diff:.3g} "',
    '          f"(allowed {allowed:.3g}): {verdict} the playground")',
    '    return diff <= allowed',
  ].join('\n');
}
