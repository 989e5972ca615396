import { Random } from '../core/random';

/**
 * Seeded weight initialisers producing row-major Float32Arrays (rows = inputs, cols = outputs, y = x W).
 * Computed in plain JS from our own PRNG so the same seed gives the same initial weights on every backend
 * and machine (a shared link must reproduce the same run).
 */

/** Glorot (Xavier) uniform: U(-s, s) with s = sqrt(6 / (in + out)). */
export function glorotUniform(rows: number, cols: number, rng: Random): Float32Array {
  const s = Math.sqrt(6 / (rows + cols));
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-s, s);
  return w;
}

/**
 * Orthogonal initialisation: a Gaussian matrix orthonormalised by modified Gram-Schmidt along its
 * shorter side, so all singular values are 1 (W^T W = I when rows >= cols, W W^T = I otherwise).
 */
export function orthogonal(rows: number, cols: number, rng: Random): Float32Array {
  const tall = rows >= cols;
  const vecLen = tall ? rows : cols; // length of each vector we orthonormalise
  const count = tall ? cols : rows;
  const vecs: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    let v: Float64Array;
    let norm = 0;
    do {
      v = new Float64Array(vecLen);
      for (let i = 0; i < vecLen; i++) v[i] = rng.normal();
      for (const q of vecs) {
        let dot = 0;
        for (let i = 0; i < vecLen; i++) dot += v[i] * q[i];
        for (let i = 0; i < vecLen; i++) v[i] -= dot * q[i];
      }
      norm = Math.hypot(...v);
    } while (norm < 1e-6); // a draw in the span of the previous ones: draw again
    for (let i = 0; i < vecLen; i++) v[i] /= norm;
    vecs.push(v);
  }
  const w = new Float32Array(rows * cols);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < vecLen; i++) {
      if (tall) w[i * cols + k] = vecs[k][i];
      else w[k * cols + i] = vecs[k][i];
    }
  }
  return w;
}
