import * as tf from '@tensorflow/tfjs';
import type { MlpJson } from '../core/mlpJson';
import { spectralNorm } from './linalg';
import type { Mlp } from './model';

// The format (its types, reader and forward pass) lives in core/mlpJson.ts, free of tfjs for the page; the
// tests that hold this writer to it import them from here too.
/** @internal The format's reader, re-exported for the tests of the writer. */
export { forwardMlpJson } from '../core/mlpJson';
/** @internal */
export type { MlpJson } from '../core/mlpJson';

/** A dense layer's effective weights read back from the device, row-major (in x out). */
export interface DenseWeights {
  inputs: number;
  outputs: number;
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * Reads the effective weights (after Björck / Frobenius normalisation) of every dense layer of the score
 * f. A two-logit head reads as one output, weights w0 - w1 and bias b0 - b1: f0 - f1 = h (w0 - w1) +
 * (b0 - b1) is exactly the score, so the bound, the export and every model rebuilt from these weights
 * (train/inference.ts) are about f itself.
 */
export async function readEffectiveWeights(model: Mlp): Promise<DenseWeights[]> {
  const weights = model.effectiveWeights();
  return Promise.all(
    model.layers.map(async (layer, i) => {
      const bias = tf.tidy(() => tf.clone(layer.scoreBias()));
      const values = (await bias.data()) as Float32Array;
      bias.dispose();
      return { inputs: layer.inputs, outputs: layer.scoreOutputs, kernel: (await weights[i].data()) as Float32Array, bias: values };
    }),
  );
}

/**
 * Upper bound of the Lipschitz constant of f: L_bound = |outputScale| * prod_i |W_i|_2 over the effective
 * weights (every activation here is 1-Lipschitz). Each |W_i|_2 is a certified upper bound (see
 * `spectralNorm`), so L_bound is an upper bound at every width and certificates |f| / L_bound are sound.
 * For a Lipschitz net it is L up to Björck's tolerance; for a standard net it is the usual, often very
 * loose, product of spectral norms. NaN when a weight is not finite. For the two-logit head the last
 * factor is |w0 - w1|, up to 2 (each wi is a unit vector), not 1 (docs/math.md, "Two-logit head").
 */
export function lipschitzBoundOf(weights: DenseWeights[], outputScale: number): number {
  return weights.reduce((acc, w) => acc * spectralNorm(w.kernel, w.inputs, w.outputs), Math.abs(outputScale));
}

function rowsOf(w: DenseWeights, scale: number): number[][] {
  return Array.from({ length: w.inputs }, (_, i) =>
    Array.from(w.kernel.subarray(i * w.outputs, (i + 1) * w.outputs), (v) => v * scale),
  );
}

/**
 * Builds the plain MLP JSON of a model. A two-logit head is written as its score, one output with weights
 * w0 - w1 and bias b0 - b1 (`readEffectiveWeights`): exactly the same function f = f0 - f1, and the
 * format keeps its single output.
 */
export async function exportMlp(model: Mlp): Promise<MlpJson> {
  const weights = await readEffectiveWeights(model);
  const layers: MlpJson['layers'] = [];
  weights.forEach((w, i) => {
    const last = i === weights.length - 1;
    const scale = last ? model.outputScale : 1;
    layers.push({ type: 'dense', weights: rowsOf(w, scale), bias: Array.from(w.bias, (b) => b * scale) });
    if (!last) layers.push({ type: 'activation', name: model.activation });
  });
  return {
    format: 'lipschitz-playground/mlp',
    version: 1,
    input: 2,
    lipschitz: model.kind === 'lipschitz' ? model.outputScale : null,
    layers,
  };
}
