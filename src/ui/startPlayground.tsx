import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parsePreference } from '../backend/names';
import { quoteUntrusted } from '../core/text';
import { createPlaygroundStore } from '../app/store';
import { decodeUrl, formatNotice } from '../app/url';
import { readSweep } from '../app/comparison';
import { TrainingClient } from '../worker/client';
import { ErrorBoundary } from './ErrorBoundary';
import { Playground } from './Playground';
import { PlaygroundProvider } from './StoreContext';
import { syncUrl } from '../app/urlSync';

/**
 * Starts the playground: the URL gives the configuration and view (bad values fall back to defaults,
 * each with a notice), the store starts the training worker, and the address bar follows the state.
 */
export function startPlayground(root: HTMLElement): void {
  const { config, view, notices, passthrough } = decodeUrl(window.location.search);
  const backendText = passthrough.backend;
  const backend = backendText === undefined ? 'auto' : parsePreference(backendText);
  const messages = notices.map(formatNotice);
  if (backend === undefined) messages.push(`backend: ${quoteUntrusted(backendText)} is not a backend; choosing automatically`);
  const { sweep, notice } = readSweep(passthrough.sweep, config);
  if (notice) messages.push(notice);
  const store = createPlaygroundStore({
    createClient: () => new TrainingClient(),
    config,
    view,
    backendPreference: backend ?? 'auto',
    sweep,
    notices: messages,
  });
  syncUrl(store, backend && backend !== 'auto' ? { backend } : {});
  store.getState().actions.start();
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary scope="page">
        <PlaygroundProvider store={store}>
          <Playground />
        </PlaygroundProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
