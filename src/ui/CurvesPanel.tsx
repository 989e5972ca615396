/** Loss and accuracy over steps, and certified accuracy over eps for the current model. */
import { useMemo, useState } from 'react';
import { MAIN_MODEL } from '../app/store';
import { CertifiedCurve } from './plot/CertifiedCurve';
import { TrainingCurves } from './plot/TrainingCurves';
import { usePlayground } from './StoreContext';

export function CurvesPanel() {
  const history = usePlayground((s) => s.models[MAIN_MODEL]?.history ?? EMPTY);
  const field = usePlayground((s) => s.models[MAIN_MODEL]?.field ?? null);
  const domain = usePlayground((s) => s.models[MAIN_MODEL]?.dataset?.domain ?? null);
  const settingMarks = usePlayground((s) => s.models[MAIN_MODEL]?.marks ?? EMPTY);
  const marks = useMemo(() => settingMarks.map((m) => ({ x: m.step, label: m.label })), [settingMarks]);
  const large = usePlayground((s) => s.presentation);
  // A fixed eps axis by default: comparing two moments of training needs the same axis.
  const [fixedEps, setFixedEps] = useState(true);
  return (
    <section className="pg-curves" aria-label="Curves">
      <CertifiedCurve field={field} domain={domain} large={large} fixedAxis={fixedEps} />
      <label className="pg-chart-option">
        <input type="checkbox" checked={fixedEps} onChange={(e) => setFixedEps(e.target.checked)} /> Fixed ε axis (0 to half the plot's width)
      </label>
      <TrainingCurves history={history} marks={marks} large={large} />
    </section>
  );
}

const EMPTY: never[] = [];
