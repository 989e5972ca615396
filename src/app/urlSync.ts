import type { PlaygroundStore } from './store';
import { encodeUrl } from './url';

/**
 * Keeps the address bar equal to the configuration and view, with history.replaceState so dragging a
 * slider does not flood the history. Writes at most every 200 ms (the last state always gets written).
 */
export function syncUrl(store: PlaygroundStore, passthrough: Record<string, string>): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const { config, view } = store.getState();
    const query = encodeUrl(config, view, passthrough);
    const next = `${window.location.pathname}${query}${window.location.hash}`;
    if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
      window.history.replaceState(null, '', next);
    }
  };
  write();
  return store.subscribe((state, previous) => {
    if (state.config === previous.config && state.view === previous.view) return;
    if (timer === null) timer = setTimeout(write, 200);
  });
}
