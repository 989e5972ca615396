import * as tf from '@tensorflow/tfjs';
import type { MlpJson, MlpResidualJson } from '../core/mlpJson';
import { spectralNorm } from './linalg';
import type { Mlp } from './model';
import type { ResidualWeights } from '../core/residualWeights';

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

/** Every layer of the score read back: the dense layers and the residual blocks between the first and the head. */
export interface NetWeights {
  dense: DenseWeights[];
  residual: ResidualWeights[];
}

/** The dense layers' and the residual blocks' effective weights, with each block's own bound. */
export async function readNetWeights(model: Mlp): Promise<NetWeights> {
  const dense = await readEffectiveWeights(model);
  const effective = model.residualEffective();
  const residual = await Promise.all(
    model.residual.map(async (block, i) => ({
      width: block.width,
      hidden: block.hidden,
      inner: (await effective[i].inner.data()) as Float32Array,
      bias: (await effective[i].bias.data()) as Float32Array,
      outer: (await effective[i].outer.data()) as Float32Array,
      bound: await block.readBound(),
    })),
  );
  return { dense, residual };
}

/**
 * Upper bound of the Lipschitz constant of f: L_bound = |outputScale| * prod_i |W_i|_2 over the effective
 * weights (every activation here is 1-Lipschitz), times each residual block's own bound. Each |W_i|_2 is a certified upper bound (see
 * `spectralNorm`), so L_bound is an upper bound at every width and certificates |f| / L_bound are sound.
 * For a Lipschitz net it is L up to Björck's tolerance; for a standard net it is the usual, often very
 * loose, product of spectral norms. NaN when a weight is not finite. For the two-logit head the last
 * factor is |w0 - w1|, up to 2 (each wi is a unit vector), not 1 (docs/math.md, "Two-logit head").
 */
export function lipschitzBoundOf(net: NetWeights, outputScale: number): number {
  const dense = net.dense.reduce((acc, w) => acc * spectralNorm(w.kernel, w.inputs, w.outputs), Math.abs(outputScale));
  return net.residual.reduce((acc, block) => acc * block.bound, dense);
}

/** A residual block as the format writes it: V as `width` rows of `hidden`, U as `hidden` rows of `width`. */
function residualJson(r: ResidualWeights, activation: Mlp['activation']): MlpResidualJson {
  const rows = (values: Float32Array, count: number, length: number) =>
    Array.from({ length: count }, (_, i) => Array.from(values.subarray(i * length, (i + 1) * length)));
  return { type: 'residual', inner: rows(r.inner, r.width, r.hidden), bias: Array.from(r.bias), activation, outer: rows(r.outer, r.hidden, r.width) };
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
  const { dense: weights, residual } = await readNetWeights(model);
  const layers: MlpJson['layers'] = [];
  weights.forEach((w, i) => {
    const last = i === weights.length - 1;
    const scale = last ? model.outputScale : 1;
    layers.push({ type: 'dense', weights: rowsOf(w, scale), bias: Array.from(w.bias, (b) => b * scale) });
    if (!last) layers.push({ type: 'activation', name: model.activation });
    // The residual blocks follow the first layer's activation (Mlp), constants folded into U.
    if (i === 0) for (const r of residual) layers.push(residualJson(r, model.activation));
  });
  return {
    format: 'lipschitz-playground/mlp',
    // Version 1 whenever it can say it: readers of the first format keep reading these files.
    version: residual.length > 0 ? 2 : 1,
    input: 2,
    lipschitz: model.kind === 'lipschitz' ? model.outputScale : null,
    layers,
  };
}
