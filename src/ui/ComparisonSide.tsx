/**
 * The side column of a comparison: every model's numbers in one table (a column per model), certified
 * accuracy against eps with one curve per model on one fixed axis, clean against certified accuracy at a
 * chosen eps (each model's trail over training), the train loss per model, and each
 * model's Lipschitz bound over steps (a standard net's grows; a 1-Lipschitz net's stays at 1).
 */
import { useMemo, useState } from 'react';
import type { ModelTraining } from '../app/store';
import { fixedEpsMax } from './plot/chartData';
import { LineChart, type LineSeries } from './plot/LineChart';
import { certifiedAccuracyAt, formatCompact, formatCount, formatPercent, formatSignificant, MISSING } from './controls/format';
import { useComparedModels } from './ComparisonPanels';
import { sweepName, sweepValueDisplay, sweepValueText } from '../core/sweep';
import { ParetoChart } from './ParetoChart';
import { useCeilingSeries } from './plot/ceilingSeries';
import { EPS_AXIS_LABELS, type EpsAxis } from './plot/CertifiedCurve';
import { EpsAxisChoice } from './plot/EpsAxisChoice';
import { modelColor } from './comparisonLayout';
import { usePlayground } from './StoreContext';
import './comparison.css';

const TABLE_EPS = 0.1;

type Row = [label: string, value: (m: ModelTraining | undefined) => string];

const finite = (v: number | undefined, format: (v: number) => string) => (v !== undefined && Number.isFinite(v) ? format(v) : MISSING);
const sig = (v: number) => formatSignificant(v, 3);

const ROWS: Row[] = [
  ['Step', (m) => formatCount(m?.latest?.step)],
  ['Loss (train set)', (m) => finite(m?.latest?.loss, formatCompact)],
  ['Loss (test set)', (m) => finite(m?.latest?.testLoss, formatCompact)],
  ['Train accuracy', (m) => finite(m?.latest?.trainAccuracy, formatPercent)],
  ['Test accuracy', (m) => finite(m?.latest?.testAccuracy, formatPercent)],
  ['MCR (E[y f] / L bound)', (m) => finite(m?.field?.mcr, sig)],
  ['Lipschitz bound', (m) => finite(m?.field?.lipschitzBound, sig)],
  ['Lipschitz estimate (grid)', (m) => finite(m?.field?.lipschitzEmpirical, sig)],
  [`Certified accuracy, ε = ${TABLE_EPS}`, (m) => (m?.field ? formatPercent(certifiedAccuracyAt(m.field.certified, TABLE_EPS)) : MISSING)],
];

export function ComparisonSide() {
  const entries = useComparedModels();
  const sweep = usePlayground((s) => s.sweep);
  const models = usePlayground((s) => s.models);
  const large = usePlayground((s) => s.presentation);
  const domain = usePlayground((s) => s.models[entries[0]?.id ?? '']?.dataset?.domain ?? null);
  const epsMax = domain ? fixedEpsMax(domain) : 1;

  // One ceiling for all when the models share their data (a sweep over noise changes it: then none).
  const sweptData = usePlayground((s) => s.sweep?.key === 'noise');
  const firstDataset = usePlayground((s) => s.models[entries[0]?.id ?? '']?.dataset ?? null);
  const ceiling = useCeilingSeries(firstDataset, epsMax, !sweptData);
  const [epsAxis, setEpsAxis] = useState<EpsAxis>('sound');
  const certified = useMemo((): LineSeries[] => {
    const curves = entries.map((e, i): LineSeries => {
      const field = models[e.id]?.field;
      const c = field ? (epsAxis === 'paper' ? field.paperAxis : field.certified) : undefined;
      const points = c ? c.eps.map((eps, k): [number, number] => [eps, c.accuracy[k]]).filter(([eps]) => eps <= epsMax) : [];
      return { name: e.label, color: modelColor(i), points };
    });
    return ceiling ? [...curves, ceiling] : curves;
  }, [entries, models, epsMax, ceiling, epsAxis]);
  const losses = useMemo(
    (): LineSeries[] =>
      entries.map((e, i) => ({
        name: e.label,
        color: modelColor(i),
        points: (models[e.id]?.history ?? []).filter((h) => Number.isFinite(h.loss)).map((h): [number, number] => [h.step, h.loss]),
      })),
    [entries, models],
  );
  const bounds = useMemo(
    (): LineSeries[] =>
      entries.map((e, i) => ({
        name: e.label,
        color: modelColor(i),
        points: (models[e.id]?.bounds ?? []).filter(([, b]) => Number.isFinite(b) && b > 0),
      })),
    [entries, models],
  );

  return (
    <section className="pg-comparison-side" aria-label="Comparison numbers and curves">
      <div className="cmp-table-scroll">
      <table className="cmp-table">
        <caption className="lp-visually-hidden">Every compared model's numbers</caption>
        <thead>
          <tr>
            {/* The setting named once, in the corner; each column by its value. */}
            <th scope="col">{sweep ? sweepName(sweep) : ''}</th>
            {entries.map((e, i) => (
              <th key={e.id} scope="col" style={{ color: modelColor(i) }} title={sweep ? `${sweepName(sweep)} = ${sweepValueText(sweep.values[i])}` : e.label}>
                {sweep ? sweepValueDisplay(sweep, sweep.values[i]).text : e.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {entries.map((e) => (
                <td key={e.id}>{value(models[e.id])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <LineChart
        title={epsAxis === 'paper' ? "Accuracy on the paper's raw-margin axis (test points), every model" : 'Certified accuracy (test points), every model'}
        series={certified}
        xLabel={EPS_AXIS_LABELS[epsAxis]}
        yLabel={epsAxis === 'paper' ? 'fraction with y f > ε' : 'certified accuracy'}
        yDomain={[0, 1]}
        xDomain={[0, epsMax]}
        large={large}
        heightPx={large ? 240 : 180}
        emptyText="waiting for the models…"
      />
      <EpsAxisChoice value={epsAxis} onChange={setEpsAxis} />
      <ParetoChart entries={entries} models={models} large={large} />
      <LineChart title="Loss (train set), every model" series={losses} xLabel="step" yLabel="loss" large={large} heightPx={large ? 220 : 150} emptyText="press play to train" />
      <LineChart
        title="Lipschitz bound over steps (log)"
        series={bounds}
        xLabel="step"
        yLabel="bound"
        logY
        large={large}
        heightPx={large ? 220 : 150}
        emptyText="waiting for the models…"
      />
    </section>
  );
}
