import { describe, it, expect } from 'vitest';
import {
  certificateTightness,
  certificateViolations,
  certifiedAccuracy,
  certifiedAccuracyCurve,
  defaultEpsList,
  lipschitzEmpiricalFromGradients,
  meanCertifiableRobustness,
} from './certificates';
import { expectClose } from '../testing/support';

// Five points: outputs f and labels y; margins y f = 2, 0.5, -1, 0, 1.5.
const f = Float32Array.of(2, -0.5, 1, 0, -1.5);
const y = Float32Array.of(1, -1, -1, 1, -1);

describe('input checks', () => {
  it('rejects mismatched lengths and a non-positive Lipschitz bound', () => {
    expect(() => certifiedAccuracy(f, y.subarray(1), 1, 0)).toThrow(/lengths differ/);
    expect(() => certifiedAccuracy(f, y, 0, 0)).toThrow(/lipschitzBound/);
  });
});

describe('certifiedAccuracy', () => {
  it('at eps = 0 is the clean accuracy (y f > 0; f = 0 counts as wrong)', () => {
    expect(certifiedAccuracy(f, y, 1, 0)).toBe(3 / 5);
  });

  it('counts the points with y f / L_bound > eps', () => {
    expect(certifiedAccuracy(f, y, 1, 0.5)).toBe(2 / 5); // margins 2 and 1.5
    expect(certifiedAccuracy(f, y, 1, 1.5)).toBe(1 / 5); // strict: 1.5 is not > 1.5
    expect(certifiedAccuracy(f, y, 2, 0.5)).toBe(2 / 5); // signed radii over L = 2: 1, 0.25, -0.5, 0, 0.75
    expect(certifiedAccuracy(f, y, 2, 0.75)).toBe(1 / 5);
    expect(certifiedAccuracy(f, y, 1, 2)).toBe(0);
  });

  it('does not certify NaN outputs, is NaN for no points, and rejects eps < 0', () => {
    expect(certifiedAccuracy(Float32Array.of(NaN, 1), Float32Array.of(1, 1), 1, 0)).toBe(0.5);
    expect(certifiedAccuracy(new Float32Array(0), new Float32Array(0), 1, 0)).toBeNaN();
    expect(() => certifiedAccuracy(f, y, 1, -0.1)).toThrow(/eps/);
  });
});

describe('certifiedAccuracyCurve', () => {
  it('equals certifiedAccuracy at every eps, starts at the clean accuracy and never increases', () => {
    const eps = defaultEpsList(2.5, 26);
    const curve = certifiedAccuracyCurve(f, y, 1.25, eps);
    expect(curve.length).toBe(26);
    expect(curve[0]).toBe(3 / 5);
    eps.forEach((e, m) => expect(curve[m]).toBe(certifiedAccuracy(f, y, 1.25, e)));
    for (let m = 1; m < curve.length; m++) expect(curve[m]).toBeLessThanOrEqual(curve[m - 1]);
  });

  it('agrees with certifiedAccuracy on ties, NaN outputs and unsorted eps lists', () => {
    const g = Float32Array.of(1, 1, 1, NaN, -2, 0.5);
    const labels = Float32Array.of(1, 1, -1, 1, -1, 1);
    const eps = [1, 0, 0.5, 3, 0.25];
    expect(certifiedAccuracyCurve(g, labels, 1, eps)).toEqual(eps.map((e) => certifiedAccuracy(g, labels, 1, e)));
  });
});

describe('defaultEpsList', () => {
  it('spaces count radii evenly from 0 to maxEps inclusive', () => {
    expect(defaultEpsList(1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const list = defaultEpsList(0.3, 7);
    expect(list[0]).toBe(0);
    expect(list[6]).toBe(0.3);
    expect(() => defaultEpsList(1, 1)).toThrow(/count/);
  });
});

describe('meanCertifiableRobustness', () => {
  it('is the mean margin E[y f] for a 1-Lipschitz bound (the quantity KR maximises)', () => {
    expectClose(meanCertifiableRobustness(f, y, 1), (2 + 0.5 - 1 + 0 + 1.5) / 5, 1e-7, 'MCR');
    expect(meanCertifiableRobustness(new Float32Array(0), new Float32Array(0), 1)).toBeNaN();
  });

  it('is E[y f] / L_bound: the mean signed certified radius, so a steep net is not called robust', () => {
    expectClose(meanCertifiableRobustness(f, y, 40), (2 + 0.5 - 1 + 0 + 1.5) / 5 / 40, 1e-9, 'MCR / 40');
    expect(meanCertifiableRobustness(f, y, NaN)).toBeNaN();
    expect(meanCertifiableRobustness(f, y, 0)).toBeNaN();
    expect(meanCertifiableRobustness(f, y, Infinity)).toBeNaN();
  });
});

describe('certificateTightness', () => {
  it('is |f| / (L_bound dist): 1 for a distance function, 1/2 for a half-slope one', () => {
    const dist = Float32Array.of(2, 0.5, 4);
    expect(Array.from(certificateTightness(Float32Array.of(2, -0.5, 4), 1, dist))).toEqual([1, 1, 1]);
    expect(Array.from(certificateTightness(Float32Array.of(1, -0.25, 2), 1, dist))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(certificateTightness(Float32Array.of(2, -0.5, 4), 2, dist))).toEqual([0.5, 0.5, 0.5]);
  });

  it('defines the edge cases: no boundary -> 0, on the boundary -> 1, positive radius on it -> Infinity, NaN -> NaN', () => {
    const out = certificateTightness(
      Float32Array.of(3, 0, 0.1, NaN, 1),
      1,
      Float32Array.of(Infinity, 0, 0, 1, NaN),
    );
    expect(Array.from(out)).toEqual([0, 1, Infinity, NaN, NaN]);
  });
});

describe('certificateViolations', () => {
  it('reports the points whose certified radius exceeds the distance by more than the tolerance', () => {
    const dist = Float32Array.of(1, 1, 1, 1, Infinity);
    const g = Float32Array.of(0.5, 1.05, 1.2, NaN, 100);
    expect(Array.from(certificateViolations(g, 1, dist, 0.1))).toEqual([2]);
    expect(Array.from(certificateViolations(g, 1, dist, 0))).toEqual([1, 2]);
    expect(Array.from(certificateViolations(g, 2, dist, 0))).toEqual([]);
  });
});

describe('lipschitzEmpiricalFromGradients', () => {
  it('is the largest gradient norm (a lower bound of the Lipschitz constant), 0 for none, NaN if any is NaN', () => {
    expect(lipschitzEmpiricalFromGradients(Float32Array.of(0.25, 0.75, 0.5))).toBe(0.75);
    expect(lipschitzEmpiricalFromGradients(new Float32Array(0))).toBe(0);
    expect(lipschitzEmpiricalFromGradients(Float32Array.of(0.25, NaN))).toBeNaN();
  });

  it('takes the maximum over several sample sets (grid and data), NaN if any set holds NaN', () => {
    expect(lipschitzEmpiricalFromGradients(Float32Array.of(0.25, 0.5), Float32Array.of(0.9))).toBe(Float32Array.of(0.9)[0]);
    expect(lipschitzEmpiricalFromGradients(Float32Array.of(0.95), Float32Array.of(0.5, NaN))).toBeNaN();
  });
});
