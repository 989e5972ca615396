import { describe, expect, it } from 'vitest';
import { Random } from '../core/random';
import { orthogonal } from './init';
import { singularValues, spectralNorm, spectralNormUpperBound } from './linalg';

function gaussian(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

describe('spectral norms', () => {
  it('singular values of a diagonal matrix are its absolute diagonal', () => {
    expect(Array.from(singularValues([3, 0, 0, -2], 2, 2))).toEqual([3, 2]);
    expect(spectralNorm([0, 5, 0, 0, 0, 0], 2, 3)).toBeCloseTo(5, 12);
  });

  it('power iteration (wide layers) agrees with Jacobi', () => {
    const w = gaussian(40, 30, 3);
    expect(spectralNorm(w, 40, 30, 10)).toBeCloseTo(spectralNorm(w, 40, 30), 6);
  });

  it('the fast bound is an upper bound, within 1e-3 for a nearly orthonormal matrix', () => {
    for (const [rows, cols] of [[64, 64], [2, 64], [64, 32]] as [number, number][]) {
      const rng = new Random(rows + cols);
      const w = orthogonal(rows, cols, rng).map((v) => v * (1 + 1e-5 * rng.normal()));
      const exact = spectralNorm(w, rows, cols);
      const fast = spectralNormUpperBound(w, rows, cols);
      expect(fast).toBeGreaterThanOrEqual(exact);
      expect(fast - exact).toBeLessThan(1e-3);
    }
  });

  it('the fast bound falls back to the exact norm far from orthonormal', () => {
    const w = gaussian(20, 10, 5);
    expect(spectralNormUpperBound(w, 20, 10)).toBeCloseTo(spectralNorm(w, 20, 10), 9);
  });
});
