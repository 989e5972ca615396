/**
 * How figures measured on the test set are shown when the split left none or only a few test points: "—"
 * with the reason instead of a NaN or a "0.0%" that reads as a result, and a warning beside a figure that
 * rests on a handful of points. Pure; no DOM.
 */
import { MISSING } from './format';

/** Below this many test points a test figure is shown with a warning (one point moves it by > 10%). */
export const FEW_TEST_POINTS = 10;

/** The run's split, from the dataset the worker built and the configured test fraction. */
export interface SplitInfo {
  testCount: number;
  trainCount: number;
  /** The configured fraction in [0, 1]. */
  testFraction: number;
}

export type TestSetStatus =
  | { kind: 'none'; reason: string }
  | { kind: 'few'; count: number; warning: string }
  | { kind: 'enough'; count: number };

/** Whether the split has test points to speak of, and what to say when it has not. */
export function testSetStatus({ testCount, trainCount, testFraction }: SplitInfo): TestSetStatus {
  if (testCount === 0) {
    const pct = percentText(testFraction);
    const reason =
      testFraction === 0
        ? 'no test points: test fraction 0%'
        : `the split left 0 test points (test fraction ${pct} of ${testCount + trainCount} points)`;
    return { kind: 'none', reason };
  }
  if (testCount < FEW_TEST_POINTS) {
    return { kind: 'few', count: testCount, warning: `based on only ${testCount} test point${testCount === 1 ? '' : 's'}` };
  }
  return { kind: 'enough', count: testCount };
}

/** A test-set figure as the metrics panel shows it: the text, and a note (`warn`: a caution, not a hint). */
export interface ShownFigure {
  text: string;
  note: string | null;
  warn: boolean;
}

/**
 * `value` (measured on the test set) formatted by `format`; with no test points "—" and the reason, with
 * few the figure and a warning. Without a known split (the dataset not yet arrived) the figure alone.
 */
export function testFigure(value: number | undefined, format: (v: number) => string, status: TestSetStatus | null): ShownFigure {
  if (status?.kind === 'none') return { text: MISSING, note: status.reason, warn: false };
  const text = value === undefined ? MISSING : format(value);
  if (status?.kind === 'few' && value !== undefined) return { text, note: status.warning, warn: true };
  return { text, note: null, warn: false };
}

/** A fraction as a percent without needless decimals: 0.25 -> "25%", 0.125 -> "12.5%". */
function percentText(fraction: number): string {
  return `${Number((100 * fraction).toPrecision(3))}%`;
}
