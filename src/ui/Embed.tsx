/**
 * The embedded playground (`?embed=1`, for an iframe of about 600 x 400): the decision plot with its view
 * buttons and one strip of play, step and reset, the step count, and a link "open in Lipschitz Playground"
 * to the full app with the same configuration (the address without `embed`). No side panels, no settings:
 * whoever embeds chose the configuration in the link. The keys of the full app for playback and views
 * work here too (Space, s, r, 1 2 3); the others change settings the embed does not show.
 */
import { encodeUrl } from '../app/url';
import { formatSweep } from '../app/comparison';
import { MAIN_MODEL } from '../app/store';
import { PlotPanel } from './PlotPanel';
import { useActions, usePlayground, useStateGetter } from './StoreContext';
import { useKeyboard } from './useKeyboard';
import type { ShortcutAction } from './keyboard';
import { ErrorBoundary } from './ErrorBoundary';
import './controls.css';
import './playground.css';
import './embed.css';

/** Play/pause, step, reset and the views: nothing that opens a panel or changes the configuration. */
const EMBED_SHORTCUTS = new Set<ShortcutAction>(['togglePlay', 'step', 'reset']);
const embedAllows = (shortcut: ShortcutAction) => typeof shortcut === 'object' || EMBED_SHORTCUTS.has(shortcut);

export function EmbedPlayground() {
  useKeyboard(useActions(), useStateGetter(), embedAllows);
  return (
    <div className="playground pg-embed">
      <EmbedStrip />
      <main className="pg-embed-plot">
        <ErrorBoundary scope="panel" what="The plot">
          {/* The legend beside the plot, narrow: the plot takes the height under the strip. */}
          <PlotPanel compactLegend />
        </ErrorBoundary>
      </main>
    </div>
  );
}

function EmbedStrip() {
  const actions = useActions();
  const status = usePlayground((s) => s.status);
  const step = usePlayground((s) => s.models[MAIN_MODEL]?.latest?.step ?? 0);
  const problem = usePlayground((s) => s.statusMessage);
  const playing = status === 'playing';
  return (
    <header className="pg-embed-strip" role="group" aria-label="Playback">
      <button type="button" className="lp-button lp-primary" data-testid="play" onClick={() => actions.togglePlay()}>
        <span aria-hidden="true" className="lp-icon">
          {playing ? '❚❚' : '▶'}
        </span>{' '}
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" className="lp-button" onClick={() => actions.step()}>
        Step
      </button>
      <button type="button" className="lp-button" onClick={() => actions.reset()}>
        Reset
      </button>
      <span className="pg-embed-step" data-testid="step-count" data-status={status} title={problem ?? undefined}>
        step {step.toLocaleString('en')}
        {status === 'diverged' || status === 'error' ? ` · ${status}` : ''}
      </span>
      <EmbedNotices />
      <FullAppLink />
    </header>
  );
}

/**
 * The notices (a bad key in the embedding link, a refused setting, a worker error) folded into one line
 * that opens over the plot: an embed that fell back to defaults says so without giving up its height.
 */
function EmbedNotices() {
  const notices = usePlayground((s) => s.notices);
  if (notices.length === 0) return null;
  const label = `${notices.length} notice${notices.length === 1 ? '' : 's'}`;
  return (
    <details className="pg-embed-notices" data-testid="embed-notices">
      {/* Short, so the strip stays one row at 600 px beside the link. */}
      <summary aria-label={label} title={label}>
        ⚠ {notices.length}
      </summary>
      <ul>
        {notices.map((n) => (
          <li key={n.id}>{n.text}</li>
        ))}
      </ul>
    </details>
  );
}

/** The same configuration, view, comparison and backend in the full app: this address without `embed`. */
function FullAppLink() {
  const config = usePlayground((s) => s.config);
  const view = usePlayground((s) => s.view);
  const sweep = usePlayground((s) => s.sweep);
  const backend = usePlayground((s) => s.backendPreference);
  const keys: Record<string, string> = {};
  if (backend !== 'auto') keys.backend = backend;
  if (sweep) keys.sweep = formatSweep(sweep);
  const href = `${window.location.pathname}${encodeUrl(config, view, keys)}`;
  return (
    <a className="pg-embed-open" href={href} target="_blank" rel="noopener" data-testid="open-full">
      open in Lipschitz Playground ↗
    </a>
  );
}
