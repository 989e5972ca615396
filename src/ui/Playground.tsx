/**
 * The playground's one screen: controls on the left, the decision plot in the middle, numbers and curves
 * on the right; a presentation mode hides the knobs and enlarges the plot. Thin: each panel reads its
 * own narrow slice of the store.
 */
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
import { CurvesPanel } from './CurvesPanel';
import { useActions, usePlayground, useStateGetter } from './StoreContext';
import { ShortcutHelp } from './ShortcutHelp';
import { useKeyboard } from './useKeyboard';
import './controls.css';
import './playground.css';

export function Playground() {
  const actions = useActions();
  const presentation = usePlayground((s) => s.presentation);
  const [helpOpen, setHelpOpen] = useKeyboard(actions, useStateGetter());
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
      <main className="pg-main">
        {!presentation && (
          <aside className="pg-controls" aria-label="Settings">
            <DataControls />
            <ModelControls />
            <LossControls />
            <TrainControls />
            <BackendPicker />
            <footer className="pg-footer">
              Press <kbd>?</kbd> for the keys. Based on Béthune et al., “Pay attention to your loss”, NeurIPS 2022.
            </footer>
          </aside>
        )}
        <PlotPanel />
        <aside className="pg-side" aria-label="Numbers and curves">
          <MetricsPanel />
          <CurvesPanel />
        </aside>
      </main>
    </div>
  );
}
