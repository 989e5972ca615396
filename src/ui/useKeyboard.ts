import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlaygroundActions, PlaygroundState } from '../app/store';
import { ALPHA_RANGE, TAU_RANGE } from './controls/LossControls';
import { nextNotch } from './controls/scales';
import { shortcutFor, type ShortcutAction } from './keyboard';

/**
 * Wires the lecturer's shortcuts (keyboard.ts decides which key means what) to the store's actions, and
 * holds whether the list of keys is open. Tracks whether focus came from a pointer, so that Space after
 * clicking a control plays instead of clicking it again (keyboard.ts).
 */
export function useKeyboard(
  actions: PlaygroundActions,
  getState: () => PlaygroundState,
  /** Which shortcuts this page takes (the embed only playback and views); others are left to the browser. Keep it stable. */
  allows: (shortcut: ShortcutAction) => boolean = allowAll,
): [boolean, (open: boolean) => void] {
  const [helpOpen, setHelpOpenState] = useState(false);
  const helpOpenNow = useRef(false); // read by the key handler without re-subscribing
  const setHelpOpen = useCallback((open: boolean) => {
    helpOpenNow.current = open;
    setHelpOpenState(open);
  }, []);
  useEffect(() => {
    let focusFromPointer = false;
    let spaceHandled = false;
    const onPointerDown = () => (focusFromPointer = true);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Tab') focusFromPointer = false;
      if (event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      const shortcut = shortcutFor({
        key: event.key,
        repeat: event.repeat,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        focusFromPointer,
        target: target && { tagName: target.tagName, type: (target as HTMLInputElement).type, isContentEditable: target.isContentEditable, role: target.getAttribute('role') },
      });
      if (!shortcut || !allows(shortcut)) return;
      event.preventDefault(); // no page scroll on Space or the arrows, no click on a focused button
      spaceHandled = shortcut === 'togglePlay';
      run(shortcut);
    };
    // A button or checkbox acts on Space when the key goes up: swallow that too when Space meant play.
    const onKeyUp = (event: KeyboardEvent) => {
      if (spaceHandled && (event.key === ' ' || event.key === 'Spacebar')) {
        event.preventDefault();
        spaceHandled = false;
      }
    };
    const run = (shortcut: ShortcutAction) => {
      if (typeof shortcut === 'object') return actions.setView({ view: shortcut.view });
      switch (shortcut) {
        case 'step':
          return actions.step(1);
        case 'toggleHelp':
          return setHelpOpen(!helpOpenNow.current);
        case 'escape':
          // Esc closes the list of keys first, then leaves presentation mode.
          if (helpOpenNow.current) return setHelpOpen(false);
          if (getState().presentation) actions.togglePresentation();
          else if (getState().drawing.active) actions.stopDrawing();
          return;
        case 'toggleDrawing':
          return getState().drawing.active ? actions.stopDrawing() : actions.startDrawing('blank');
        case 'undoDrawing':
          actions.undoDrawing();
          return;
        case 'nudgeUp':
        case 'nudgeDown':
          return nudgeLoss(actions, getState(), shortcut === 'nudgeUp' ? 1 : -1);
        default:
          return actions[shortcut]();
      }
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [actions, getState, setHelpOpen, allows]);
  return [helpOpen, setHelpOpen];
}

const allowAll = () => true;

/** One notch of the loss's main hyper-parameter: tau for tau-BCE, alpha for HKR; other losses have none. */
function nudgeLoss(actions: PlaygroundActions, state: PlaygroundState, direction: 1 | -1): void {
  const loss = state.config.loss;
  if (loss.name === 'tau-bce') actions.setLoss({ tau: nextNotch(loss.tau, direction, TAU_RANGE) });
  else if (loss.name === 'hkr') actions.setLoss({ alpha: nextNotch(loss.alpha, direction, ALPHA_RANGE) });
}
