/**
 * The automatic backend choices this browser measured, by model size class (train/backendTrial.ts,
 * `trialSizeKey`), kept in localStorage so a page load does not repeat the trials. Page side only (a
 * worker has no localStorage). A storage that is missing, full or holds garbage is treated as empty:
 * the trials simply run again.
 */
import type { BackendReport } from '../backend/names';

const STORAGE_KEY = 'lipschitz-playground/backend-trials/v1';
/** Entries kept at most (the oldest go first). */
const MAX_ENTRIES = 24;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // e.g. storage disabled by the browser
  }
}

/** Every cached choice, by size key. */
export function loadTrialCache(): Record<string, BackendReport> {
  try {
    const text = storage()?.getItem(STORAGE_KEY);
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const entries = Object.entries(parsed as Record<string, unknown>).filter(
      (e): e is [string, BackendReport] =>
        typeof e[1] === 'object' && e[1] !== null && typeof (e[1] as BackendReport).name === 'string' && Array.isArray((e[1] as BackendReport).trials),
    );
    return Object.fromEntries(entries);
  } catch {
    return {};
  }
}

/** Remembers an automatic choice made by trials (forced or cached choices are not stored). */
export function saveTrialChoice(report: BackendReport): void {
  if (!report.sizeKey || report.requested !== 'auto' || report.trials.length === 0) return;
  try {
    const cache = loadTrialCache();
    delete cache[report.sizeKey];
    const { adapter: _adapter, ...stored } = report; // the adapter is probed afresh on every load
    const entries = [...Object.entries(cache), [report.sizeKey, stored] as const].slice(-MAX_ENTRIES);
    storage()?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Full or disabled storage: the next load measures again.
  }
}
