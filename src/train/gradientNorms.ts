import { evaluateField, gradientNorms } from '../analysis/field';
import type { Mlp } from '../lip/model';

/**
 * |grad_x f| of a model at points (interleaved x, y), with its inference weights: in closed form where
 * the model has one (groupsort2 nets), else by autodiff of its forward pass. One function for the trainer
 * and the field worker's rebuilt model, so both measure alike.
 */
export function modelGradientNorms(model: Mlp, xy: Float32Array): Promise<Float32Array> {
  if (model.hasClosedFormGradient) return evaluateField((x) => model.closedFormGradientNorm(x), xy);
  return gradientNorms((x) => model.predict(x), xy);
}
