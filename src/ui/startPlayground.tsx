import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parsePreference } from '../backend/names';
import { quoteUntrusted } from '../core/text';
import { createPlaygroundStore } from '../app/store';
import { decodeUrl, formatNotice } from '../app/url';
import { readSweep } from '../app/comparison';
import { TrainingClient } from '../worker/client';
import { pacedClient } from '../app/paintPacing';
import { ErrorBoundary } from './ErrorBoundary';
import { Playground } from './Playground';
import { EmbedPlayground } from './Embed';
import { ImportDrop } from './ImportDrop';
import { PlaygroundProvider } from './StoreContext';
import { syncUrl } from '../app/urlSync';

/**
 * Starts the playground: the URL gives the configuration and view (bad values fall back to defaults,
 * each with a notice), the store starts the training worker, and the address bar follows the state.
 * `?embed=1` shows the embedded playground instead; the full one also takes files dropped on the page.
 */
export function startPlayground(root: HTMLElement): void {
  const { config, view, notices, passthrough } = decodeUrl(window.location.search);
  const backendText = passthrough.backend;
  const backend = backendText === undefined ? 'auto' : parsePreference(backendText);
  const messages = notices.map(formatNotice);
  if (backend === undefined) messages.push(`backend: ${quoteUntrusted(backendText)} is not a backend; choosing automatically`);
  const { sweep, notice } = readSweep(passthrough.sweep, config);
  if (notice) messages.push(notice);
  // ?embed=1: the plot and a play strip for an iframe (Embed.tsx); any other value is the full app.
  const embed = passthrough.embed === '1';
  if (passthrough.embed !== undefined && !embed) messages.push(`embed: ${quoteUntrusted(passthrough.embed)} is not 1; showing the full playground`);
  const store = createPlaygroundStore({
    createClient: () => pacedClient(new TrainingClient()),
    config,
    view,
    backendPreference: backend ?? 'auto',
    sweep,
    notices: messages,
  });
  syncUrl(store, { ...(backend && backend !== 'auto' ? { backend } : {}), ...(embed ? { embed: '1' } : {}) });
  store.getState().actions.start();
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary scope="page">
        <PlaygroundProvider store={store}>
          {embed ? (
            <EmbedPlayground />
          ) : (
            <>
              <Playground />
              <ImportDrop />
            </>
          )}
        </PlaygroundProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
