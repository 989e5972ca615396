import { parseConfig, type ExperimentConfig } from '../core/config';
import { hasResidualLayers, type MlpDenseJson, type MlpJson } from '../core/mlpJson';
import type { Checkpoint } from './trainer';

/**
 * A model file (core/mlpJson.ts) viewed in the playground (issue 11, "Into the app"): the same trainer as
 * any run, built as a *standard* net of the file's shape and given the file's weights. A standard layer's
 * kernel is its effective weight and its output scale is 1, so f is exactly the file's forward pass (the
 * output scale L of a Lipschitz export is already folded into its last layer), and the Lipschitz bound the
 * snapshots report is the product of the spectral norms of the file's weights. It never trains (engine).
 */

/** The configuration of the viewed net: `current` (its data, loss, view) with the file's architecture. */
export function viewedModelConfig(mlp: MlpJson, current: ExperimentConfig): { config: ExperimentConfig } | { error: string } {
  // A standard net has no residual blocks to hold a version 2 file's (app/imports.ts refuses such files first).
  if (hasResidualLayers(mlp)) return { error: 'it holds residual blocks (version 2), which a viewed model cannot hold: the playground views nets of dense layers' };
  const dense = mlp.layers.filter((l): l is MlpDenseJson => l.type === 'dense');
  const activations = [...new Set(mlp.layers.flatMap((l) => (l.type === 'activation' ? [l.name] : [])))];
  // The playground's nets use one activation throughout; a file mixing them cannot be rebuilt here.
  if (activations.length > 1) return { error: `it mixes activations (${activations.join(', ')}); the playground's nets use one throughout` };
  const model = {
    ...current.model,
    kind: 'standard' as const,
    head: 'one-logit' as const,
    hidden: dense.slice(0, -1).map((l) => l.bias.length),
    activation: activations[0] ?? current.model.activation,
  };
  const { config, issues } = parseConfig({ ...current, model });
  if (issues.length > 0) return { error: issues.map((i) => `${i.path} ${i.message}`).join('; ') };
  return { config };
}

/** The file's weights as a checkpoint of that net at step 0 (each dense layer's kernel, then its bias). */
export function checkpointOfMlp(mlp: MlpJson): Checkpoint {
  const variables = mlp.layers.flatMap((l) => (l.type === 'dense' ? [Float32Array.from(l.weights.flat()), Float32Array.from(l.bias)] : []));
  return { step: 0, variables };
}
