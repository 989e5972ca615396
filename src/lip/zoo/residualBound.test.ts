import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random';
import { orthogonal } from '../init';
import { singularValues, spectralNorm } from '../linalg';
import { cplBound, genericResidualBound, residualBlockBound, splitResidualBound } from './residualBound';

/** |I + V D U|_2 exactly (Jacobi), d the diagonal of D. */
function jacobianNorm(v: ArrayLike<number>, u: ArrayLike<number>, d: ArrayLike<number>, width: number, hidden: number): number {
  const j = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    j[i * width + i] = 1;
    for (let k = 0; k < hidden; k++) {
      const vd = v[i * hidden + k] * d[k];
      if (vd === 0) continue;
      for (let l = 0; l < width; l++) j[i * width + l] += vd * u[k * width + l];
    }
  }
  return singularValues(j, width, width)[0];
}

function gaussian(n: number, rng: Random, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** Diagonals of D to try: all on, all off, random 0/1 patterns and random values in [0, 1]. */
function diagonals(hidden: number, rng: Random, count: number): Float64Array[] {
  const out = [new Float64Array(hidden).fill(1), new Float64Array(hidden)];
  for (let c = 0; c < count; c++) out.push(Float64Array.from({ length: hidden }, () => (c % 2 === 0 ? (rng.next() < 0.5 ? 0 : 1) : rng.next())));
  return out;
}

/** U = -2 S V^T (hidden x width) for the diagonal s. */
function structuredOuter(v: ArrayLike<number>, s: ArrayLike<number>, width: number, hidden: number): Float64Array {
  const u = new Float64Array(hidden * width);
  for (let k = 0; k < hidden; k++) for (let i = 0; i < width; i++) u[k * width + i] = -2 * s[k] * v[i * hidden + k];
  return u;
}

describe('residual block bounds', () => {
  it('are never below the exact Jacobian norm |I + V D U| of unstructured random blocks', () => {
    const rng = new Random(1);
    for (const [width, hidden] of [[4, 4], [6, 3], [5, 9], [8, 8]]) {
      for (let trial = 0; trial < 6; trial++) {
        const v = gaussian(width * hidden, rng, rng.uniform(0.1, 2));
        const u = gaussian(hidden * width, rng, rng.uniform(0.1, 2));
        const generic = genericResidualBound(v, u, width, hidden);
        const split = splitResidualBound(v, u, width, hidden);
        const own = residualBlockBound(v, u, width, hidden);
        expect(own).toBe(Math.min(generic, split));
        for (const d of diagonals(hidden, rng, 20)) {
          const exact = jacobianNorm(v, u, d, width, hidden);
          expect(generic).toBeGreaterThanOrEqual(exact);
          expect(split).toBeGreaterThanOrEqual(exact);
        }
      }
    }
  });

  it('are never below the exact Jacobian norm of nearly structured blocks (U = -2 S V^T + noise), where the split bound is the tight one', () => {
    const rng = new Random(2);
    const width = 7;
    const hidden = 7;
    for (let trial = 0; trial < 10; trial++) {
      const v = gaussian(width * hidden, rng, 0.5);
      const s = Float64Array.from({ length: hidden }, () => rng.uniform(0, 1.5));
      const noise = gaussian(hidden * width, rng, 10 ** rng.uniform(-6, -2));
      const u = structuredOuter(v, s, width, hidden).map((x, i) => x + noise[i]);
      const own = residualBlockBound(v, u, width, hidden);
      expect(own).toBe(splitResidualBound(v, u, width, hidden)); // the generic one is far looser here
      for (const d of diagonals(hidden, rng, 20)) expect(own).toBeGreaterThanOrEqual(jacobianNorm(v, u, d, width, hidden));
    }
  });

  it('split bound: max(1, 2 |V S^1/2|^2 - 1) (to 1e-6) for an exactly structured block, attained with every unit on when above 1', () => {
    const rng = new Random(3);
    const width = 6;
    const hidden = 6;
    let reached = 0;
    for (const scale of [0.3, 0.9, 1.6]) {
      const v = gaussian(width * hidden, rng, scale);
      const s = Float64Array.from({ length: hidden }, () => rng.uniform(0.2, 1));
      const u = structuredOuter(v, s, width, hidden);
      const m = Float64Array.from(v, (x, idx) => x * Math.sqrt(s[idx % hidden]));
      const rho = singularValues(m, width, hidden)[0] ** 2;
      const bound = splitResidualBound(v, u, width, hidden);
      // Above the formula by at most the certified spectral norm's gap (1e-7 relative).
      const formula = Math.max(1, 2 * rho - 1);
      expect(bound).toBeGreaterThanOrEqual(formula);
      expect(bound - formula).toBeLessThan(1e-6 * formula);
      if (formula > 1) {
        expect(bound - jacobianNorm(v, u, new Float64Array(hidden).fill(1), width, hidden)).toBeLessThan(1e-6 * formula);
        reached++;
      }
    }
    expect(reached).toBeGreaterThan(0);
  });

  it('gives about 1 for an sll block with float32 weights and about 3 for the generic bound', () => {
    // T = diag(sum_j |V^T V|_ij) >= V^T V (q = 1), U = -2 T^-1 V^T, all in float32 as on the device.
    const rng = new Random(4);
    const width = 16;
    const v = Float32Array.from(gaussian(width * width, rng, 0.4));
    const t = new Float64Array(width);
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) {
        let g = 0;
        for (let r = 0; r < width; r++) g += v[r * width + i] * v[r * width + j];
        t[i] += Math.abs(g);
      }
    }
    const u = Float32Array.from(structuredOuter(v, t.map((x) => 1 / x), width, width));
    const own = residualBlockBound(v, u, width, width);
    expect(own).toBeGreaterThanOrEqual(1);
    expect(own).toBeLessThan(1 + 1e-5);
    expect(genericResidualBound(v, u, width, width)).toBeGreaterThan(2);
  });

  it('cplBound: max(1, c sigma^2 - 1), 1 when c = 2 / sigma^2 and above 1 for a smaller sigma estimate', () => {
    const rng = new Random(5);
    const width = 8;
    const a = orthogonal(width, width, rng);
    const b = orthogonal(width, width, rng);
    const sv = [2, 1.5, 1, 0.8, 0.5, 0.4, 0.2, 0.1];
    const w = new Float64Array(width * width); // A diag(sv) B
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) for (let k = 0; k < width; k++) w[i * width + j] += a[i * width + k] * sv[k] * b[k * width + j];
    expect(Math.abs(spectralNorm(w, width, width) - 2)).toBeLessThan(1e-6);
    expect(Math.abs(cplBound(w, width, 2 / 4) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(cplBound(w, width, 2 / 1) - 7)).toBeLessThan(1e-5); // sigma estimated at 1: c = 2
    expect(cplBound(w, width, 0.1)).toBe(1 * (1 + 1e-12)); // a contraction: 1
  });

  it('is NaN when a weight is not finite', () => {
    const v = [1, 0, 0, NaN];
    expect(residualBlockBound(v, [0, 0, 0, 0], 2, 2)).toBeNaN();
  });
});
