import { describe, expect, test } from 'vitest';
import {
  NAN_COLOR,
  certificateColormap,
  colorOf,
  fColormap,
  gradientColormap,
  interpolateOrangeBlue,
  makeColormap,
  robustMaxAbs,
} from './colormaps';
import { color } from 'd3';

describe('colour maps', () => {
  test('the f map is symmetric about 0, so f = 0 is its near-white middle', () => {
    const f = Float32Array.from([-3, -1, 0, 0.5, 2]);
    const cm = fColormap(f);
    expect(cm.min).toBe(-cm.max);
    const [r, g, b] = colorOf(cm, 0);
    expect(Math.min(r, g, b)).toBeGreaterThan(235);
  });

  test('negative f is orange, positive f is blue (the class colours of the points)', () => {
    const neg = color(interpolateOrangeBlue(0))!.rgb();
    const pos = color(interpolateOrangeBlue(1))!.rgb();
    expect(neg.r).toBeGreaterThan(neg.b + 100);
    expect(pos.b).toBeGreaterThan(pos.r + 100);
  });

  test('robustMaxAbs is the 99th percentile of |f|: one outlier does not wash out the map', () => {
    const f = Float32Array.from({ length: 1000 }, (_, k) => (k % 2 ? 1 : -1) * ((k % 100) / 100));
    f[0] = 1e6;
    expect(robustMaxAbs(f)).toBeLessThan(1);
    expect(robustMaxAbs(f)).toBeGreaterThan(0.9);
  });

  test('robustMaxAbs is the nearest-rank quantile of the sorted |values| (every stride-th value above maxSamples)', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (const [length, q, maxSamples] of [[1, 0.99, 16384], [57, 0.5, 16384], [1000, 0.99, 16384], [40401, 0.99, 16384], [40401, 0.9, 1000], [5000, 0, 16384], [5000, 1, 16384]]) {
      const values = Float32Array.from({ length }, () => next() * 3);
      const stride = Math.max(1, Math.ceil(length / maxSamples));
      const sorted = Float32Array.from(values.filter((_, i) => i % stride === 0), Math.abs).sort();
      const expected = sorted[Math.round(q * (sorted.length - 1))];
      expect(robustMaxAbs(values, q, maxSamples)).toBe(expected);
    }
  });

  test('robustMaxAbs ignores NaN and infinities and falls back to 1 for an all-zero field', () => {
    expect(robustMaxAbs(Float32Array.from([NaN, Infinity, 2, -2]), 1)).toBe(2);
    expect(robustMaxAbs(new Float32Array(10))).toBe(1);
    expect(robustMaxAbs(new Float32Array(0))).toBe(1);
  });

  test('NaN maps to the "no value" grey; values outside the domain are clamped to its ends', () => {
    const cm = makeColormap(interpolateOrangeBlue, -1, 1);
    expect(colorOf(cm, NaN)).toEqual(NAN_COLOR);
    expect(colorOf(cm, -50)).toEqual(colorOf(cm, -1));
    expect(colorOf(cm, 50)).toEqual(colorOf(cm, 1));
  });

  test('the certificate map spans the tightness range [0, 1]', () => {
    const cm = certificateColormap();
    expect([cm.min, cm.max]).toEqual([0, 1]);
  });

  test('the gradient map spans [0, max(1, max |grad f|)], so 1 keeps its meaning', () => {
    expect(gradientColormap(Float32Array.from([0.2, 0.7])).max).toBe(1);
    expect(gradientColormap(Float32Array.from([0.2, 3.5, NaN])).max).toBeCloseTo(3.5, 6);
    expect(gradientColormap(null).max).toBe(1);
  });

  test('makeColormap rejects an empty range', () => {
    expect(() => makeColormap(interpolateOrangeBlue, 1, 1)).toThrow(/max > min/);
  });
});
