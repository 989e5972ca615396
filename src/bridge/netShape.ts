/**
 * What a model file says about its net (kind, widths, activations, L), the configuration a script trains
 * with when none is given, and where a given configuration disagrees with the file.
 */
import { DEFAULT_CONFIG, isResidualLayer, RESIDUAL_LAYERS, type ActivationName, type ExperimentConfig, type ModelKind } from '../core/config';
import { activationOutputWidth, type MlpDenseJson, type MlpJson, type MlpResidualJson } from '../core/mlpJson';

export interface NetShape {
  kind: ModelKind;
  /** L of a Lipschitz net (folded into the last layer of the file), null for a standard net. */
  lipschitz: number | null;
  /** Every dense layer, in order; weights are `inputs` rows of `outputs` numbers. */
  dense: MlpDenseJson[];
  /** The activation layers, in order (in version 1: the one after each dense layer but the last). */
  activations: ActivationName[];
  /** The residual blocks (version 2), in order. */
  residual: MlpResidualJson[];
  /** Every activation the net uses, in activation layers and inside residual blocks, each once. */
  activationsUsed: ActivationName[];
  /**
   * Output widths of the hidden layers, dense ones and residual blocks in order (the configuration's
   * `model.hidden`: a residual net's first hidden width is its dense layer 2 -> width, the others its blocks).
   */
  hidden: number[];
}

export function netShapeOf(mlp: MlpJson): NetShape {
  const dense = mlp.layers.filter((l): l is MlpDenseJson => l.type === 'dense');
  const residual = mlp.layers.filter((l): l is MlpResidualJson => l.type === 'residual');
  const activations = mlp.layers.flatMap((l) => (l.type === 'activation' ? [l.name] : []));
  const hidden: number[] = [];
  let width = 2;
  for (const l of mlp.layers.slice(0, -1)) {
    if (l.type === 'activation') width = activationOutputWidth(l.name, width);
    else if (l.type === 'dense') hidden.push((width = l.bias.length));
    else hidden.push(width); // a residual block keeps the width
  }
  return {
    kind: mlp.lipschitz === null ? 'standard' : 'lipschitz',
    lipschitz: mlp.lipschitz,
    dense,
    activations,
    residual,
    activationsUsed: [...new Set(mlp.layers.flatMap((l) => (l.type === 'activation' ? [l.name] : l.type === 'residual' ? [l.activation] : [])))],
    hidden,
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
  config.model.activation = shape.activationsUsed[0] ?? DEFAULT_CONFIG.model.activation;
  if (shape.lipschitz !== null) config.model.lipschitz = shape.lipschitz;
  // The file does not say which residual parametrisation made its blocks: the first residual layer stands in
  // (only the plain PyTorch script takes such files, and it reads nothing of the configuration but the data).
  if (shape.residual.length > 0) config.model.layer = RESIDUAL_LAYERS[0];
  return config;
}

/**
 * Whether the configuration's net has residual blocks, so that its model file is of version 2: a standard
 * net ignores model.layer; a Lipschitz one has them when its layer is residual (sll, cpl) and it has more
 * than one hidden layer (the first stays dense, 2 -> width; each further one is a block, lip/model.ts).
 */
export function configHasResidualBlocks(model: Pick<ExperimentConfig['model'], 'kind' | 'layer' | 'hidden'>): boolean {
  return model.kind === 'lipschitz' && isResidualLayer(model.layer) && model.hidden.length > 1;
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
  const other = shape.activationsUsed.find((a) => a !== m.activation);
  if (other) problems.push(`activation ${other} in the model file, ${m.activation} in the config`);
  const residualConfig = configHasResidualBlocks(m);
  if (shape.residual.length > 0 && !residualConfig) problems.push(`residual blocks in the model file, none in the config (${m.kind} net, layer ${m.layer})`);
  if (shape.residual.length === 0 && residualConfig) problems.push(`no residual block in the model file, the residual layer ${m.layer} in the config`);
  if (shape.lipschitz !== null && m.kind === 'lipschitz' && Math.abs(shape.lipschitz - m.lipschitz) > 1e-9 * m.lipschitz) {
    problems.push(`Lipschitz constant ${shape.lipschitz} in the model file, ${m.lipschitz} in the config`);
  }
  return problems;
}
