import { describe, expect, it } from 'vitest';
import type { PointAttack } from '../worker/protocol';
import { readAttack } from './attackText';

const attack = (over: Partial<PointAttack>): PointAttack => ({
  step: 10, point: [0, 0], f: 0.4, lipschitzBound: 1, flipped: true, distance: 0.5, flipPoint: [0.5, 0], path: [[0, 0]], ...over,
});

describe('readAttack', () => {
  it('radius |f| / L, ratio distance / radius, and a verdict by the ratio', () => {
    const tight = readAttack(attack({}));
    expect(tight.radius).toBeCloseTo(0.4, 12);
    expect(tight.ratio).toBeCloseTo(1.25, 12);
    expect(tight.text).toBe('flip at 0.5, certified radius 0.4, ratio 1.25: the certificate is nearly tight');
    expect(readAttack(attack({ f: -2, lipschitzBound: 20, distance: 0.8 })).text).toMatch(/radius 0\.1, ratio 8: the certificate holds but is loose$/);
    expect(readAttack(attack({ distance: 0.3 })).text).toMatch(/below 1, which a sound certificate never gives/);
  });

  it('no flip, or no usable bound, says so without a ratio', () => {
    const none = readAttack(attack({ flipped: false, distance: null, flipPoint: null }));
    expect(none.distance).toBeNull();
    expect(Number.isNaN(none.ratio)).toBe(true);
    expect(none.text).toMatch(/^no flip found/);
    const noBound = readAttack(attack({ lipschitzBound: Infinity }));
    expect(Number.isNaN(noBound.radius)).toBe(true);
    expect(noBound.text).toMatch(/certified radius —, ratio —$/);
  });
});
