import { useEffect } from 'react';
import type { PlaygroundActions } from '../app/store';
import { shortcutFor } from './keyboard';

/** Wires the lecturer's shortcuts (keyboard.ts decides which key means what) to the store's actions. */
export function useKeyboard(actions: PlaygroundActions): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      const shortcut = shortcutFor({
        key: event.key,
        repeat: event.repeat,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: target && { tagName: target.tagName, type: (target as HTMLInputElement).type, isContentEditable: target.isContentEditable, role: target.getAttribute('role') },
      });
      if (!shortcut) return;
      event.preventDefault();
      if (shortcut === 'step') actions.step(1);
      else actions[shortcut]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
