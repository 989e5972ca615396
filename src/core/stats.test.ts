import { describe, expect, test } from 'vitest';
import { finiteExtent, maxFinite, maxOf } from './stats';

describe('maxOf (NaN anywhere -> NaN)', () => {
  test('is the largest value of numbers and typed arrays, negatives included', () => {
    expect(maxOf([3, -1, 7, 2])).toBe(7);
    expect(maxOf(Float32Array.from([-5, -2, -9]))).toBe(-2);
  });

  test('is NaN when any value is NaN, wherever it is', () => {
    expect(maxOf([NaN, 1, 2])).toBeNaN();
    expect(maxOf([1, NaN, 2])).toBeNaN();
    expect(maxOf([1, 2, NaN])).toBeNaN();
    expect(maxOf(Float32Array.from([Infinity, NaN]))).toBeNaN();
  });

  test('counts infinities as values; is -Infinity for no value', () => {
    expect(maxOf([1, Infinity])).toBe(Infinity);
    expect(maxOf([-Infinity, -Infinity])).toBe(-Infinity);
    expect(maxOf([])).toBe(-Infinity);
    expect(Math.max(0, maxOf(new Float32Array(0)))).toBe(0);
  });
});

describe('maxFinite (skips NaN and infinities)', () => {
  test('is the largest finite value', () => {
    expect(maxFinite(Float32Array.from([NaN, -2, Infinity, 5, -Infinity]))).toBe(5);
    expect(maxFinite([-3, -1])).toBe(-1);
  });

  test('is -Infinity when no value is finite', () => {
    expect(maxFinite([NaN, Infinity, -Infinity])).toBe(-Infinity);
    expect(maxFinite([])).toBe(-Infinity);
  });
});

describe('finiteExtent (skips NaN and infinities)', () => {
  test('is [min, max] of the finite values', () => {
    expect(finiteExtent(Float32Array.from([NaN, -2, Infinity, 5]))).toEqual([-2, 5]);
    expect(finiteExtent([4])).toEqual([4, 4]);
  });

  test('is [NaN, NaN] when no value is finite', () => {
    expect(finiteExtent(Float32Array.from([NaN])).every(Number.isNaN)).toBe(true);
    expect(finiteExtent([Infinity, -Infinity]).every(Number.isNaN)).toBe(true);
    expect(finiteExtent([]).every(Number.isNaN)).toBe(true);
  });
});
