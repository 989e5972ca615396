import { describe, expect, it } from 'vitest';
import { GRADIENT_BINS, gradientHistogram } from './gradientHistogram';

describe('gradientHistogram', () => {
  it('bins |grad f| / scale over [0, 1], 1 in the top bin, the rest above', () => {
    const h = gradientHistogram([0, 0.05, 0.95, 1, 1.5, 3], 1);
    expect(h.fractions).toHaveLength(GRADIENT_BINS);
    expect(h.fractions[0]).toBeCloseTo(2 / 6);
    expect(h.fractions[9]).toBeCloseTo(2 / 6);
    expect(h.above).toBeCloseTo(2 / 6);
    expect(h.fractions.reduce((a, b) => a + b, 0) + h.above).toBeCloseTo(1);
    expect(h.mean).toBeCloseTo(6.5 / 6);
  });

  it('divides by the scale (L = 2: a norm of 2 is at the top)', () => {
    const h = gradientHistogram([1, 2], 2);
    expect(h.fractions[5]).toBeCloseTo(0.5);
    expect(h.fractions[9]).toBeCloseTo(0.5);
    expect(h.mean).toBeCloseTo(1.5);
  });

  it('has no mean for no point and a NaN mean for a NaN norm', () => {
    expect(gradientHistogram([], 1).mean).toBeNaN();
    expect(gradientHistogram([0.5, NaN], 1).mean).toBeNaN();
  });
});
