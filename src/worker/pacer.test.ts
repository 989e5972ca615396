import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

/**
 * Simulates a speed-limited run on a synthetic clock: each tick costs `stepCostMs` per step, plus
 * `snapshotMs` every `snapshotEveryMs` (the field snapshots), then waits what the pacer says.
 * Returns the delivered steps per second over `seconds`.
 */
function deliveredRate(sps: number, stepCostMs: number, snapshotMs: number, snapshotEveryMs: number, seconds = 30): number {
  const pacer = new Pacer(sps);
  let now = 0;
  let steps = 0;
  let lastSnapshot = 0;
  while (now < seconds * 1000) {
    pacer.tickStarted(now);
    const k = pacer.stepsPerTick();
    now += k * stepCostMs;
    steps += k;
    if (now - lastSnapshot >= snapshotEveryMs) {
      now += snapshotMs;
      lastSnapshot = now;
    }
    now += pacer.delayAfter(k, now);
  }
  return steps / (now / 1000);
}

describe('the speed limit (Pacer)', () => {
  it.each([1, 10, 100])('delivers %d steps/s within 10% when the machine can keep up, snapshots included', (sps) => {
    const rate = deliveredRate(sps, 2, 300, 1000);
    expect(rate).toBeGreaterThanOrEqual(0.9 * sps);
    expect(rate).toBeLessThanOrEqual(1.1 * sps);
  });

  it('delivers 10 steps/s even when every snapshot takes longer than a tick interval', () => {
    const rate = deliveredRate(10, 5, 250, 200);
    expect(rate).toBeGreaterThanOrEqual(9);
    expect(rate).toBeLessThanOrEqual(11);
  });

  it('runs as fast as it can, without bursts, when the machine cannot keep up', () => {
    expect(deliveredRate(100, 20, 0, 1e9)).toBeCloseTo(50, 0); // 20 ms a step: at most 50 steps/s
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => new Pacer(0)).toThrow(/positive/);
    expect(() => new Pacer(NaN)).toThrow(/positive/);
  });
});
