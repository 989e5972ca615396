/**
 * The choice of eps axis for certified-accuracy charts: the sound certified radius (y f / L_bound), or the
 * paper's raw margin (y f, as its figure 2 plots it; for the two-logit head that reads up to twice a sound
 * radius). The label says which is which.
 */
import type { EpsAxis } from './CertifiedCurve';

export function EpsAxisChoice({ value, onChange }: { value: EpsAxis; onChange: (axis: EpsAxis) => void }) {
  return (
    <label className="pg-chart-option" title="The paper's figure 2 plots the raw margin y f; a sound certified radius divides it by the Lipschitz bound.">
      ε axis{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as EpsAxis)} data-testid="eps-axis">
        <option value="sound">sound radius y f / L bound</option>
        <option value="paper">the paper's raw margin y f (not a radius)</option>
      </select>
    </label>
  );
}
