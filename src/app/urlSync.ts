import type { PlaygroundStore } from './store';
import { encodeUrl, fieldsNotInUrl } from './url';
import { formatSweep } from './comparison';

/**
 * Keeps the address bar equal to the configuration, the view, the comparison's sweep and the backend choice
 * (`backend`, left out for "auto"), with history.replaceState so dragging a slider does not flood the history. Writes at most every 200 ms (the last state always gets written).
 * When the configuration holds something the URL cannot carry (numerical settings without a key, more
 * user points than a link holds), the person is told once per set of such fields: a shared link would
 * open with their defaults.
 */
export function syncUrl(store: PlaygroundStore, passthrough: Record<string, string>): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastLost = '';
  const write = () => {
    timer = null;
    const { config, view, backendPreference, sweep } = store.getState();
    const keys: Record<string, string> = { ...passthrough };
    if (backendPreference === 'auto') delete keys.backend;
    else keys.backend = backendPreference;
    if (sweep) keys.sweep = formatSweep(sweep);
    else delete keys.sweep;
    const query = encodeUrl(config, view, keys);
    const lost = fieldsNotInUrl(config).join(', ');
    if (lost !== lastLost && lost !== '') {
      store.getState().actions.notify(`The link does not carry ${lost}: opened elsewhere, it uses their defaults.`, 'warning');
    }
    lastLost = lost;
    const next = `${window.location.pathname}${query}${window.location.hash}`;
    if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
      window.history.replaceState(null, '', next);
    }
  };
  write();
  return store.subscribe((state, previous) => {
    const same = state.config === previous.config && state.view === previous.view && state.sweep === previous.sweep;
    if (same && state.backendPreference === previous.backendPreference) return;
    if (timer === null) timer = setTimeout(write, 200);
  });
}
