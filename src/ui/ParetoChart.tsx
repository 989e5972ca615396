/**
 * The comparison's trade-off: each model as a point (clean accuracy, certified accuracy at an eps the
 * person picks), with its trail over training. Clean accuracy is the certified curve at eps = 0 (the same
 * points: test points when there are any). The trails are view state, gathered here from the snapshots as
 * they arrive, one entry per snapshot and model; a new run starts them afresh.
 */
import { useMemo, useRef, useState } from 'react';
import type { ModelEntry } from '../app/comparison';
import type { ModelTraining } from '../app/store';
import { certifiedAccuracyAt } from './controls/format';
import { modelColor } from './comparisonLayout';
import { LineChart, type LineSeries } from './plot/LineChart';

/** The radii offered (the report's REPORTED_EPS up to 0.5: the curve is exact there). */
const PARETO_EPS = [0.05, 0.1, 0.2, 0.3, 0.5] as const;
/** Trail entries kept per model (older ones thinned). */
const MAX_TRAIL = 400;

interface TrailEntry {
  step: number;
  clean: number;
  /** Certified accuracy at each of PARETO_EPS. */
  certified: number[];
}

/** Appends each model's newest snapshot to its trail; a snapshot at a smaller step (a new run) restarts it. */
function extendTrails(trails: Map<string, TrailEntry[]>, entries: readonly ModelEntry[], models: Record<string, ModelTraining>): void {
  for (const e of entries) {
    const field = models[e.id]?.field;
    if (!field) continue;
    const trail = trails.get(e.id) ?? [];
    const last = trail.at(-1);
    if (last && last.step === field.step) continue;
    const next = last && field.step < last.step ? [] : trail;
    const curve = field.certified;
    next.push({ step: field.step, clean: certifiedAccuracyAt(curve, 0), certified: PARETO_EPS.map((eps) => certifiedAccuracyAt(curve, eps)) });
    trails.set(e.id, next.length > MAX_TRAIL ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next);
  }
}

export function ParetoChart({ entries, models, large }: { entries: readonly ModelEntry[]; models: Record<string, ModelTraining>; large: boolean }) {
  const [epsIndex, setEpsIndex] = useState(1);
  const trails = useRef(new Map<string, TrailEntry[]>());
  const series = useMemo((): LineSeries[] => {
    extendTrails(trails.current, entries, models);
    return entries.map((e, i) => ({
      name: e.label,
      color: modelColor(i),
      endDot: true,
      points: (trails.current.get(e.id) ?? []).map((t): [number, number] => [t.clean, t.certified[epsIndex]]),
    }));
  }, [entries, models, epsIndex]);
  const eps = PARETO_EPS[epsIndex];
  return (
    <div className="pg-pareto">
      <LineChart
        title={`Clean vs certified accuracy at ε = ${eps} (dot: now, line: its path over training)`}
        series={series}
        xLabel="clean accuracy"
        yLabel={`certified at ε = ${eps}`}
        xDomain={[0, 1]}
        yDomain={[0, 1]}
        large={large}
        heightPx={large ? 240 : 190}
        emptyText="waiting for the models…"
      />
      <label className="pg-chart-option">
        ε for the trade-off{' '}
        <select value={String(epsIndex)} onChange={(e) => setEpsIndex(Number(e.target.value))}>
          {PARETO_EPS.map((v, i) => (
            <option key={v} value={String(i)}>
              {v}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
