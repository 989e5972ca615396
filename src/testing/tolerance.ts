import { expect } from 'vitest';

/** Asserts |actual - expected| <= tol elementwise, naming the first index that differs. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tol)) {
      expect.fail(`index ${i}: ${actual[i]} vs ${expected[i]} (|diff| ${diff} > ${tol})`);
    }
  }
}

/** A seeded list of points uniform in a box, interleaved x, y. */
export function boxPoints(count: number, half: number, seed = 7): Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return Float32Array.from({ length: 2 * count }, () => (2 * next() - 1) * half);
}
