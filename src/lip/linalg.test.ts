import { describe, expect, it } from 'vitest';
import { Random } from '../core/random';
import { orthogonal } from './init';
import { singularValues, spectralNorm } from './linalg';

function gaussian(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

/** U diag(s) V^T with random orthogonal U (rows x k) and V (cols x k), k = s.length, stored in float32. */
function withSingularValues(rows: number, cols: number, s: number[], seed: number): Float32Array {
  const rng = new Random(seed);
  const k = s.length;
  const u = orthogonal(rows, k, rng);
  const v = orthogonal(cols, k, rng);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let m = 0; m < k; m++) sum += u[i * k + m] * s[m] * v[j * k + m];
      w[i * cols + j] = sum;
    }
  }
  return w;
}

describe('singular values (Jacobi)', () => {
  it('singular values of a diagonal matrix are its absolute diagonal', () => {
    expect(Array.from(singularValues([3, 0, 0, -2], 2, 2))).toEqual([3, 2]);
  });
});

describe('spectralNorm is a certified upper bound at every size', () => {
  it('is exact on a scaled unit matrix, 0 on a zero matrix, NaN on a non-finite one', () => {
    expect(spectralNorm([0, 5, 0, 0, 0, 0], 2, 3)).toBeCloseTo(5, 5);
    expect(spectralNorm([0, 5, 0, 0, 0, 0], 2, 3)).toBeGreaterThanOrEqual(5);
    expect(spectralNorm(new Float32Array(12), 3, 4)).toBe(0);
    expect(spectralNorm([1, NaN, 0, 1], 2, 2)).toBeNaN();
    expect(spectralNorm([1, Infinity, 0, 1], 2, 2)).toBeNaN();
  });

  it('never falls below the exact (Jacobi) norm and stays within 1e-6 of it, for random matrices of many shapes', () => {
    for (const [rows, cols] of [[2, 64], [64, 2], [40, 30], [64, 64], [1, 1], [128, 256]] as [number, number][]) {
      const w = gaussian(rows, cols, rows * 7 + cols);
      const exact = singularValues(w, rows, cols)[0];
      const bound = spectralNorm(w, rows, cols);
      expect(bound, `${rows}x${cols}`).toBeGreaterThanOrEqual(exact);
      expect((bound - exact) / exact, `${rows}x${cols}`).toBeLessThan(1e-6);
    }
  });

  it('holds where power iteration alone under-estimates: 300 x 300 with singular values spread in [0.999, 1]', () => {
    const n = 300;
    const s = Array.from({ length: n }, (_, i) => 1 - (0.001 * i) / (n - 1));
    const w = withSingularValues(n, n, s, 11);
    const exact = singularValues(w, n, n)[0];
    const bound = spectralNorm(w, n, n);
    expect(exact).toBeGreaterThan(0.9999);
    expect(bound).toBeGreaterThanOrEqual(exact);
    expect(bound - exact).toBeLessThan(1e-6);
  });

  it('holds for nearly orthonormal (Björck-like) kernels, square and rectangular, within 1e-6', () => {
    for (const [rows, cols] of [[64, 64], [2, 64], [64, 32], [260, 270]] as [number, number][]) {
      const rng = new Random(rows + cols);
      const w = orthogonal(rows, cols, rng).map((v) => v * (1 + 1e-4 * rng.normal()));
      const exact = singularValues(w, rows, cols)[0];
      const bound = spectralNorm(w, rows, cols);
      expect(bound, `${rows}x${cols}`).toBeGreaterThanOrEqual(exact);
      expect(bound - exact, `${rows}x${cols}`).toBeLessThan(1e-6);
    }
  });
});
