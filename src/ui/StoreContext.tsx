/**
 * The React binding of the playground store: a context holding the one zustand store, a selector hook
 * and the actions. Components read narrow selectors (return state slices or primitives, never new
 * objects) and call actions; nothing else reaches the store.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PlaygroundActions, PlaygroundState, PlaygroundStore } from '../app/store';

const StoreContext = createContext<PlaygroundStore | null>(null);

export function PlaygroundProvider({ store, children }: { store: PlaygroundStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

function useStoreApi(): PlaygroundStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('usePlayground must be used inside <PlaygroundProvider>');
  return store;
}

/** Reads a slice of the store; re-renders when `selector`'s result changes (Object.is). */
export function usePlayground<T>(selector: (s: PlaygroundState) => T): T {
  return useStore(useStoreApi(), selector);
}

/**
 * The store's current state, read when called (for event handlers that must not re-render on every
 * change, such as the keyboard shortcuts).
 */
export function useStateGetter(): () => PlaygroundState {
  return useStoreApi().getState;
}

/** The store's actions (a stable object). */
export function useActions(): PlaygroundActions {
  return useStore(useStoreApi(), (s) => s.actions);
}
