/**
 * The data's geometric ceiling (analysis/ceiling.ts) as a chart series, from a model's dataset snapshot.
 * 100,000 points take a good fraction of a second, so the hook computes it in slices, one short task each,
 * and the page's thread never blocks for it; the series appears when done.
 */
import { useEffect, useState } from 'react';
import { certifiedCeilingSteps } from '../../analysis/ceiling';
import type { DatasetSnapshot } from '../../worker/protocol';
import type { LineSeries } from './chartData';

/** Points per step of the computation, and the time the page gives it in one task. */
const STEP_POINTS = 250;
const SLICE_MS = 12;

/** A classifier wrong on some points can certify past it (its radius may cover misclassified points). */
const CEILING_NAME = 'data ceiling for a classifier right on every point';

/** The ceiling over [0, epsMax] on the points certified accuracy is measured on (test, else train), in slices. */
function ceilingSteps(dataset: DatasetSnapshot, epsMax: number) {
  const train = { xy: dataset.trainXy, labels: dataset.trainLabels };
  const test = { xy: dataset.testXy, labels: dataset.testLabels };
  const evaluated = test.labels.length > 0 ? test : train;
  return certifiedCeilingSteps(evaluated, [train, test], epsMax, STEP_POINTS);
}

function toSeries(points: [number, number][]): LineSeries | null {
  return points.length > 0 ? { name: CEILING_NAME, color: '#8a8f99', dashed: true, points } : null;
}

/**
 * The ceiling series of `dataset` over [0, epsMax] (null while computing, for no dataset, or when not
 * `enabled`). Each slice runs in its own task; a new dataset or eps max abandons the old computation.
 */
export function useCeilingSeries(dataset: DatasetSnapshot | null, epsMax: number, enabled = true): LineSeries | null {
  const [result, setResult] = useState<{ dataset: DatasetSnapshot; epsMax: number; series: LineSeries | null } | null>(null);
  useEffect(() => {
    if (!enabled || !dataset) return;
    const steps = ceilingSteps(dataset, epsMax);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Steps of a few hundred points, as many as fit SLICE_MS, then the page's other tasks get their turn.
    const slice = () => {
      const start = performance.now();
      for (;;) {
        const next = steps.next();
        if (next.done) return setResult({ dataset, epsMax, series: toSeries(next.value) });
        if (performance.now() - start >= SLICE_MS) break;
      }
      timer = setTimeout(slice, 0);
    };
    slice();
    return () => clearTimeout(timer);
  }, [dataset, epsMax, enabled]);
  const current = enabled && result && result.dataset === dataset && result.epsMax === epsMax;
  return current ? result.series : null;
}
