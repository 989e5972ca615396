/**
 * The numbers that are always visible, in every view: step, loss, accuracies, MCR, the Lipschitz bound and
 * estimate, certified accuracy at eps = 0.1, the backend and the worker's tensor count. Every figure is
 * the worker's, from the same report as the runner's (train/report.ts); the only arithmetic here is
 * reading the certified curve at one eps, which the curve samples exactly. A number the worker reported as
 * NaN (a diverged model) shows as NaN; "—" means not reported yet.
 */
import { MAIN_MODEL } from '../../app/store';
import { usePlayground } from '../StoreContext';
import { certifiedAccuracyAt, formatCount, formatPercent, formatSignificant, MISSING } from './format';

/** The radius at which the panel reports certified accuracy (one of the report's REPORTED_EPS, so exact). */
const PANEL_EPS = 0.1;

export function MetricsPanel({ modelId = MAIN_MODEL }: { modelId?: string }) {
  const latest = usePlayground((s) => s.models[modelId]?.latest ?? null);
  const field = usePlayground((s) => s.models[modelId]?.field ?? null);
  const backend = usePlayground((s) => s.backend?.name ?? null);
  const tensors = usePlayground((s) => s.workerTensors);

  const certified = field ? certifiedAccuracyAt(field.certified, PANEL_EPS) : NaN;

  return (
    <section className="lp-metrics" aria-label="Metrics">
      <dl>
        <Metric label="Step" testId="metric-step" value={formatCount(latest?.step)} />
        <Metric label="Loss" testId="metric-loss" value={latest ? formatSignificant(latest.loss, 4) : MISSING} />
        <Metric label="Train accuracy" testId="metric-train-acc" value={latest ? formatPercent(latest.trainAccuracy) : MISSING} />
        <Metric label="Test accuracy" testId="metric-test-acc" value={latest ? formatPercent(latest.testAccuracy) : MISSING} />
        <Metric
          label="MCR"
          testId="metric-mcr"
          value={field ? reported(field.mcr) : MISSING}
          hint={field ? `E[y f] / L bound, on ${field.certified.on} points` : undefined}
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
          hint={field ? `on ${field.certified.on} points` : undefined}
        />
        <Metric label="Backend" testId="metric-backend" value={backend ?? 'starting…'} live />
        <Metric label="Worker tensors" testId="metric-tensors" value={formatCount(tensors)} />
      </dl>
    </section>
  );
}

/** A reported figure: NaN stays visible as NaN, never a blank. */
function reported(value: number): string {
  return Number.isNaN(value) ? 'NaN' : formatSignificant(value);
}

function Metric({ label, value, testId, hint, live }: { label: string; value: string; testId: string; hint?: string; live?: boolean }) {
  return (
    <div className="lp-metric">
      <dt>{label}</dt>
      <dd>
        <span className="lp-metric-value" data-testid={testId} aria-live={live ? 'polite' : undefined}>
          {value}
        </span>
        {hint && <span className="lp-hint">{hint}</span>}
      </dd>
    </div>
  );
}
