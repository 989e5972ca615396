/**
 * Folders for the runner's output tests. Imported by *.test.ts only.
 */
import { chmodSync, closeSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** True when this process can create a file in `dir` (tried, not inferred from modes). */
function canCreateIn(dir: string): boolean {
  const probe = path.join(dir, `.probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch {
    return false;
  }
  unlinkSync(probe);
  return true;
}

/**
 * A folder in which this process cannot create files, or null when there is none to be had. For a normal
 * user, `parent/read-only` with mode 555 (call `restore` before removing `parent`). Root ignores modes
 * (tests here often run as root), so then /sys, where sysfs refuses new files.
 */
export function unwritableFolder(parent: string): { dir: string; restore: () => void } | null {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    const dir = path.join(parent, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const restore = () => chmodSync(dir, 0o755);
    if (!canCreateIn(dir)) return { dir, restore };
    restore();
  }
  return canCreateIn('/sys') ? null : { dir: '/sys', restore: () => {} };
}
