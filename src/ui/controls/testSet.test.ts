import { describe, expect, test } from 'vitest';
import { formatPercent } from './format';
import { FEW_TEST_POINTS, testFigure, testSetStatus } from './testSet';

describe('the test set status', () => {
  test('no test points: says whether the fraction is 0 or the split rounded it away', () => {
    expect(testSetStatus({ testCount: 0, trainCount: 500, testFraction: 0 })).toEqual({ kind: 'none', reason: 'no test points: test fraction 0%' });
    expect(testSetStatus({ testCount: 0, trainCount: 4, testFraction: 0.1 })).toEqual({
      kind: 'none',
      reason: 'the split left 0 test points (test fraction 10% of 4 points)',
    });
  });

  test(`fewer than ${FEW_TEST_POINTS} test points: a warning with the count`, () => {
    expect(testSetStatus({ testCount: 1, trainCount: 5, testFraction: 0.2 })).toEqual({ kind: 'few', count: 1, warning: 'based on only 1 test point' });
    expect(testSetStatus({ testCount: 9, trainCount: 30, testFraction: 0.25 })).toMatchObject({ kind: 'few', warning: 'based on only 9 test points' });
    expect(testSetStatus({ testCount: 10, trainCount: 30, testFraction: 0.25 })).toEqual({ kind: 'enough', count: 10 });
  });
});

describe('a test figure as shown', () => {
  const none = testSetStatus({ testCount: 0, trainCount: 100, testFraction: 0 });
  const few = testSetStatus({ testCount: 3, trainCount: 9, testFraction: 0.25 });
  const enough = testSetStatus({ testCount: 250, trainCount: 750, testFraction: 0.25 });

  test('no test points: "—" with the reason, never 0.0% or NaN', () => {
    expect(testFigure(NaN, formatPercent, none)).toEqual({ text: '—', note: 'no test points: test fraction 0%', warn: false });
    expect(testFigure(0, formatPercent, none).text).toBe('—');
  });

  test('few test points: the figure and a warning', () => {
    expect(testFigure(2 / 3, formatPercent, few)).toEqual({ text: '66.7%', note: 'based on only 3 test points', warn: true });
  });

  test('enough points, or the split not known yet: the figure alone; nothing reported yet: "—"', () => {
    expect(testFigure(0.984, formatPercent, enough)).toEqual({ text: '98.4%', note: null, warn: false });
    expect(testFigure(0.5, formatPercent, null)).toEqual({ text: '50.0%', note: null, warn: false });
    expect(testFigure(undefined, formatPercent, few)).toEqual({ text: '—', note: null, warn: false });
  });
});
