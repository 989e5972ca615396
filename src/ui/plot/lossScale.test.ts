import { scaleLog } from 'd3';
import { describe, expect, test } from 'vitest';
import type { HistoryPoint } from '../../core/view';
import { padRange, seriesExtent } from './chartData';
import { formatLogTick, logTickFormatter, lossScaleChoice } from './lossScale';
import { historySeries } from './TrainingCurves';

const at = (step: number, loss: number, testLoss = NaN): HistoryPoint => ({ step, loss, testLoss, trainAccuracy: 0.9, testAccuracy: 0.8 });

describe('the loss chart log-scale choice', () => {
  const positive = [at(0, 0.7, 0.8), at(100, 0.05, 0.09), at(200, 0.002, 0.01)];

  test('a positive loss gets the log axis when asked for, and not otherwise', () => {
    expect(lossScaleChoice(true, 'tau-bce', positive)).toEqual({ log: true, available: true, reason: null });
    expect(lossScaleChoice(false, 'tau-bce', positive)).toEqual({ log: false, available: true, reason: null });
    expect(lossScaleChoice(true, 'bce', [])).toMatchObject({ log: true, available: true });
  });

  test('KR and HKR are refused from the start, even while their values are still positive', () => {
    for (const name of ['kr', 'hkr'] as const) {
      const choice = lossScaleChoice(true, name, positive);
      expect(choice.log).toBe(false);
      expect(choice.available).toBe(false);
      expect(choice.reason).toMatch(/KR.*negative.*cannot show values ≤ 0/);
    }
  });

  test('a hinge loss that reached 0 is refused, naming the step and why hinge is 0', () => {
    const choice = lossScaleChoice(true, 'hinge', [at(0, 0.9), at(50, 0.1), at(80, 0), at(90, 0)]);
    expect(choice).toMatchObject({ log: false, available: false });
    expect(choice.reason).toBe('the train loss reached 0 at step 80 (hinge is 0 once every point is beyond the margin): a log scale cannot show 0');
  });

  test('a negative test loss (e.g. an earlier KR segment) is refused too; NaN (no test set) is ignored', () => {
    const choice = lossScaleChoice(true, 'bce', [at(0, 0.4, 0.5), at(10, 0.3, -0.25), at(20, 0.2, 0.3)]);
    expect(choice.available).toBe(false);
    expect(choice.reason).toBe('the test loss was −0.25 at step 10: a log scale cannot show values ≤ 0');
    expect(lossScaleChoice(true, 'bce', [at(0, 0.4), at(10, 0.3)]).log).toBe(true);
  });
});

describe('log axis ticks', () => {
  test('powers of ten read as decimals near 1 and as 10ⁿ beyond two decades', () => {
    expect([0.01, 0.1, 1, 10, 100].map(formatLogTick)).toEqual(['0.01', '0.1', '1', '10', '100']);
    expect([1e-3, 1e-5, 1e3, 1e4].map(formatLogTick)).toEqual(['10⁻³', '10⁻⁵', '10³', '10⁴']);
    expect([0.2, 3, 5e-4, 2e6].map(formatLogTick)).toEqual(['0.2', '3', '5·10⁻⁴', '2·10⁶']);
    expect([0, -1, NaN].map(formatLogTick)).toEqual(['', '', '']);
  });

  test('over several decades only the powers of ten are labelled; within one decade every tick is', () => {
    const wide = scaleLog().domain([0.001, 10]).ticks(4);
    const labels = wide.map(logTickFormatter(wide)).filter((t) => t !== '');
    expect(labels).toEqual(['10⁻³', '0.01', '0.1', '1', '10']);
    const manyTicks = [0.1, 0.2, 0.3, 0.5, 1, 2, 3];
    expect(manyTicks.map(logTickFormatter(manyTicks))).toEqual(['0.1', '', '', '', '1', '', '']);
    const narrow = [0.3, 0.4, 0.5, 0.6, 0.7];
    expect(narrow.map(logTickFormatter(narrow))).toEqual(['0.3', '0.4', '0.5', '0.6', '0.7']);
  });

  test('a log y range is padded by a factor and stays > 0; a linear one by 5% of its span', () => {
    const [lo, hi] = padRange([0.01, 1], true);
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBeCloseTo(0.01 / 10 ** 0.1, 8);
    expect(hi).toBeCloseTo(10 ** 0.1, 8);
    expect(padRange([-1, 1], false)).toEqual([-1.1, 1.1]);
  });

  test('on a log y axis the extent leaves out y <= 0, and a constant y widens by a factor', () => {
    const s = (points: [number, number][]) => ({ name: 'a', color: '#000', points });
    expect(seriesExtent([s([[0, 0], [1, 0.5], [2, 0.02], [3, -1]])], false, true)?.y).toEqual([0.02, 0.5]);
    const flat = seriesExtent([s([[0, 0.5], [1, 0.5]])], false, true)!.y;
    expect(flat[0]).toBeGreaterThan(0);
    expect(flat[0]).toBeLessThan(0.5);
    expect(flat[1]).toBeGreaterThan(0.5);
  });
});

describe('the loss series', () => {
  test('the test-loss series leaves out NaN, so without a test set it is empty (and not drawn)', () => {
    const history = [at(0, 0.7), at(10, 0.5)];
    expect(historySeries(history, 'loss')).toEqual([[0, 0.7], [10, 0.5]]);
    expect(historySeries(history, 'testLoss')).toEqual([]);
    expect(historySeries([at(0, 0.7, 0.9), at(10, 0.5, NaN)], 'testLoss')).toEqual([[0, 0.9]]);
  });
});
