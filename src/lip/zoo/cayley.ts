import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random';
import { matMul } from '../matmul';
import { inverse } from './inverse';

/**
 * The Cayley layer (Trockman & Kolter, "Orthogonalizing Convolutional Layers with the Cayley Transform",
 * ICLR 2021), dense case.
 *
 * Square (n x n): Q = (I + A)^-1 (I - A) with A skew (A = U - U^T from the kernel U). Q is orthogonal for
 * every skew A (I + A is always invertible: its eigenvalues are 1 + i lambda), so W = Q has all singular
 * values 1: 1-Lipschitz, and gradient-norm preserving (GNP) with GroupSort.
 *
 * Rectangular, as their public code does: let n = min(in, out), m = max(in, out), and take the kernel in
 * its tall form K (m x n: the kernel itself when in >= out, its transpose otherwise), split into U (the
 * first n rows, n x n) and V (the other m - n rows). The m x m skew matrix S = [[U - U^T, -V^T], [V, 0]]
 * has an orthogonal Cayley transform; its first n columns are, by block elimination of (I + S),
 *   T = [ (I + A)^-1 (I - A) ; -2 V (I + A)^-1 ]   with A = U - U^T + V^T V (n x n, the Schur complement),
 * so T (m x n) has orthonormal columns and only an n x n inverse is needed (n = 2 for the 2 -> 64 layer).
 * In our row convention (y = x W, W in x out): W = T when in >= out (orthonormal columns), W = T^T when
 * in < out (orthonormal rows). Every singular value is 1 either way, as Björck's: 1-Lipschitz and GNP with
 * GroupSort in the same sense as Björck's layers (W^T keeps every gradient's norm when in >= out; an
 * expanding layer, in < out as 2 -> 64, is an isometry forward and keeps the gradient's part in its row space).
 * (I + A)^-1 (I - A) is computed as 2 (I + A)^-1 - I, the same matrix with one product fewer. I + A has a
 * symmetric part I + V^T V >= I, so every singular value of I + A is >= 1: the inverse is well conditioned.
 *
 * Their layer also multiplies the kernel by a trainable scale over its Frobenius norm (alpha V / |V|_F);
 * the kernel's own scale plays that part here (Adam adapts it), so the layer has one trainable matrix.
 */

/** W (inputs x outputs) of the Cayley layer for the kernel (inputs x outputs), differentiable in the kernel. */
export function cayleyWeight(kernel: tf.Tensor2D, inputs: number, outputs: number, checkTolerance: boolean): tf.Tensor2D {
  const tall = inputs >= outputs;
  const k = tall ? kernel : tf.transpose(kernel);
  const [m, n] = k.shape;
  const u = tf.slice(k, [0, 0], [n, n]);
  const eye = tf.eye(n);
  let a = tf.sub(u, tf.transpose(u));
  const v = m > n ? tf.slice(k, [n, 0], [m - n, n]) : null;
  if (v) a = tf.add(a, matMul(tf.transpose(v), v));
  const y = inverse(tf.add(eye, a) as tf.Tensor2D, checkTolerance);
  const top = tf.sub(tf.mul(y, 2), eye);
  const t = (v ? tf.concat([top, tf.mul(matMul(v, y), -2)], 0) : top) as tf.Tensor2D;
  return tall ? t : tf.transpose(t);
}

/**
 * The initial kernel (inputs x outputs, row-major), as their code: uniform in +-1 / sqrt(inputs). A zero
 * kernel would give W = [I 0]: every unit past the first n dead at the start; this spreads the layer.
 */
export function cayleyInitialKernel(inputs: number, outputs: number, rng: Random): Float32Array {
  const s = 1 / Math.sqrt(inputs);
  return Float32Array.from({ length: inputs * outputs }, () => rng.uniform(-s, s));
}
