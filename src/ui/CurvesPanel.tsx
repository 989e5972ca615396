/** Loss and accuracy over steps, and certified accuracy over eps for the current model. */
import { useMemo, useState } from 'react';
import { MAIN_MODEL } from '../app/store';
import { CertifiedCurve, type EpsAxis } from './plot/CertifiedCurve';
import { EpsAxisChoice } from './plot/EpsAxisChoice';
import { lossScaleChoice } from './plot/lossScale';
import { TrainingCurves } from './plot/TrainingCurves';
import { useCeilingSeries } from './plot/ceilingSeries';
import { fixedEpsMax } from './plot/chartData';
import { usePlayground } from './StoreContext';

export function CurvesPanel() {
  const history = usePlayground((s) => s.models[MAIN_MODEL]?.history ?? EMPTY);
  const field = usePlayground((s) => s.models[MAIN_MODEL]?.field ?? null);
  const dataset = usePlayground((s) => s.models[MAIN_MODEL]?.dataset ?? null);
  const domain = dataset?.domain ?? null;
  const settingMarks = usePlayground((s) => s.models[MAIN_MODEL]?.marks ?? EMPTY);
  const marks = useMemo(() => settingMarks.map((m) => ({ x: m.step, label: m.label })), [settingMarks]);
  const large = usePlayground((s) => s.presentation);
  const testCount = usePlayground((s) => s.models[MAIN_MODEL]?.dataset?.testLabels.length ?? null);
  // A fixed eps axis by default: comparing two moments of training needs the same axis.
  const [fixedEps, setFixedEps] = useState(true);
  const [epsAxis, setEpsAxis] = useState<EpsAxis>('sound');
  const ceiling = useCeilingSeries(dataset, domain ? fixedEpsMax(domain) : 1, fixedEps && domain !== null);
  // The log scale is a wish: lossScaleChoice refuses it (with its reason) while the loss can be <= 0.
  const [logLoss, setLogLoss] = useState(false);
  const lossName = usePlayground((s) => s.config.loss.name);
  const scale = useMemo(() => lossScaleChoice(logLoss, lossName, history), [logLoss, lossName, history]);
  const lossOption = (
    <label className="pg-chart-option" title={scale.reason ? `Log scale off: ${scale.reason}` : 'Plot the losses on a log axis (ticks at powers of ten)'}>
      <input type="checkbox" data-testid="log-loss" checked={scale.log} disabled={!scale.available} onChange={(e) => setLogLoss(e.target.checked)} />
      {' Log scale (loss)'}
      {scale.reason && <span data-testid="log-loss-reason">: off, {scale.reason}</span>}
    </label>
  );
  return (
    <section className="pg-curves" aria-label="Curves">
      <CertifiedCurve field={field} domain={domain} large={large} fixedAxis={fixedEps} testCount={testCount} ceiling={ceiling} axis={epsAxis} />
      <EpsAxisChoice value={epsAxis} onChange={setEpsAxis} />
      <label className="pg-chart-option">
        <input type="checkbox" checked={fixedEps} onChange={(e) => setFixedEps(e.target.checked)} /> Fixed ε axis (0 to half the plot's width)
      </label>
      <TrainingCurves history={history} marks={marks} large={large} logLoss={scale.log} lossOption={lossOption} />
    </section>
  );
}

const EMPTY: never[] = [];
