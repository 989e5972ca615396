import type * as tf from '@tensorflow/tfjs';
import type { LayerName } from '../../core/config';
import type { Random } from '../../core/random';
import { orthogonal } from '../init';
import { aolWeight } from './aol';
import { cayleyInitialKernel, cayleyWeight } from './cayley';
import { socInitialKernel, socKernelShape, socWeight } from './soc';

/**
 * The dense parametrisations of the layer zoo (bjorck, cayley, soc, aol): for each, the shape and initial
 * value of its trainable kernel and the effective weight W (in x out, y = x W) it gives. The formulas,
 * guarantees and papers are in each module (cayley.ts, soc.ts, aol.ts; Björck in ../orthonormalize.ts) and
 * docs/layers-dense.md. Only Björck uses a power-iteration vector (DenseLayer keeps none for the others).
 */

/** The dense layers of the zoo (the residual ones, sll and cpl, live in residual.ts). */
export type DenseParametrisation = Exclude<LayerName, 'sll' | 'cpl'>;

/** The trainable kernel's shape [rows, cols] for a layer mapping `inputs` to `outputs`. */
export function kernelShape(layer: DenseParametrisation, inputs: number, outputs: number): [number, number] {
  switch (layer) {
    case 'soc':
      return socKernelShape(inputs, outputs);
    default:
      return [inputs, outputs];
  }
}

/**
 * The seeded initial kernel (row-major, `kernelShape`): orthogonal for Björck and AOL (AOL's rescaling is
 * then the identity, as the paper's initialisation), the papers' random kernels for Cayley and SOC.
 */
export function initialKernel(layer: DenseParametrisation, inputs: number, outputs: number, rng: Random): Float32Array {
  switch (layer) {
    case 'cayley':
      return cayleyInitialKernel(inputs, outputs, rng);
    case 'soc':
      return socInitialKernel(inputs, outputs, rng);
    case 'bjorck':
    case 'aol':
      return orthogonal(inputs, outputs, rng);
  }
}

/**
 * The effective weight W (inputs x outputs) of a non-Björck parametrisation, differentiable in the kernel.
 * `checkTolerance` picks Cayley's inverse (read-back elimination on cpu/wasm, fixed Newton-Schulz otherwise).
 * Call inside tf.tidy or a gradient scope.
 */
export function parametrisedWeight(
  layer: Exclude<DenseParametrisation, 'bjorck'>,
  kernel: tf.Tensor2D,
  inputs: number,
  outputs: number,
  checkTolerance: boolean,
): tf.Tensor2D {
  switch (layer) {
    case 'cayley':
      return cayleyWeight(kernel, inputs, outputs, checkTolerance);
    case 'soc':
      return socWeight(kernel, inputs, outputs);
    case 'aol':
      return aolWeight(kernel);
  }
}
