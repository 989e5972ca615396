/**
 * The playground's one screen: controls on the left, the decision plot in the middle, numbers and curves
 * on the right; a presentation mode hides the knobs and enlarges the plot. Thin: each panel reads its
 * own narrow slice of the store. The side columns, the settings groups and the curves fold away
 * (Collapsible.tsx, remembered in localStorage) and the plot takes the room.
 */
import { useRef } from 'react';
import { BackendPicker } from './controls/BackendPicker';
import { DataControls } from './controls/DataControls';
import { LossControls } from './controls/LossControls';
import { MetricsPanel } from './controls/MetricsPanel';
import { ModelControls } from './controls/ModelControls';
import { NoticeBar } from './controls/NoticeBar';
import { PlaybackBar } from './controls/PlaybackBar';
import { Presets } from './controls/Presets';
import { TrainControls } from './controls/TrainControls';
import { PlotPanel } from './PlotPanel';
import { plotArrangement } from './plotArrangement';
import { useElementHeight, useElementWidth } from './plot/useElementWidth';
import { CurvesPanel } from './CurvesPanel';
import { ComparisonSide } from './ComparisonSide';
import { ResultsDownload } from './ResultsDownload';
import { ExportMenu } from './ExportMenu';
import { sweepName, sweepValuesDisplay } from '../core/sweep';
import { CollapseProvider, CollapsibleColumn, CollapsibleGroups, CollapsiblePanel, useCollapsed } from './Collapsible';
import { useActions, usePlayground, useStateGetter } from './StoreContext';
import { ShortcutHelp } from './ShortcutHelp';
import { ImportButton } from './ImportButton';
import { useKeyboard } from './useKeyboard';
import './controls.css';
import './playground.css';
import './collapsible.css';

export function Playground() {
  return (
    <CollapseProvider>
      <PlaygroundScreen />
    </CollapseProvider>
  );
}

function PlaygroundScreen() {
  const actions = useActions();
  const presentation = usePlayground((s) => s.presentation);
  const comparing = usePlayground((s) => s.sweep !== null);
  const [helpOpen, setHelpOpen] = useKeyboard(actions, useStateGetter());
  // A folded column leaves a thin strip; the grid gives its width to the plot (collapsible.css).
  const settingsFolded = (useCollapsed('settings')?.[0] ?? false) && !presentation;
  const sideFolded = useCollapsed('side')?.[0] ?? false;
  const mainClass = `pg-main${settingsFolded ? ' pg-settings-collapsed' : ''}${sideFolded ? ' pg-side-collapsed' : ''}`;
  // The plot is bound by height on a landscape screen: freed width goes to a toolbar rail (plotArrangement.ts).
  const plotCell = useRef<HTMLDivElement>(null);
  const arrangement = plotArrangement(useElementWidth(plotCell, 0), useElementHeight(plotCell), presentation);
  return (
    <div className={presentation ? 'playground presentation' : 'playground'}>
      <header className="pg-header">
        <h1 className="pg-title">Lipschitz Playground</h1>
        <PlaybackBar />
        <div className="pg-header-tools">
          <button type="button" className="pg-keys-toggle" aria-pressed={helpOpen} onClick={() => setHelpOpen(!helpOpen)} title="Keyboard shortcuts (?)">
            Keys ?
          </button>
          <button
            type="button"
            className="pg-presentation-toggle"
            aria-pressed={presentation}
            onClick={actions.togglePresentation}
            title="Presentation mode (p)"
          >
            {presentation ? 'Exit presentation' : 'Presentation'}
          </button>
        </div>
      </header>
      {!presentation && (
        <div className="pg-presets">
          <Presets compact />
        </div>
      )}
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      <NoticeBar />
      <main className={mainClass}>
        {!presentation && (
          <CollapsibleColumn panel="settings" label="Settings" side="left" className="pg-controls" keepMounted>
            <SweptBaseNote />
            <CollapsibleGroups>
              <DataControls />
              <ModelControls />
              <LossControls />
              <TrainControls />
            </CollapsibleGroups>
            <CollapsiblePanel panel="group:backend" title="Backend" className="lp-group">
              <BackendPicker />
            </CollapsiblePanel>
            <footer className="pg-footer">
              Press <kbd>?</kbd> for the keys. Based on Béthune et al., “Pay attention to your loss”, NeurIPS 2022.
            </footer>
          </CollapsibleColumn>
        )}
        <div className={`pg-plot-cell pg-plot-${arrangement}`} ref={plotCell}>
          <PlotPanel />
        </div>
        <CollapsibleColumn panel="side" label="Numbers and curves" side="right" className="pg-side">
          {!presentation && <ImportButton />}
          {!presentation && <ResultsDownload />}
          {!presentation && <ExportMenu />}
          {comparing ? (
            <ComparisonSide />
          ) : (
            <>
              <MetricsPanel />
              <CollapsiblePanel panel="curves" title="Curves" className="pg-curves-panel">
                <CurvesPanel />
              </CollapsiblePanel>
            </>
          )}
        </CollapsibleColumn>
      </main>
    </div>
  );
}

/** In a comparison, the settings are the models' shared base: say so, and which setting is swept. */
function SweptBaseNote() {
  const sweep = usePlayground((s) => s.sweep);
  if (!sweep) return null;
  return (
    <p className="lp-swept" role="note" data-testid="swept-base-note">
      These settings are shared by every panel; <strong>{sweepName(sweep)}</strong> is swept (one panel each:{' '}
      {sweepValuesDisplay(sweep)}), so its control here does not apply.
    </p>
  );
}
