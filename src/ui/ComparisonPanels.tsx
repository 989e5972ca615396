/**
 * The comparison's panels: one per model of the sweep, each a region named by its setting ("τ = 0.5")
 * with its own plot and key numbers, all on one colour scale, with one hover shared by every plot and
 * one legend under the grid. A panel's title enlarges it (and brings back the grid).
 */
import { ErrorBoundary } from './ErrorBoundary';
import { useMemo, useRef, useState } from 'react';
import { modelEntries, type ModelEntry } from '../app/comparison';
import type { ModelTraining } from '../app/store';
import type { FieldSnapshot } from '../worker/protocol';
import { panelGrid } from './comparisonLayout';
import { formatCount, formatPercent, formatSignificant, MISSING } from './controls/format';
import { certifiedAccuracyOf } from '../app/certifiedAt';
import { GradientBars } from './GradientBars';
import { DecisionPlot } from './plot/DecisionPlot';
import { PlotLegend } from './plot/PlotLegend';
import type { DataPoint } from './plot/scales';
import { heatmapLayer, sharedScale, type SharedScale } from './plot/viewData';
import { useActions, usePlayground } from './StoreContext';
import { readAttack } from './attackText';
import './comparison.css';

/** Height of a panel's title above its plot and its three lines of numbers under it. */
const PANEL_CHROME_PX = 74;
const GAP_PX = 10;
/** The attack's line under each panel's numbers, while there is an attack. */
const ATTACK_LINE_PX = 16;
/** Room kept under the grid for the shared legend. */
const LEGEND_PX = 92;

/** The compared models of the current config and sweep (empty without a sweep). */
export function useComparedModels(): ModelEntry[] {
  const config = usePlayground((s) => s.config);
  const sweep = usePlayground((s) => s.sweep);
  return useMemo(() => {
    if (!sweep) return [];
    const entries = modelEntries(config, sweep);
    return entries.ok ? entries.models : [];
  }, [config, sweep]);
}

/** The shared colour scale, recomputed only when some model's field changed. */
function useSharedScale(fields: (FieldSnapshot | null)[]): SharedScale {
  const last = useRef<{ fields: (FieldSnapshot | null)[]; scale: SharedScale } | null>(null);
  const same = last.current !== null && last.current.fields.length === fields.length && last.current.fields.every((f, i) => f === fields[i]);
  if (!same) last.current = { fields, scale: sharedScale(fields) };
  return last.current!.scale;
}

export function ComparisonPanels({ widthPx, heightPx }: { widthPx: number; heightPx: number }) {
  const entries = useComparedModels();
  const models = usePlayground((s) => s.models);
  const view = usePlayground((s) => s.view);
  const large = usePlayground((s) => s.presentation);
  const [hover, setHover] = useState<DataPoint | null>(null);
  const [enlarged, setEnlarged] = useState<string | null>(null);
  const attacking = usePlayground((s) => s.attack !== null);
  const fields = entries.map((e) => models[e.id]?.field ?? null);
  const scale = useSharedScale(fields);

  const shown = enlarged ? entries.filter((e) => e.id === enlarged) : entries;
  const chrome = PANEL_CHROME_PX + (attacking ? ATTACK_LINE_PX : 0);
  const grid = panelGrid(shown.length, widthPx, Math.max(0, heightPx - LEGEND_PX), chrome, GAP_PX);
  const legendField = fields.find((f) => f !== null) ?? null;
  const layer = legendField ? heatmapLayer(legendField, view.view, scale) : null;

  return (
    <div className="cmp">
      <div className="cmp-grid" style={{ gridTemplateColumns: `repeat(${grid.columns}, ${grid.plotPx}px)`, gap: GAP_PX }}>
        {shown.map((entry) => (
          <ModelPanel
            key={entry.id}
            entry={entry}
            model={models[entry.id]}
            plotPx={grid.plotPx}
            scale={scale}
            hover={hover}
            onHover={setHover}
            enlarged={enlarged === entry.id}
            onToggleEnlarge={() => setEnlarged(enlarged === entry.id ? null : entry.id)}
            canEnlarge={entries.length > 1}
          />
        ))}
      </div>
      <PlotLegend
        view={view.view}
        colormap={layer?.colormap ?? null}
        spacing={{}}
        lipschitzBound={null}
        showTest={view.showTest}
        large={large}
        widthPx={Math.min(widthPx, Math.max(320, grid.columns * grid.plotPx))}
      />
    </div>
  );
}

interface ModelPanelProps {
  entry: ModelEntry;
  model: ModelTraining | undefined;
  plotPx: number;
  scale: SharedScale;
  hover: DataPoint | null;
  onHover: (p: DataPoint | null) => void;
  enlarged: boolean;
  onToggleEnlarge: () => void;
  canEnlarge: boolean;
}

/** What a panel's Lipschitz bound is the product of, for its tooltip. */
function boundMeaning(entry: ModelEntry): string {
  const { kind, layer } = entry.config.model;
  const residual = kind === 'lipschitz' && (layer === 'sll' || layer === 'cpl');
  return residual
    ? `Upper bound of Lip(f): L times the exact spectral norms of the dense layers times each ${layer} block's own bound (sound in float arithmetic)`
    : 'Upper bound of Lip(f): the output scale times the product of the exact spectral norms of the effective weights';
}

/** One model: its setting as title (a button that enlarges it), its plot and its key numbers. */
function ModelPanel({ entry, model, plotPx, scale, hover, onHover, enlarged, onToggleEnlarge, canEnlarge }: ModelPanelProps) {
  const view = usePlayground((s) => s.view);
  const actions = useActions();
  const attacked = usePlayground((s) => s.attack !== null);
  const attack = usePlayground((s) => s.attack?.results[entry.id] ?? null);
  const large = usePlayground((s) => s.presentation);
  const field = model?.field ?? null;
  const latest = model?.latest ?? null;
  const eps = view.eps;
  const certified = field && model?.dataset ? certifiedAccuracyOf(field, model.dataset, eps) : NaN;
  const msPerStep = latest?.msPerStep ?? NaN;
  const diverged = model?.divergedAt != null;
  return (
    <section className="cmp-panel" role="region" aria-label={entry.label} data-model-id={entry.id} data-step={latest?.step ?? ''} data-batched={latest?.batched ? 'true' : 'false'}>
      <h3 className="cmp-title">
        {canEnlarge ? (
          <button type="button" className="cmp-title-button" onClick={onToggleEnlarge} title={enlarged ? 'Back to all panels' : 'Enlarge this panel'}>
            {entry.label} <span aria-hidden="true">{enlarged ? '⤡' : '⤢'}</span>
          </button>
        ) : (
          entry.label
        )}
      </h3>
      <ErrorBoundary scope="panel" what={`The plot of ${entry.label}`} resetKey={model?.dataset}>
      <DecisionPlot
        field={field}
        dataset={model?.dataset ?? null}
        view={view.view}
        levelSpacing={view.levels}
        showTest={view.showTest}
        sizePx={plotPx}
        legend={false}
        large={large}
        sharedScale={scale}
        hoverPoint={hover}
        onHoverPoint={onHover}
        onClickPoint={(p) => actions.attackPoint([p.x, p.y])}
        attack={attack}
        label={`Decision plot, ${entry.label}`}
      />
      </ErrorBoundary>
      {/* Three lines at most, cut rather than wrapped, so every panel keeps the height the grid planned. */}
      {diverged ? (
        <p className="cmp-numbers">
          <strong>diverged at step {formatCount(model?.divergedAt)}</strong>
        </p>
      ) : (
        <>
          <p className="cmp-numbers">
            step <strong data-testid="panel-step">{formatCount(latest?.step)}</strong> · test acc{' '}
            <strong>{latest && Number.isFinite(latest.testAccuracy) ? formatPercent(latest.testAccuracy) : MISSING}</strong>
          </p>
          <p className="cmp-numbers">
            MCR <strong>{field ? formatSignificant(field.mcr, 3) : MISSING}</strong> · cert@{eps} <strong>{field ? formatPercent(certified) : MISSING}</strong> ·{' '}
            <span title={boundMeaning(entry)}>
              L ≤ <strong>{field ? formatSignificant(field.lipschitzBound, 3) : MISSING}</strong>
            </span>
          </p>
          <p className="cmp-numbers" data-testid="panel-gradient">
            <span title="|∇f| over the data points divided by L (the net's constant; 1 for a standard net): bars over 0 to 1, the red one above 1">|∇f|/L</span>
            {field ? <GradientBars histogram={field.gradientOnData} /> : ' '}
            mean |∇f| <strong>{field ? formatSignificant(field.gradientOnData.mean, 3) : MISSING}</strong> ·{' '}
            <span
              title={
                latest?.batched
                  ? 'This model’s share of the time of one batched step of all the models: they train as one computation on this backend'
                  : 'This model’s own time per training step in the worker (on WebGL and WebGPU: the time to queue its kernels only)'
              }
            >
              <strong data-testid="panel-ms">{Number.isFinite(msPerStep) ? formatSignificant(msPerStep, 2) : MISSING}</strong> ms/step
              {latest?.batched ? ' (batched)' : ''}
            </span>
          </p>
        </>
      )}
      {attacked && (
        <p className="cmp-numbers cmp-attack" data-testid="panel-attack" title={attack ? readAttack(attack).text : undefined}>
          {attack ? readAttack(attack).text : 'attacking…'}
        </p>
      )}
    </section>
  );
}
