import * as tf from '@tensorflow/tfjs';
import { matMul } from '../matmul';

/**
 * The almost-orthogonal layer (Prach & Lampert, "Almost-Orthogonal Layers for Efficient General-Purpose
 * Lipschitz Networks", ECCV 2022), dense case.
 *
 * The paper, in its column convention (y = P x, P out x in): P' = P diag(d), d_i = (sum_j |P^T P|_ij)^-1/2,
 * i over the inputs: the columns of P, each belonging to one input, are rescaled. Ours is the row convention
 * (y = x W, W = P^T in x out, so P^T P = V V^T, in x in): with the kernel V (in x out),
 *   W = diag(d) V,   d_i = (sum_j |V V^T|_ij + eps)^-1/2   (i, j over the inputs: each ROW of V is scaled).
 * Guarantee: |W|_2 <= 1 for every V. W W^T = D V V^T D (D = diag(d)), and V V^T <= diag(row sums of
 * |V V^T|) = D^-2 (a symmetric matrix is below the diagonal of its absolute row sums: Gershgorin / Schur
 * test), so D V V^T D <= I. eps (1e-12) only shrinks d. No iteration, one product; 1-Lipschitz, but not
 * gradient-norm preserving: the singular values are at most 1 and in general below (all 1 exactly when the
 * rows of V are orthogonal, e.g. at the orthogonal initialisation the paper uses).
 */

/** W (inputs x outputs) of the AOL layer for the kernel V (inputs x outputs), differentiable in V. */
export function aolWeight(kernel: tf.Tensor2D): tf.Tensor2D {
  const gram = matMul(kernel, tf.transpose(kernel));
  const d = tf.rsqrt(tf.add(tf.sum(tf.abs(gram), 1, true), 1e-12));
  return tf.mul(kernel, d) as tf.Tensor2D;
}
