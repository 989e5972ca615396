/**
 * The playground's keyboard shortcuts, as a pure function of a keydown event:
 *   Space play/pause, s step, r reset, p presentation mode, Esc leave it (or close the key list),
 *   1 2 3 the views, [ ] or the left/right arrows one notch down/up of the loss's main hyper-parameter
 *   (tau for tau-BCE, alpha for HKR), d the drawing tools, Ctrl+Z (or Cmd+Z) undo a drawing edit,
 *   ? the list of keys.
 * Keys typed into text fields and selects never trigger a shortcut. Space toggles play everywhere else,
 * also on a button, slider or checkbox that a click focused (a lecturer clicks a preset, then presses
 * Space): only focus reached with the keyboard (Tab) keeps Space for activating that control. Arrow keys
 * stay with controls that use them (sliders, radios, any input); up and down scroll the page as usual.
 */
import type { ViewName } from '../core/view';

export type ShortcutAction =
  | 'togglePlay'
  | 'step'
  | 'reset'
  | 'togglePresentation'
  | 'escape'
  | 'toggleHelp'
  | 'nudgeUp'
  | 'nudgeDown'
  | 'toggleDrawing'
  | 'undoDrawing'
  | { view: ViewName };

/** The parts of a KeyboardEvent the decision needs (tests pass plain objects). */
export interface KeyLike {
  key: string;
  repeat?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: { tagName?: string; type?: string; isContentEditable?: boolean; role?: string | null } | null;
  /** Whether the focused element got focus from a pointer (a click) rather than from the keyboard. */
  focusFromPointer?: boolean;
}

/** The keys and what they do, for the on-screen list (press ?). */
export const SHORTCUT_HELP: readonly [keys: string, action: string][] = [
  ['Space', 'play / pause'],
  ['s', 'one step (hold to keep stepping)'],
  ['r', 'reset to step 0'],
  ['p', 'presentation mode on / off'],
  ['Esc', 'close this list, leave presentation mode or the drawing tools'],
  ['1  2  3', 'view: f, certificate, gradient'],
  ['[  ]  or  ← →', 'tau (or HKR alpha) one notch down / up'],
  ['d', 'drawing tools on / off (click: add, shift-click: other class, right-click: erase)'],
  ['Ctrl+Z', 'undo the last drawing edit'],
  ['?', 'show / hide this list'],
];

const TEXT_INPUT_TYPES = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password', 'date', 'time']);
const SPACE_ACTIVATED = new Set(['BUTTON', 'SUMMARY', 'A']);
const VIEW_KEYS: Record<string, ViewName> = { '1': 'f', '2': 'certificate', '3': 'gradient' };

type Target = KeyLike['target'];
const tagOf = (target: Target) => (target?.tagName ?? '').toUpperCase();

function typesText(target: Target): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = tagOf(target);
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? 'text').toLowerCase());
}

/** Controls whose own meaning of Space (activate, toggle) a keyboard user relies on. Sliders have none. */
function activatesOnSpace(target: Target): boolean {
  if (!target) return false;
  const tag = tagOf(target);
  if (tag === 'INPUT') return (target.type ?? '').toLowerCase() !== 'range';
  if (SPACE_ACTIVATED.has(tag)) return true;
  return target.role === 'button' || target.role === 'radio' || target.role === 'checkbox' || target.role === 'tab';
}

/** Controls that move with the arrow keys. */
function usesArrows(target: Target): boolean {
  if (!target) return false;
  if (tagOf(target) === 'INPUT') return true;
  return ['slider', 'radio', 'tab', 'listbox', 'menu', 'menuitem', 'spinbutton'].includes(target.role ?? '');
}

/** The shortcut a keydown means, or null (the caller then lets the browser handle it). */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (typesText(e.target)) return null;
  // Ctrl+Z / Cmd+Z outside text fields undoes a drawing edit (a text field keeps its own undo).
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z')) return 'undoDrawing';
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key;
  if (key === ' ' || key === 'Spacebar') {
    if (e.repeat) return null;
    return activatesOnSpace(e.target) && !e.focusFromPointer ? null : 'togglePlay';
  }
  if (key === 's' || key === 'S') return 'step';
  if (key === 'Escape' || key === 'Esc') return 'escape';
  // Held, the notch keys keep moving (a sweep of tau); up and down arrows keep scrolling the page.
  if (key === ']' || (key === 'ArrowRight' && !usesArrows(e.target))) return 'nudgeUp';
  if (key === '[' || (key === 'ArrowLeft' && !usesArrows(e.target))) return 'nudgeDown';
  if (e.repeat) return null;
  if (key === 'r' || key === 'R') return 'reset';
  if (key === 'p' || key === 'P') return 'togglePresentation';
  if (key === '?') return 'toggleHelp';
  if (key === 'd' || key === 'D') return 'toggleDrawing';
  if (key in VIEW_KEYS) return { view: VIEW_KEYS[key] };
  return null;
}
