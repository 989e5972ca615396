import { evaluateField, evaluateValueAndGradientNorm, gradientNorms } from '../analysis/field';
import type { Mlp } from '../lip/model';
import type { ValuesAndGradientNorms } from './report';

/**
 * |grad_x f| of a model at points (interleaved x, y), with its inference weights: in closed form where
 * the model has one (groupsort2 nets), else by autodiff of its forward pass. One function for the trainer
 * and the field worker's rebuilt model, so both measure alike.
 */
export function modelGradientNorms(model: Mlp, xy: Float32Array): Promise<Float32Array> {
  if (model.hasClosedFormGradient) return evaluateField((x) => model.closedFormGradientNorm(x), xy);
  return gradientNorms((x) => model.predict(x), xy);
}

/**
 * f and |grad_x f| of a model at points: f from the closed-form gradient's own forward pass where the
 * model has one (groupsort2 nets: a 201 x 201 snapshot 277 -> 194 ms in Node), else the two passes.
 */
export async function modelValuesAndGradientNorms(model: Mlp, xy: Float32Array): Promise<ValuesAndGradientNorms> {
  if (model.hasClosedFormGradient) return evaluateValueAndGradientNorm((x) => model.valueAndGradientNorm(x), xy);
  return { f: await evaluateField((x) => model.predict(x), xy), gradientNorm: await gradientNorms((x) => model.predict(x), xy) };
}

/** `pass` over `xy` in chunks of at most `chunkPoints` points, with `between` (if any) between two chunks. */
export async function valuesAndGradientNormsInChunks(
  xy: Float32Array,
  chunkPoints: number,
  between: (() => Promise<void>) | undefined,
  pass: (chunk: Float32Array) => Promise<ValuesAndGradientNorms>,
): Promise<ValuesAndGradientNorms> {
  const n = xy.length / 2;
  if (n <= chunkPoints) return pass(xy);
  const f = new Float32Array(n);
  const gradientNorm = new Float32Array(n);
  for (let start = 0; start < n; start += chunkPoints) {
    const end = Math.min(n, start + chunkPoints);
    const part = await pass(xy.subarray(2 * start, 2 * end));
    f.set(part.f, start);
    gradientNorm.set(part.gradientNorm, start);
    if (end < n) await between?.();
  }
  return { f, gradientNorm };
}
