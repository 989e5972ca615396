import { describe, expect, it } from 'vitest';
import { CHECK_TOLERANCES, compareCheck, largestRelativeDifference } from './backendCheck';

describe('comparing a backend check with cpu', () => {
  it('measures differences relative to max(1, |reference|)', () => {
    expect(largestRelativeDifference([1.5, 0.2], [1.5, 0.1])).toBeCloseTo(0.1, 12);
    expect(largestRelativeDifference([110, 0], [100, 0])).toBeCloseTo(0.1, 12);
    expect(largestRelativeDifference([0], [0])).toBe(0);
  });

  it('treats NaN, a length mismatch or no values as an infinite difference', () => {
    expect(largestRelativeDifference([NaN, 1], [1, 1])).toBe(Infinity);
    expect(largestRelativeDifference([1, NaN], [1, 1])).toBe(Infinity);
    expect(largestRelativeDifference([1], [1, 2])).toBe(Infinity);
    expect(largestRelativeDifference([], [])).toBe(Infinity);
  });

  it('passes within the tolerances and fails past either', () => {
    const reference = { forward: [0.5, -2], trained: [0.4, -1] };
    const close = { forward: [0.5 + 0.5 * CHECK_TOLERANCES.forward, -2], trained: [0.4, -1 - 0.5 * CHECK_TOLERANCES.trained] };
    expect(compareCheck(close, reference).pass).toBe(true);
    const offForward = { ...close, forward: [0.5 + 2 * CHECK_TOLERANCES.forward, -2] };
    expect(compareCheck(offForward, reference).pass).toBe(false);
    const offTrained = { ...close, trained: [0.4 + 2 * CHECK_TOLERANCES.trained, -1] };
    expect(compareCheck(offTrained, reference)).toMatchObject({ pass: false, forward: expect.any(Number) });
  });
});
