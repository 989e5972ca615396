import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate';

describe('RateMeter (measured steps per second)', () => {
  it('is the step difference over the time difference within the last two seconds', () => {
    const meter = new RateMeter();
    expect(meter.rate()).toBeNull();
    for (let t = 0; t <= 5000; t += 100) meter.add(t, t < 3000 ? t / 10 : 300 + (t - 3000) / 20); // 100/s, then 50/s
    expect(meter.rate()).toBeCloseTo(50, 6);
  });

  it('says nothing until it has 300 ms of history, and starts over when the step goes back', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(200, 20);
    expect(meter.rate()).toBeNull();
    meter.add(400, 40);
    expect(meter.rate()).toBeCloseTo(100, 6);
    meter.add(500, 0);
    expect(meter.rate()).toBeNull();
  });
});
