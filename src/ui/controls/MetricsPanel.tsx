/**
 * The numbers that are always visible: step, loss, accuracies, MCR, the Lipschitz bound and estimate,
 * certified accuracy at eps = 0.1, the backend and the worker's tensor count. Reads what the worker
 * computed; the only arithmetic is reading the certified curve at one eps.
 */
import { MAIN_MODEL } from '../../app/store';
import { usePlayground } from '../StoreContext';
import { certifiedAccuracyAt, formatCount, formatPercent, formatSignificant, MISSING } from './format';

/** The radius at which the panel reports certified accuracy. */
export const PANEL_EPS = 0.1;

export function MetricsPanel({ modelId = MAIN_MODEL }: { modelId?: string }) {
  const latest = usePlayground((s) => s.models[modelId]?.latest ?? null);
  const field = usePlayground((s) => s.models[modelId]?.field ?? null);
  const backend = usePlayground((s) => s.backend?.name ?? null);
  const tensors = usePlayground((s) => s.workerTensors);

  const empirical = field && Number.isFinite(field.lipschitzEmpirical) ? formatSignificant(field.lipschitzEmpirical) : null;
  const certified = field ? certifiedAccuracyAt(field.certified, PANEL_EPS) : NaN;

  return (
    <section className="lp-metrics" aria-label="Metrics">
      <dl>
        <Metric label="Step" testId="metric-step" value={formatCount(latest?.step)} />
        <Metric label="Loss" testId="metric-loss" value={latest ? formatSignificant(latest.loss, 4) : MISSING} />
        <Metric label="Train accuracy" testId="metric-train-acc" value={latest ? formatPercent(latest.trainAccuracy) : MISSING} />
        <Metric label="Test accuracy" testId="metric-test-acc" value={latest ? formatPercent(latest.testAccuracy) : MISSING} />
        <Metric label="MCR E[y f]" testId="metric-mcr" value={field ? formatSignificant(field.mcr) : MISSING} />
        <Metric label="Lipschitz bound" testId="metric-lip-bound" value={field ? formatSignificant(field.lipschitzBound) : MISSING} />
        <Metric
          label="Lipschitz estimate"
          testId="metric-lip-empirical"
          value={empirical ?? MISSING}
          hint={empirical === null ? 'shown in the gradient view' : 'max |∇f| on grid and data'}
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
