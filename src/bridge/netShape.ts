/**
 * What a model file says about its net (kind, widths, activations, L), the configuration a script trains
 * with when none is given, and where a given configuration disagrees with the file.
 */
import { DEFAULT_CONFIG, type ActivationName, type ExperimentConfig, type ModelKind } from '../core/config';
import type { MlpDenseJson, MlpJson } from '../core/mlpJson';

export interface NetShape {
  kind: ModelKind;
  /** L of a Lipschitz net (folded into the last layer of the file), null for a standard net. */
  lipschitz: number | null;
  /** Every dense layer, in order; weights are `inputs` rows of `outputs` numbers. */
  dense: MlpDenseJson[];
  /** The activation after each dense layer but the last. */
  activations: ActivationName[];
  /** Output widths of the hidden dense layers (the configuration's `model.hidden`). */
  hidden: number[];
}

export function netShapeOf(mlp: MlpJson): NetShape {
  const dense = mlp.layers.filter((l): l is MlpDenseJson => l.type === 'dense');
  const activations = mlp.layers.flatMap((l) => (l.type === 'activation' ? [l.name] : []));
  return {
    kind: mlp.lipschitz === null ? 'standard' : 'lipschitz',
    lipschitz: mlp.lipschitz,
    dense,
    activations,
    hidden: dense.slice(0, -1).map((d) => d.bias.length),
  };
}

/**
 * The configuration a script trains with when the caller has none: the defaults, with the model section
 * the file implies (kind, hidden widths, the activation of its first hidden layer, L).
 */
export function configForModel(mlp: MlpJson): ExperimentConfig {
  const shape = netShapeOf(mlp);
  const config = structuredClone(DEFAULT_CONFIG);
  config.model.kind = shape.kind;
  config.model.hidden = shape.hidden;
  config.model.activation = shape.activations[0] ?? DEFAULT_CONFIG.model.activation;
  if (shape.lipschitz !== null) config.model.lipschitz = shape.lipschitz;
  return config;
}

/** Where the configuration's model section disagrees with the model file, one phrase each (empty: none). */
export function modelMismatches(mlp: MlpJson, config: ExperimentConfig): string[] {
  const shape = netShapeOf(mlp);
  const m = config.model;
  const problems: string[] = [];
  if (shape.kind !== m.kind) problems.push(`the model file holds a ${shape.kind} net, the config a ${m.kind} one`);
  if (shape.hidden.join(',') !== m.hidden.join(',')) {
    problems.push(`hidden widths [${shape.hidden.join(', ')}] in the model file, [${m.hidden.join(', ')}] in the config`);
  }
  const other = shape.activations.find((a) => a !== m.activation);
  if (other) problems.push(`activation ${other} in the model file, ${m.activation} in the config`);
  if (shape.lipschitz !== null && m.kind === 'lipschitz' && Math.abs(shape.lipschitz - m.lipschitz) > 1e-9 * m.lipschitz) {
    problems.push(`Lipschitz constant ${shape.lipschitz} in the model file, ${m.lipschitz} in the config`);
  }
  return problems;
}
