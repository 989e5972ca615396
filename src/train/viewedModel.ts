import { parseConfig, type ExperimentConfig } from '../core/config';
import { residualLayoutProblem, type MlpDenseJson, type MlpJson, type MlpResidualJson } from '../core/mlpJson';
import type { ResidualWeights } from '../core/residualWeights';
import { mlpFromWeights, type Mlp } from '../lip/model';
import { residualBlockBound } from '../lip/zoo/residualBound';

/**
 * A model file (core/mlpJson.ts) viewed in the playground (issue 11, "Into the app"): the same trainer as
 * any run, holding an inference net built from the file's weights (`modelOfFile`): dense layers with the
 * file's weights as standard layers, and the residual blocks of a version 2 file as fixed blocks. Its
 * output scale is 1, so f is exactly the file's forward pass (the output scale L of a Lipschitz export is
 * already folded into its last layer), and the Lipschitz bound the snapshots report is the product of the
 * spectral norms of the file's dense weights times each block's bound, computed from the block's own
 * weights (lip/zoo/residualBound.ts: sound for any block, about 1 for sll and cpl blocks). It never trains.
 */

/** The configuration of the viewed net: `current` (its data, loss, view) with the file's architecture. */
export function viewedModelConfig(mlp: MlpJson, current: ExperimentConfig): { config: ExperimentConfig } | { error: string } {
  const layout = residualLayoutProblem(mlp);
  if (layout) return { error: layout };
  const dense = mlp.layers.filter((l): l is MlpDenseJson => l.type === 'dense');
  const blocks = mlp.layers.filter((l): l is MlpResidualJson => l.type === 'residual');
  const activations = [...new Set(mlp.layers.flatMap((l) => (l.type === 'activation' ? [l.name] : l.type === 'residual' ? [l.activation] : [])))];
  // The playground's nets use one activation throughout; a file mixing them cannot be rebuilt here.
  if (activations.length > 1) return { error: `it mixes activations (${activations.join(', ')}); the playground's nets use one throughout` };
  const model = {
    ...current.model,
    kind: 'standard' as const,
    head: 'one-logit' as const,
    // A residual net's widths as the config writes them: the first layer's, then one per block.
    hidden: [...dense.slice(0, -1).map((l) => l.bias.length), ...blocks.map((b) => b.inner.length)],
    activation: activations[0] ?? current.model.activation,
  };
  const { config, issues } = parseConfig({ ...current, model });
  if (issues.length > 0) return { error: issues.map((i) => `${i.path} ${i.message}`).join('; ') };
  return { config };
}

/** The file's net, for inference: its dense layers and residual blocks hold the file's weights. Owns tensors. */
export function modelOfFile(mlp: MlpJson, config: ExperimentConfig): Mlp {
  const dense = mlp.layers
    .filter((l): l is MlpDenseJson => l.type === 'dense')
    .map((l) => ({ inputs: l.weights.length, outputs: l.bias.length, kernel: Float32Array.from(l.weights.flat()), bias: Float32Array.from(l.bias) }));
  const residual = mlp.layers
    .filter((l): l is MlpResidualJson => l.type === 'residual')
    .map((b): ResidualWeights => {
      const width = b.inner.length;
      const hidden = b.bias.length;
      const inner = Float32Array.from(b.inner.flat());
      const outer = Float32Array.from(b.outer.flat());
      return { width, hidden, inner, bias: Float32Array.from(b.bias), outer, bound: residualBlockBound(inner, outer, width, hidden) };
    });
  return mlpFromWeights('standard', config.model.activation, 1, dense, residual);
}
