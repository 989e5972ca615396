import { describe, expect, it } from 'vitest';
import { adapterText, certifiedAccuracyAt, formatCompact, formatCount, formatPercent, formatSignificant, MISSING } from './format';

describe('formatting', () => {
  it('formatSignificant keeps 3 significant digits and drops trailing zeros', () => {
    expect(formatSignificant(10)).toBe('10');
    expect(formatSignificant(0.5)).toBe('0.5');
    expect(formatSignificant(12.345)).toBe('12.3');
    expect(formatSignificant(0.000123456)).toBe('0.000123');
    expect(formatSignificant(-0.25)).toBe('−0.25');
    expect(formatSignificant(1.23456, 4)).toBe('1.235');
    expect(formatSignificant(NaN)).toBe(MISSING);
    expect(formatSignificant(Infinity)).toBe('∞');
  });

  it('formatCompact writes values below 1e-3 in powers of ten, others as formatSignificant', () => {
    expect(formatCompact(0.0000076)).toBe('7.6e−6');
    expect(formatCompact(-0.00042)).toBe('−4.2e−4');
    expect(formatCompact(0.00271)).toBe('0.00271');
    expect(formatCompact(0)).toBe('0');
    expect(formatCompact(NaN)).toBe(MISSING);
  });

  it('formatPercent shows one decimal, and a dash for a missing value', () => {
    expect(formatPercent(0.8333)).toBe('83.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(NaN)).toBe(MISSING);
  });

  it('formatCount prints plain integers', () => {
    expect(formatCount(12345)).toBe('12345');
    expect(formatCount(null)).toBe(MISSING);
  });

  it('adapterText joins distinct names and flags a software adapter', () => {
    const adapter = { isFallback: true, vendor: 'google', architecture: 'swiftshader', device: '', description: 'google' };
    expect(adapterText(adapter)).toBe('google swiftshader (software fallback)');
    expect(adapterText({ ...adapter, isFallback: false, vendor: '', architecture: '', description: '' })).toBe('unnamed adapter');
  });
});

describe('certifiedAccuracyAt', () => {
  const curve = { eps: [0, 0.2, 0.4], accuracy: [1, 0.6, 0] };

  it('interpolates linearly between samples', () => {
    expect(certifiedAccuracyAt(curve, 0.1)).toBeCloseTo(0.8, 12);
    expect(certifiedAccuracyAt(curve, 0.3)).toBeCloseTo(0.3, 12);
  });

  it('returns the sample itself on a sample, and the end values outside the range', () => {
    expect(certifiedAccuracyAt(curve, 0.2)).toBe(0.6);
    expect(certifiedAccuracyAt(curve, -1)).toBe(1);
    expect(certifiedAccuracyAt(curve, 5)).toBe(0);
  });

  it('is NaN for an empty curve', () => {
    expect(certifiedAccuracyAt({ eps: [], accuracy: [] }, 0.1)).toBeNaN();
  });
});
