/**
 * The comparison's trade-off: each model as a point (clean accuracy, certified accuracy at an eps the
 * person picks: the view's `eps`, which the panels state too), with its trail over training. Clean
 * accuracy is the certified accuracy at eps = 0 (the same points: test points when there are any). The
 * trails are view state, gathered here from the snapshots as they arrive, one entry per snapshot and
 * model, each exact at the radii offered and at the eps of the moment; a new run starts them afresh.
 */
import { useMemo, useRef } from 'react';
import type { ModelEntry } from '../app/comparison';
import type { ModelTraining } from '../app/store';
import { certifiedAccuracyOf } from '../app/certifiedAt';
import { useActions, usePlayground } from './StoreContext';
import { modelColor } from './comparisonLayout';
import { LineChart, type LineSeries } from './plot/LineChart';

/** The radii offered (the report's REPORTED_EPS up to 0.5: the curve is exact there). */
const PARETO_EPS = [0.05, 0.1, 0.2, 0.3, 0.5] as const;
/** Trail entries kept per model (older ones thinned). */
const MAX_TRAIL = 400;

interface TrailEntry {
  step: number;
  clean: number;
  /** Certified accuracy at each radius measured for this snapshot (PARETO_EPS and the eps of the moment). */
  certified: Map<number, number>;
}

/** Appends each model's newest snapshot to its trail; a snapshot at a smaller step (a new run) restarts it. */
function extendTrails(trails: Map<string, TrailEntry[]>, entries: readonly ModelEntry[], models: Record<string, ModelTraining>, eps: number): void {
  for (const e of entries) {
    const field = models[e.id]?.field;
    const dataset = models[e.id]?.dataset;
    if (!field || !dataset) continue;
    const trail = trails.get(e.id) ?? [];
    const last = trail.at(-1);
    if (last && last.step === field.step) {
      // The same snapshot: a newly picked eps is measured on it, so the dot shows at once.
      if (!last.certified.has(eps)) last.certified.set(eps, certifiedAccuracyOf(field, dataset, eps));
      continue;
    }
    const next = last && field.step < last.step ? [] : trail;
    const radii = new Set<number>([...PARETO_EPS, eps]);
    const certified = new Map([...radii].map((r) => [r, certifiedAccuracyOf(field, dataset, r)] as const));
    next.push({ step: field.step, clean: certifiedAccuracyOf(field, dataset, 0), certified });
    trails.set(e.id, next.length > MAX_TRAIL ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next);
  }
}

export function ParetoChart({ entries, models, large }: { entries: readonly ModelEntry[]; models: Record<string, ModelTraining>; large: boolean }) {
  const eps = usePlayground((s) => s.view.eps);
  const { setView } = useActions();
  const trails = useRef(new Map<string, TrailEntry[]>());
  const series = useMemo((): LineSeries[] => {
    extendTrails(trails.current, entries, models, eps);
    return entries.map((e, i) => ({
      name: e.label,
      color: modelColor(i),
      endDot: true,
      // A snapshot gathered before this eps was picked has no exact figure for it: left out of the trail.
      points: (trails.current.get(e.id) ?? []).flatMap((t): [number, number][] => (t.certified.has(eps) ? [[t.clean, t.certified.get(eps)!]] : [])),
    }));
  }, [entries, models, eps]);
  const offered = PARETO_EPS.includes(eps as (typeof PARETO_EPS)[number]) ? [...PARETO_EPS] : [...PARETO_EPS, eps].sort((a, b) => a - b);
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
        <select value={String(eps)} onChange={(e) => setView({ eps: Number(e.target.value) })}>
          {offered.map((v) => (
            <option key={v} value={String(v)}>
              {v}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
