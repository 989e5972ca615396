import { describe, expect, it } from 'vitest';
import { certifiedAccuracyOf } from './certifiedAt';
import type { DatasetSnapshot, FieldSnapshot } from '../worker/protocol';

const dataset = {
  trainXy: new Float32Array(4),
  trainLabels: Float32Array.of(1, -1),
  testXy: new Float32Array(8),
  testLabels: Float32Array.of(1, 1, -1, -1),
} as DatasetSnapshot;

const field = (bound: number, on: 'test' | 'train' = 'test') =>
  ({ lipschitzBound: bound, fTest: Float32Array.of(0.5, 0.1, -0.3, 0.2), fTrain: Float32Array.of(1, -1), certified: { eps: [], accuracy: [], on } }) as unknown as FieldSnapshot;

describe('certifiedAccuracyOf', () => {
  it('counts y f / L_bound > eps on the evaluated points, at any eps', () => {
    // Radii with L = 2: 0.25, 0.05, 0.15, -0.1.
    expect(certifiedAccuracyOf(field(2), dataset, 0)).toBeCloseTo(3 / 4);
    expect(certifiedAccuracyOf(field(2), dataset, 0.07)).toBeCloseTo(2 / 4);
    expect(certifiedAccuracyOf(field(2), dataset, 0.2)).toBeCloseTo(1 / 4);
    expect(certifiedAccuracyOf(field(2), dataset, 0.25)).toBe(0);
  });

  it('uses the training points when the snapshot was evaluated on them', () => {
    expect(certifiedAccuracyOf(field(1, 'train'), dataset, 0.5)).toBe(1);
  });

  it('is NaN without a usable bound', () => {
    expect(certifiedAccuracyOf(field(NaN), dataset, 0.1)).toBeNaN();
    expect(certifiedAccuracyOf(field(0), dataset, 0.1)).toBeNaN();
  });
});
