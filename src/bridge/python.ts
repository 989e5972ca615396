/**
 * The Python bridge: a runnable script from a model file (format lipschitz-playground/mlp, versions 1 and
 * 2) and the configuration it was trained with, in three flavours. One code path for the runner
 * (`npm run export`) and the page's Export menu; pure TypeScript, no tfjs.
 *   torch     plain PyTorch: the trained f itself, no Lipschitz library (scripts in torchScript.ts); any
 *             model file, residual blocks included
 *   torchlip  deel-torchlip: the net, loss, optimizer and data to train it, the trained weights loaded
 *   deel-lip  deel-lip (Keras): the same
 * Every script ends with a self-check against the playground's f on a few embedded points.
 *
 * The library flavours build the net to train from the library's own layers (SpectralLinear, SpectralDense),
 * and neither library has a residual block z = x + act(x V + b) U (deel-torchlip's LipResidual is a learnt
 * mix alpha x + (1 - alpha) l(x)), so they refuse model files with residual blocks (`residualRefusal`).
 */
import type { ExperimentConfig } from '../core/config';
import { hasResidualLayers, type MlpJson } from '../core/mlpJson';
import { checkPoints } from './checkPoints';
import type { DatasetPoints } from './dataset';
import { libraryScript } from './libraryScript';
import { configForModel, modelMismatches } from './netShape';
import { torchScript } from './torchScript';

export const PYTHON_FLAVOURS = ['torch', 'torchlip', 'deel-lip'] as const;
export type PythonFlavour = (typeof PYTHON_FLAVOURS)[number];

export interface PythonScriptInput {
  flavour: PythonFlavour;
  /** A valid model file (core/mlpJson.ts parseMlpJson). */
  model: MlpJson;
  /** The configuration the model was trained with; without it, the defaults with the file's model section. */
  config?: ExperimentConfig;
  /** The dataset's points (data/split.ts): embedded where scikit-learn has no generator of the geometry. */
  dataset?: DatasetPoints;
  /** Whether the library scripts load the trained weights (default true); the torch script always holds them. */
  trainedWeights?: boolean;
}

const LIBRARY_NAME: Record<PythonFlavour, string> = { torch: 'PyTorch', torchlip: 'deel-torchlip', 'deel-lip': 'deel-lip' };

/**
 * Why `flavour` cannot write a net with residual blocks, one line (null for the plain PyTorch script, which
 * writes any model file). `torchWay` names the way to the PyTorch script where the reader is (a flag, a menu item).
 */
export function residualRefusal(flavour: PythonFlavour, torchWay = 'use --to torch'): string | null {
  if (flavour === 'torch') return null;
  return `${LIBRARY_NAME[flavour]} has no residual layer of this kind: ${torchWay}, which holds the effective weights`;
}

/**
 * The script's text. Throws an Error when a library flavour is asked for a model file with residual blocks,
 * when the configuration does not describe the model file's net, or when the dataset's points are needed
 * and not given.
 */
export function pythonScript(input: PythonScriptInput): string {
  const { flavour, model } = input;
  const refusal = hasResidualLayers(model) ? residualRefusal(flavour) : null;
  if (refusal) throw new Error(refusal);
  if (input.config) {
    const problems = modelMismatches(model, input.config);
    if (problems.length) throw new Error(`the model file and the config disagree: ${problems.join('; ')}`);
  }
  const config = input.config ?? configForModel(model);
  const scale = config.data.name === 'user' ? 1 : config.data.scale;
  const check = checkPoints(model, scale);
  if (flavour === 'torch') return torchScript(model, check);
  return libraryScript(flavour, {
    model,
    config,
    configGiven: input.config !== undefined,
    dataset: input.dataset,
    check,
    trainedWeights: input.trainedWeights ?? true,
  });
}
