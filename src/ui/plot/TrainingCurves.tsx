/** Loss and train/test accuracy over training steps: two stacked LineCharts sharing the step axis. */
import { useMemo } from 'react';
import { LineChart, type LineSeries } from './LineChart';
import type { HistoryPoint } from '../../core/view';
import type { ChartMark } from './drawLineChart';


export interface TrainingCurvesProps {
  /** One entry per recorded step, oldest first; testAccuracy NaN when there is no test set. */
  history: HistoryPoint[];
  /** Where a live setting changed (drawn on the loss curve with its new value). */
  marks?: readonly ChartMark[];
  large?: boolean;
  widthPx?: number;
}

/** Colours of the curves (colour-blind safe: blue vs orange, and test is dashed). */
export const CURVE_COLORS = { loss: '#5b3c99', train: '#1f5fa8', test: '#e66101' } as const;

/** Loss (top) and train/test accuracy in [0, 1] (bottom) against the training step. */
export function TrainingCurves({ history, marks, large = false, widthPx }: TrainingCurvesProps) {
  const { loss, accuracy } = useMemo(() => {
    const pick = (key: 'loss' | 'trainAccuracy' | 'testAccuracy') =>
      history.filter((h) => Number.isFinite(h[key])).map((h): [number, number] => [h.step, h[key]]);
    const test = pick('testAccuracy');
    const acc: LineSeries[] = [{ name: 'train accuracy', color: CURVE_COLORS.train, points: pick('trainAccuracy') }];
    if (test.length > 0) acc.push({ name: 'test accuracy', color: CURVE_COLORS.test, points: test, dashed: true });
    return {
      loss: [{ name: 'loss', color: CURVE_COLORS.loss, points: pick('loss') }] as LineSeries[],
      accuracy: acc,
    };
  }, [history]);
  const height = large ? 240 : 170;
  return (
    <div className="training-curves">
      <LineChart
        title="Loss"
        series={loss}
        xLabel="step"
        yLabel="loss"
        marks={marks}
        heightPx={height}
        large={large}
        widthPx={widthPx}
        emptyText="press play to train"
      />
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
