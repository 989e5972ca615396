/** Loss and accuracy over steps, and certified accuracy over eps for the current model. */
import { MAIN_MODEL } from '../app/store';
import { CertifiedCurve } from './plot/CertifiedCurve';
import { TrainingCurves } from './plot/TrainingCurves';
import { usePlayground } from './StoreContext';

export function CurvesPanel() {
  const history = usePlayground((s) => s.models[MAIN_MODEL]?.history ?? EMPTY);
  const field = usePlayground((s) => s.models[MAIN_MODEL]?.field ?? null);
  const large = usePlayground((s) => s.presentation);
  return (
    <section className="pg-curves" aria-label="Curves">
      <CertifiedCurve field={field} large={large} />
      <TrainingCurves history={history} large={large} />
    </section>
  );
}

const EMPTY: never[] = [];
