/** The decision plot with its view switch, contour spacing and test-point toggle. */
import { ErrorBoundary } from './ErrorBoundary';
import { useMemo, useRef, useState } from 'react';
import { VIEWS, type ViewName } from '../core/view';
import { MAIN_MODEL } from '../app/store';
import { DecisionPlot } from './plot/DecisionPlot';
import { useElementHeight, useElementWidth } from './plot/useElementWidth';
import { ComparisonPanels, useComparedModels } from './ComparisonPanels';
import { LiveLossControls } from './controls/LossControls';
import { DrawingTools } from './controls/DrawingTools';
import { matchingPreset } from './controls/presets';
import { usePlotDrawing } from './usePlotDrawing';
import { readAttack } from './attackText';
import './comparison.css';
import { drawingAdvice } from '../app/drawing';
import { DRAWING_DOMAIN } from '../data/split';
import type { DatasetSnapshot } from '../worker/protocol';
import { useActions, usePlayground } from './StoreContext';

const VIEW_LABELS: Record<ViewName, string> = {
  f: 'f and its level sets',
  certificate: 'Certificate vs distance',
  gradient: 'Gradient norm |∇f|',
};

const LEVEL_CHOICES = [0.05, 0.1, 0.2, 0.25, 0.5, 1];

/** What a blank drawing canvas shows: the drawing square with no point. */
const BLANK_CANVAS: DatasetSnapshot = {
  trainXy: new Float32Array(0),
  trainLabels: new Float32Array(0),
  testXy: new Float32Array(0),
  testLabels: new Float32Array(0),
  domain: DRAWING_DOMAIN,
};

/** `compactLegend`: the embed's narrower legend beside the plot (DecisionPlot). */
export function PlotPanel({ compactLegend = false }: { compactLegend?: boolean }) {
  const actions = useActions();
  const view = usePlayground((s) => s.view);
  const comparing = usePlayground((s) => s.sweep !== null);
  const blank = usePlayground((s) => s.drawing.active && s.drawing.blank);
  const trainedField = usePlayground((s) => s.models[MAIN_MODEL]?.field ?? null);
  const trainedDataset = usePlayground((s) => s.models[MAIN_MODEL]?.dataset ?? null);
  // A blank drawing canvas hides the model of the data it replaces. While drawing, the dataset shown last
  // (the blank canvas included) stays up until the worker posts the new one: without it the plot would
  // fall back to a default domain for a moment, and a click then would land elsewhere in data space.
  const drawingActive = usePlayground((s) => s.drawing.active);
  const shownDataset = useRef<DatasetSnapshot | null>(null);
  const field = blank ? null : trainedField;
  const dataset = blank ? BLANK_CANVAS : (trainedDataset ?? (drawingActive ? shownDataset.current : null));
  shownDataset.current = dataset;
  const drawingTools = usePlotDrawing();
  const attack = usePlayground((s) => s.attack?.results[MAIN_MODEL] ?? null);
  const drawing = comparing ? undefined : drawingTools;
  const presentation = usePlayground((s) => s.presentation);
  // The spacing the plot drew (wider than the menu's when that would give too many lines): shown beside
  // the menu so that the menu and the legend never disagree silently.
  const [drawnSpacing, setDrawnSpacing] = useState<number | null>(null);
  // The frame takes the height left in the panel; the plot and its legend fit in it (one screen).
  const frameRef = useRef<HTMLDivElement>(null);
  const frameHeight = useElementHeight(frameRef);
  const frameWidth = useElementWidth(frameRef);
  const widened = drawnSpacing !== null && Math.abs(drawnSpacing / view.levels - 1) > 1e-9;
  return (
    <section className="pg-plot" aria-label="Decision plot">
      <div className="pg-plot-toolbar">
        <div className="pg-views" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view.view === v}
              className={view.view === v ? 'active' : ''}
              onClick={() => actions.setView({ view: v })}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
        {/* In presentation mode the plot gets the row back; the key d still opens the tools. */}
        {!drawing && !comparing && !presentation && <DrawingTools />}
        {!presentation && (
          <div className="pg-plot-options">
            <label>
              Contour spacing{' '}
              <select value={String(view.levels)} onChange={(e) => actions.setView({ levels: Number(e.target.value) })}>
                {[...new Set([...LEVEL_CHOICES, view.levels])].sort((a, b) => a - b).map((l) => (
                  <option key={l} value={String(l)}>
                    {l}
                  </option>
                ))}
              </select>
              {widened && <span className="pg-drawn-spacing" data-testid="drawn-spacing"> (drawn every {Number(drawnSpacing.toPrecision(6))}: fewer lines)</span>}
            </label>
            <label>
              <input type="checkbox" checked={view.showTest} onChange={(e) => actions.setView({ showTest: e.target.checked })} />{' '}
              Show test points
            </label>
            {!drawing && <span className="pg-attack-hint">Click the plot to attack a point.</span>}
          </div>
        )}
      </div>
      {drawing && !comparing && <DrawingTools />}
      {comparing && <SweepBar />}
      <PresetClaim />
      <AttackBar />
      <LiveLossControls />
      <div className="pg-plot-frame" ref={frameRef}>
      {comparing ? (
        frameWidth > 0 && <ComparisonPanels widthPx={frameWidth} heightPx={frameHeight} />
      ) : (
      <ErrorBoundary scope="panel" what="The plot" resetKey={dataset}>
      <DecisionPlot
        field={field}
        dataset={dataset}
        view={view.view}
        levelSpacing={view.levels}
        showTest={view.showTest}
        large={presentation}
        fitHeightPx={frameHeight > 0 ? frameHeight : undefined}
        compactLegend={compactLegend}
        onLevelSpacing={setDrawnSpacing}
        label={`Decision plot: ${VIEW_LABELS[view.view]}${drawing ? ' (drawing: click to add points)' : ''}`}
        drawing={drawing}
        note={blank ? drawingAdvice([]) : undefined}
        onClickPoint={(p) => actions.attackPoint([p.x, p.y])}
        attack={attack}
      />
      </ErrorBoundary>
      )}
      </div>
    </section>
  );
}

/** What is compared, all else equal, and the way back to one model. */
function SweepBar() {
  const actions = useActions();
  const entries = useComparedModels();
  return (
    <div className="pg-sweep-bar" role="group" aria-label="Comparison">
      <span title="All else equal: the same data, initial weights and batches, trained in lockstep.">
        Comparing <strong>{entries.map((e) => e.label).join(' · ')}</strong>, all else equal (same data, initial weights and batches; lockstep)
      </span>
      <button type="button" className="lp-button" onClick={() => actions.setSweep(null)}>
        Show one model
      </button>
    </div>
  );
}

/** The last attack in words (one model: its reading; a comparison: each panel has its own), or a hint. */
function AttackBar() {
  const actions = useActions();
  const point = usePlayground((s) => s.attack?.point ?? null);
  const comparing = usePlayground((s) => s.sweep !== null);
  const single = usePlayground((s) => s.attack?.results[MAIN_MODEL] ?? null);
  const drawingActive = usePlayground((s) => s.drawing.active);
  if (drawingActive) return null;
  if (!point) return null;
  // The attack used the weights of this step; training may have moved on since.
  const where = `(${point[0].toFixed(2)}, ${point[1].toFixed(2)})${single ? ` at step ${single.step}` : ''}`;
  return (
    <p className="pg-attack-bar" role="status" data-testid="attack-reading">
      <span>
        Attack at {where}: {comparing ? 'each panel shows its flip point, path and certified radius.' : single ? readAttack(single).text : 'attacking…'}
      </span>{' '}
      <button type="button" className="pg-link-button" onClick={() => actions.attackPoint(null)}>
        clear
      </button>
    </p>
  );
}

/** The current preset's claim, in one line over the plot, so the demo says what it shows (not while drawing). */
function PresetClaim() {
  const config = usePlayground((s) => s.config);
  const sweep = usePlayground((s) => s.sweep);
  const presentation = usePlayground((s) => s.presentation);
  // Not while drawing: the first drawn point ends the preset, and the plot must not move under the pointer.
  const drawingActive = usePlayground((s) => s.drawing.active);
  const preset = useMemo(() => matchingPreset(config, sweep), [config, sweep]);
  if (!preset || presentation || drawingActive) return null;
  return (
    <p className="pg-claim" title={preset.description}>
      <strong>{preset.title}:</strong> {preset.description}
    </p>
  );
}
