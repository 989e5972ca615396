/** Loss and train/test accuracy over training steps: two stacked LineCharts sharing the step axis. */
import { useMemo, type ReactNode } from 'react';
import { LineChart, type LineSeries } from './LineChart';
import type { HistoryPoint } from '../../core/view';
import type { ChartMark } from './drawLineChart';


export interface TrainingCurvesProps {
  /** One entry per recorded step, oldest first; testLoss and testAccuracy NaN when there is no test set. */
  history: HistoryPoint[];
  /** Where a live setting changed (drawn on the loss curve with its new value). */
  marks?: readonly ChartMark[];
  /** Draw the loss on a log axis (the caller decides whether it can: see lossScale.ts). */
  logLoss?: boolean;
  /** Shown right under the loss chart (its options). */
  lossOption?: ReactNode;
  large?: boolean;
  widthPx?: number;
}

/** Colours of the curves (colour-blind safe: blue vs orange, and test is dashed). */
export const CURVE_COLORS = { loss: '#5b3c99', train: '#1f5fa8', test: '#e66101' } as const;

/** Legend names: both losses are over a whole set at the step's weights, never a mini-batch. */
export const LOSS_SERIES_NAMES = { train: 'train loss (whole train set)', test: 'test loss (whole test set)' } as const;

type Key = 'loss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy';

/** The [step, value] points of one history field, leaving out NaN (no test set) and infinities. */
export function historySeries(history: readonly HistoryPoint[], key: Key): [number, number][] {
  return history.filter((h) => Number.isFinite(h[key])).map((h): [number, number] => [h.step, h[key]]);
}

/** Loss (top; train solid, test dashed orange) and train/test accuracy in [0, 1] (bottom) against the step. */
export function TrainingCurves({ history, marks, logLoss = false, lossOption, large = false, widthPx }: TrainingCurvesProps) {
  const { loss, accuracy } = useMemo(() => {
    const testAcc = historySeries(history, 'testAccuracy');
    const acc: LineSeries[] = [{ name: 'train accuracy', color: CURVE_COLORS.train, points: historySeries(history, 'trainAccuracy') }];
    if (testAcc.length > 0) acc.push({ name: 'test accuracy', color: CURVE_COLORS.test, points: testAcc, dashed: true });
    // No test set: no test-loss series at all (not an empty or NaN one).
    const testLoss = historySeries(history, 'testLoss');
    const losses: LineSeries[] = [{ name: LOSS_SERIES_NAMES.train, color: CURVE_COLORS.loss, points: historySeries(history, 'loss') }];
    if (testLoss.length > 0) losses.push({ name: LOSS_SERIES_NAMES.test, color: CURVE_COLORS.test, points: testLoss, dashed: true });
    return { loss: losses, accuracy: acc };
  }, [history]);
  const height = large ? 240 : 170;
  // With one series the chart shows no legend keys, so the title says what the curve covers.
  const lossTitle = loss.length > 1 ? 'Loss' : 'Train loss (whole train set)';
  return (
    <div className="training-curves">
      <LineChart
        title={lossTitle}
        series={loss}
        xLabel="step"
        yLabel={logLoss ? 'loss (log scale)' : 'loss'}
        logY={logLoss}
        marks={marks}
        heightPx={height}
        large={large}
        widthPx={widthPx}
        emptyText="press play to train"
      />
      {lossOption}
      <LineChart
        title="Accuracy"
        series={accuracy}
        xLabel="step"
        yLabel="accuracy"
        yDomain={[0, 1]}
        heightPx={height}
        large={large}
        widthPx={widthPx}
        emptyText="press play to train"
      />
    </div>
  );
}
