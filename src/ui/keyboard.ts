/**
 * The playground's keyboard shortcuts (space play/pause, s step, r reset, p presentation mode), as a pure
 * function of a keydown event. Keys typed into text fields and selects never trigger a shortcut; space on
 * a button, checkbox, radio or slider keeps its own meaning (a focused Play button toggles by itself).
 */

export type ShortcutAction = 'togglePlay' | 'step' | 'reset' | 'togglePresentation';

/** The parts of a KeyboardEvent the decision needs (tests pass plain objects). */
export interface KeyLike {
  key: string;
  repeat?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: { tagName?: string; type?: string; isContentEditable?: boolean; role?: string | null } | null;
}

const TEXT_INPUT_TYPES = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password', 'date', 'time']);
const SPACE_ACTIVATED = new Set(['BUTTON', 'SUMMARY', 'A']);

function typesText(target: KeyLike['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? 'text').toLowerCase());
}

function usesSpace(target: KeyLike['target']): boolean {
  if (!target) return false;
  const tag = (target.tagName ?? '').toUpperCase();
  if (SPACE_ACTIVATED.has(tag) || tag === 'INPUT') return true;
  return target.role === 'button' || target.role === 'slider' || target.role === 'radio' || target.role === 'checkbox';
}

/** The shortcut a keydown means, or null (the caller then lets the browser handle it). */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || typesText(e.target)) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return e.repeat || usesSpace(e.target) ? null : 'togglePlay';
    case 's':
    case 'S':
      return 'step';
    case 'r':
    case 'R':
      return e.repeat ? null : 'reset';
    case 'p':
    case 'P':
      return e.repeat ? null : 'togglePresentation';
    default:
      return null;
  }
}
