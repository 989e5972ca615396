import type * as tf from '@tensorflow/tfjs';
import type { LayerName } from '../../core/config';
import type { Random } from '../../core/random';
import { orthogonal } from '../init';

/**
 * The dense parametrisations of the layer zoo (bjorck, cayley, soc, aol): for each, the shape and initial
 * value of its trainable kernel and the effective weight W (in x out, y = x W) it gives.
 */

/** The dense layers of the zoo (the residual ones, sll and cpl, live in residual.ts). */
export type DenseParametrisation = Exclude<LayerName, 'sll' | 'cpl'>;

/** The trainable kernel's shape [rows, cols] for a layer mapping `inputs` to `outputs`. */
export function kernelShape(layer: DenseParametrisation, inputs: number, outputs: number): [number, number] {
  switch (layer) {
    default:
      return [inputs, outputs];
  }
}

/** The seeded initial kernel (row-major, `kernelShape`). */
export function initialKernel(layer: DenseParametrisation, inputs: number, outputs: number, rng: Random): Float32Array {
  const [rows, cols] = kernelShape(layer, inputs, outputs);
  return orthogonal(rows, cols, rng);
}

/**
 * The effective weight W (inputs x outputs) of a non-Björck parametrisation, differentiable in the kernel.
 * Call inside tf.tidy or a gradient scope.
 */
export function parametrisedWeight(layer: Exclude<DenseParametrisation, 'bjorck'>, kernel: tf.Tensor2D, inputs: number, outputs: number): tf.Tensor2D {
  throw new Error(`the ${layer} layer (${inputs} x ${outputs}, kernel ${kernel.shape.join(' x ')}) is not built yet`);
}
