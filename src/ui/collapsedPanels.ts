/**
 * Which panels the viewer has collapsed (settings groups, the curves, whole columns), by panel id.
 * A viewer preference, so it lives in localStorage and never in the URL: a shared link reproduces an
 * experiment, not someone's screen. Pure apart from the storage it is handed (tests pass a fake one).
 * Anything unreadable (no storage, storage disabled, a corrupt or foreign value) reads as "nothing
 * collapsed": the worst case is the default layout, never an error.
 */

const STORAGE_KEY = 'lipschitz-playground/collapsed/v1';
/** Panel ids are short slugs ("settings", "group:data"); anything else in storage is ignored. */
const PANEL_ID = /^[a-z][a-z0-9:-]{0,39}$/;
/** More ids than the page has panels means the value is not ours: keep a bounded prefix. */
const MAX_IDS = 64;

export type CollapsedSet = ReadonlySet<string>;
const NOTHING: CollapsedSet = new Set();

/** The collapsed ids stored as `text` (a JSON array of ids); bad input gives the empty set. */
export function parseCollapsed(text: string | null): CollapsedSet {
  if (!text) return NOTHING;
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return NOTHING;
    const ids = value.filter((id): id is string => typeof id === 'string' && PANEL_ID.test(id));
    return new Set(ids.slice(0, MAX_IDS));
  } catch {
    return NOTHING;
  }
}

/** The stored collapsed ids; getItem may throw (storage disabled), which counts as nothing stored. */
export function readCollapsed(storage: Pick<Storage, 'getItem'> | null): CollapsedSet {
  try {
    return parseCollapsed(storage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return NOTHING;
  }
}

/** Stores the ids, sorted so the value does not depend on click order; a full or disabled storage is ignored. */
export function writeCollapsed(storage: Pick<Storage, 'setItem'> | null, collapsed: CollapsedSet): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify([...collapsed].sort()));
  } catch {
    // The preference is then forgotten on reload; the page works the same.
  }
}

/** `collapsed` with `id` collapsed or expanded; the same object when nothing changes (no re-render). */
export function withCollapsed(collapsed: CollapsedSet, id: string, isCollapsed: boolean): CollapsedSet {
  if (collapsed.has(id) === isCollapsed) return collapsed;
  const next = new Set(collapsed);
  if (isCollapsed) next.add(id);
  else next.delete(id);
  return next;
}

/** The page's localStorage, or null where there is none or reading it throws (privacy settings). */
export function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
