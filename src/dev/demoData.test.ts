import { describe, expect, test } from 'vitest';
import { makeDemoField, makeDemoHistory } from './demoData';

describe('demo data', () => {
  test('the demo field is a valid snapshot whose certificate is sound (tightness <= 1 up to grid error)', () => {
    const { field, dataset } = makeDemoField(101);
    expect(field.f.length).toBe(101 * 101);
    expect(field.boundary.length).toBeGreaterThan(0);
    expect(Math.max(...field.gradientNorm!)).toBeLessThanOrEqual(0.94);
    const cell = Math.hypot(5 / 100, 5 / 100);
    for (let k = 0; k < field.f.length; k++) {
      expect(Math.abs(field.f[k]) / field.lipschitzBound).toBeLessThanOrEqual(field.distance![k] + cell);
    }
    expect(dataset.trainXy.length).toBe(2 * dataset.trainLabels.length);
    expect(field.fTrain.length).toBe(dataset.trainLabels.length);
    expect(field.certified.accuracy[0]).toBeGreaterThan(0.9);
  });

  test('the same seed gives the same points', () => {
    expect(makeDemoField(21, 5).dataset.trainXy).toEqual(makeDemoField(21, 5).dataset.trainXy);
  });

  test('the demo history is ordered by step with accuracies in [0, 1]', () => {
    const h = makeDemoHistory(500);
    expect(h[0].step).toBe(0);
    expect(h[h.length - 1].step).toBe(500);
    for (const p of h) expect(p.trainAccuracy).toBeLessThanOrEqual(1);
  });
});
