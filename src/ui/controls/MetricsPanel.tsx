/**
 * The numbers that are always visible, in every view: step, loss, accuracies, MCR, the Lipschitz bound and
 * estimate, certified accuracy at eps = 0.1, the backend and the worker's tensor count. Every figure is
 * the worker's, from the same report as the runner's (train/report.ts); the only arithmetic here is
 * reading the certified curve at one eps, which the curve samples exactly. A number the worker reported as
 * NaN (a diverged model) shows as NaN; "—" means not reported yet. Test-set figures say so when the split
 * left no test point ("—" and why) or only a few (the figure and a warning): testSet.ts.
 */
import { useMemo } from 'react';
import { MAIN_MODEL } from '../../app/store';
import { usePlayground } from '../StoreContext';
import { certifiedAccuracyAt, formatCount, formatPercent, formatSignificant, MISSING } from './format';
import { testFigure, testSetStatus, type ShownFigure, type TestSetStatus } from './testSet';

/** The radius at which the panel reports certified accuracy (one of the report's REPORTED_EPS, so exact). */
const PANEL_EPS = 0.1;

export function MetricsPanel({ modelId = MAIN_MODEL }: { modelId?: string }) {
  const latest = usePlayground((s) => s.models[modelId]?.latest ?? null);
  const field = usePlayground((s) => s.models[modelId]?.field ?? null);
  const backend = usePlayground((s) => s.backend?.name ?? null);
  const tensors = usePlayground((s) => s.workerTensors);
  // Primitives from the store (a derived object would be new on every read); the split of this run.
  const testCount = usePlayground((s) => s.models[modelId]?.dataset?.testLabels.length ?? null);
  const trainCount = usePlayground((s) => s.models[modelId]?.dataset?.trainLabels.length ?? null);
  const testFraction = usePlayground((s) => s.config.data.testFraction);
  const split = useMemo(
    () => (testCount === null || trainCount === null ? null : testSetStatus({ testCount, trainCount, testFraction })),
    [testCount, trainCount, testFraction],
  );

  const certified = field ? certifiedAccuracyAt(field.certified, PANEL_EPS) : NaN;
  const testAcc = testFigure(latest?.testAccuracy, formatPercent, split);
  const testLoss = testFigure(latest?.testLoss, (v) => formatSignificant(v, 4), split);
  const onPoints = field ? pointsNote(field.certified.on, split) : null;

  return (
    <section className="lp-metrics" aria-label="Metrics">
      <dl>
        <Metric label="Step" testId="metric-step" value={formatCount(latest?.step)} />
        <Metric label="Loss (train set)" testId="metric-loss" value={latest ? formatSignificant(latest.loss, 4) : MISSING} />
        <Metric label="Loss (test set)" testId="metric-test-loss" {...shown(testLoss)} />
        <Metric label="Train accuracy" testId="metric-train-acc" value={latest ? formatPercent(latest.trainAccuracy) : MISSING} />
        <Metric label="Test accuracy" testId="metric-test-acc" {...shown(testAcc)} />
        <Metric
          label="MCR"
          testId="metric-mcr"
          value={field ? reported(field.mcr) : MISSING}
          hint={onPoints ? `E[y f] / L bound, ${onPoints.text}` : undefined}
          warn={onPoints?.warn}
        />
        <Metric
          label="Lipschitz bound"
          testId="metric-lip-bound"
          value={field ? reported(field.lipschitzBound) : MISSING}
          hint="upper bound: product of spectral norms"
        />
        <Metric
          label="Lipschitz estimate"
          testId="metric-lip-empirical"
          value={field ? reported(field.lipschitzEmpirical) : MISSING}
          hint={field ? `max |∇f| over ${field.gridNodes}×${field.gridNodes} grid and data (lower bound)` : undefined}
        />
        <Metric
          label={`Certified accuracy, ε = ${PANEL_EPS}`}
          testId="metric-certified"
          value={formatPercent(certified)}
          hint={onPoints?.text}
          warn={onPoints?.warn}
        />
        <Metric label="Backend" testId="metric-backend" value={backend ?? 'starting…'} live />
        <Metric label="Worker tensors" testId="metric-tensors" value={formatCount(tensors)} />
      </dl>
    </section>
  );
}

/** A test-set figure's props for Metric: its text, and its note as a hint or a warning. */
function shown(figure: ShownFigure): { value: string; hint?: string; warn: boolean } {
  return { value: figure.text, hint: figure.note ?? undefined, warn: figure.warn };
}

/**
 * Which points the certified figures (MCR, certified accuracy) are measured on: the test points, or the
 * training points when there is none (the report's fallback), with the split's reason or warning.
 */
function pointsNote(on: 'train' | 'test', split: TestSetStatus | null): { text: string; warn: boolean } {
  if (on === 'train') return { text: split?.kind === 'none' ? `on train points (${split.reason})` : 'on train points', warn: false };
  if (split?.kind === 'few') return { text: `on test points, ${split.warning}`, warn: true };
  return { text: 'on test points', warn: false };
}

/** A reported figure: NaN stays visible as NaN, never a blank. */
function reported(value: number): string {
  return Number.isNaN(value) ? 'NaN' : formatSignificant(value);
}

interface MetricProps {
  label: string;
  value: string;
  testId: string;
  hint?: string;
  /** The hint is a caution about the figure (e.g. few test points), drawn as a warning. */
  warn?: boolean;
  live?: boolean;
}

function Metric({ label, value, testId, hint, warn = false, live }: MetricProps) {
  return (
    <div className="lp-metric">
      <dt>{label}</dt>
      <dd>
        <span className="lp-metric-value" data-testid={testId} aria-live={live ? 'polite' : undefined}>
          {value}
        </span>
        {hint && (
          <span className={warn ? 'lp-hint lp-hint-warn' : 'lp-hint'} data-testid={`${testId}-note`}>
            {warn ? `⚠ ${hint}` : hint}
          </span>
        )}
      </dd>
    </div>
  );
}
