import { describe, expect, it } from 'vitest';
import { clamp, linearScale, logScale, POSITIONS_PER_DECADE, roundSignificant, shortestIn } from './scales';

describe('logScale', () => {
  const tau = logScale({ min: 0.01, max: 1000 });
  const LOG_POSITIONS = 5 * POSITIONS_PER_DECADE;
  const scales = {
    tau,
    lr: logScale({ min: 1e-4, max: 1 }),
    L: logScale({ min: 0.1, max: 100 }),
    alpha: logScale({ min: 0.01, max: 1000, allowZero: true }),
  };

  it('maps the ends of the range to the ends of the slider', () => {
    expect(tau.toPosition(0.01)).toBe(0);
    expect(tau.toPosition(1000)).toBe(LOG_POSITIONS);
    expect(tau.toValue(0)).toBe(0.01);
    expect(tau.toValue(LOG_POSITIONS)).toBe(1000);
  });

  it('spaces decades evenly: tau = 1 sits at 2/5 of a 0.01..1000 slider', () => {
    expect(tau.toPosition(1)).toBe(400);
    expect(tau.toValue(400)).toBe(1);
    expect(tau.toValue(600)).toBe(10);
    expect(tau.toValue(800)).toBe(100);
  });

  it('round-trips the paper values exactly (value -> position -> value)', () => {
    for (const v of [0.01, 0.05, 0.1, 0.5, 1, 2, 3, 5, 10, 20, 50, 100, 1000]) expect(tau.toValue(tau.toPosition(v))).toBe(v);
    const lr = logScale({ min: 1e-4, max: 1 });
    for (const v of [1e-4, 3e-4, 1e-3, 0.003, 0.005, 0.01, 0.02, 0.05, 0.1, 1]) expect(lr.toValue(lr.toPosition(v))).toBe(v);
    const L = logScale({ min: 0.1, max: 100 });
    for (const v of [0.1, 0.5, 1, 2, 5, 10, 100]) expect(L.toValue(L.toPosition(v))).toBe(v);
  });

  it('round-trips every position exactly (position -> value -> position)', () => {
    for (const scale of Object.values(scales)) {
      for (let p = 0; p <= scale.positions; p++) expect(scale.toPosition(scale.toValue(p))).toBe(p);
    }
  });

  it('gives short values (at most 3 significant digits), strictly increasing with the position', () => {
    for (const scale of Object.values(scales)) {
      let previous = -Infinity;
      for (let p = 0; p <= scale.positions; p++) {
        const v = scale.toValue(p);
        expect(v).toBe(roundSignificant(v, 3));
        expect(v).toBeGreaterThan(previous);
        previous = v;
      }
    }
  });

  it('puts powers of ten exactly on positions, and one arrow step above L = 1 is 1.01', () => {
    expect(scales.L.toValue(scales.L.toPosition(1) + 1)).toBe(1.01);
    expect(scales.lr.positions).toBe(4 * POSITIONS_PER_DECADE);
    expect(scales.alpha.positions).toBe(5 * POSITIONS_PER_DECADE + 1);
  });

  it('clamps values and positions outside the range', () => {
    expect(tau.toPosition(1e-6)).toBe(0);
    expect(tau.toPosition(1e6)).toBe(LOG_POSITIONS);
    expect(tau.toPosition(NaN)).toBe(0);
    expect(tau.toPosition(-3)).toBe(0);
    expect(tau.toValue(-5)).toBe(0.01);
    expect(tau.toValue(LOG_POSITIONS + 50)).toBe(1000);
    expect(tau.toValue(399.6)).toBe(1);
  });

  it('shortestIn picks the fewest significant digits, nearest the centre', () => {
    expect(shortestIn(4.97, 5.03, 5.01)).toBe(5);
    expect(shortestIn(0.2488, 0.2517, 0.2502)).toBe(0.25);
    expect(shortestIn(98.3, 99.4, 98.9)).toBe(99);
    expect(shortestIn(0.991, 1.004, 0.997)).toBe(1);
    expect(shortestIn(1.231, 1.2345, 1.233)).toBe(1.233);
  });

  it('with allowZero, position 0 is exactly 0 and the rest is logarithmic', () => {
    const alpha = logScale({ min: 0.01, max: 1000, allowZero: true });
    expect(alpha.toValue(0)).toBe(0);
    expect(alpha.toPosition(0)).toBe(0);
    expect(alpha.toValue(1)).toBe(0.01);
    expect(alpha.toValue(LOG_POSITIONS + 1)).toBe(1000);
    expect(alpha.toPosition(0.001)).toBe(1);
    for (const v of [0, 0.25, 1, 10, 100]) expect(alpha.toValue(alpha.toPosition(v))).toBe(v);
  });

  it('rejects a range that is not positive and increasing', () => {
    expect(() => logScale({ min: 0, max: 1 })).toThrow(/0 < min < max/);
    expect(() => logScale({ min: 2, max: 1 })).toThrow();
  });
});

describe('linearScale', () => {
  it('has one position per step and values without float noise', () => {
    const noise = linearScale(0, 0.5, 0.01);
    expect(noise.positions).toBe(50);
    expect(noise.toValue(7)).toBe(0.07);
    expect(noise.toValue(29)).toBe(0.29);
    for (let p = 0; p <= noise.positions; p++) expect(noise.toPosition(noise.toValue(p))).toBe(p);
  });

  it('snaps values to the nearest step and clamps', () => {
    const test = linearScale(0, 0.5, 0.05);
    expect(test.toPosition(0.25)).toBe(5);
    expect(test.toPosition(0.26)).toBe(5);
    expect(test.toPosition(0.9)).toBe(10);
    expect(test.toPosition(-1)).toBe(0);
    expect(test.toValue(11)).toBe(0.5);
  });

  it('rejects an empty range or a non-positive step', () => {
    expect(() => linearScale(1, 1, 0.1)).toThrow();
    expect(() => linearScale(0, 1, 0)).toThrow();
  });
});

describe('helpers', () => {
  it('clamp and roundSignificant', () => {
    expect(clamp(5, 0, 2)).toBe(2);
    expect(clamp(-1, 0, 2)).toBe(0);
    expect(roundSignificant(10.0231)).toBe(10);
    expect(roundSignificant(0.0012345)).toBe(0.00123);
    expect(roundSignificant(0)).toBe(0);
  });
});
