/**
 * The runner's output files, all or nothing. Before any work, `checkOutputs` proves each one can be
 * written: its folder exists and takes a new file (a probe file is created and removed there), the path
 * is not a folder, no two outputs are the same file and none is an input. After the work,
 * `writeOutputs` writes each to a temporary file beside its target and renames them into place only once
 * all are written; on any failure it puts the folders back as they were. Every failure is a UsageError
 * (one line, exit 2).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fsReason, UsageError } from './common';
import { quote } from './quote';

export interface OutputRequest {
  /** The flag that named the file, for messages (`--out`). */
  flag: string;
  /** The path as given; undefined when the flag was not given. */
  file: string | undefined;
}

/** An output that passed the checks. */
export interface OutputTarget {
  flag: string;
  file: string;
  /** Absolute path, its folder's symbolic links resolved: two targets are one file when these are equal. */
  real: string;
}

/** A fresh temporary name in the target's folder: hidden, short (whatever the target's length) and unique. */
function tempBeside(real: string): string {
  return path.join(path.dirname(real), `.lip-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** The folder's real path, or a UsageError saying why it cannot hold the file. */
function realFolder(flag: string, dir: string): string {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${flag}: folder does not exist: ${quote(dir)}`);
    if (code === 'ENOTDIR') throw new UsageError(`${flag}: ${quote(dir)} is not a folder (a part of the path is a file)`);
    throw new UsageError(`${flag}: cannot use folder ${quote(dir)}: ${fsReason(e)}`);
  }
  if (!isFolder) throw new UsageError(`${flag}: ${quote(dir)} is not a folder`);
  return realpathSync(dir);
}

function checkOne(flag: string, file: string): OutputTarget {
  const resolved = path.resolve(file);
  const dir = path.dirname(resolved);
  const real = path.join(realFolder(flag, dir), path.basename(resolved));
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(real);
  } catch {
    existing = undefined; // absent (or a dangling link): the rename will create it
  }
  if (existing?.isDirectory()) throw new UsageError(`${flag}: ${quote(file)} is a folder`);
  const probe = tempBeside(real);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (e) {
    throw new UsageError(`${flag}: cannot write in folder ${quote(dir)}: ${fsReason(e)}`);
  }
  unlinkSync(probe);
  return { flag, file, real };
}

/** The real path of an input file, for comparison (its own path when it cannot be resolved). */
function realInput(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Checks every given output before any work (see the file comment); returns them in order, absent ones skipped. */
export function checkOutputs(requests: readonly OutputRequest[], inputs: readonly string[] = []): OutputTarget[] {
  const targets: OutputTarget[] = [];
  const inputReals = inputs.map(realInput);
  for (const { flag, file } of requests) {
    if (file === undefined) continue;
    const target = checkOne(flag, file);
    const twin = targets.find((t) => t.real === target.real);
    if (twin) throw new UsageError(`${twin.flag} and ${flag} name the same file ${quote(file)}`);
    const input = inputReals.indexOf(target.real);
    if (input >= 0) throw new UsageError(`${flag}: ${quote(file)} is an input config file; it would be overwritten`);
    targets.push(target);
  }
  return targets;
}

/** A copy of an existing file under a temporary name beside it (a hard link where the file system has them). */
function keepAside(real: string): string {
  const backup = tempBeside(real);
  try {
    linkSync(real, backup);
  } catch {
    copyFileSync(real, backup, constants.COPYFILE_EXCL);
  }
  return backup;
}

/** Runs each clean-up step, best effort: one that fails does not stop the others. */
function undo(steps: (() => void)[]): void {
  for (const step of steps) {
    try {
      step();
    } catch {
      // already gone, or the folder went away: nothing more to do for this one
    }
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes each target's text (`texts` keyed by flag), all or nothing: every text to a temporary file beside
 * its target first, each existing target kept aside, then each text renamed into place. If anything fails,
 * the folders are put back as they were (targets restored or removed, temporaries removed) and the
 * UsageError names the output that failed.
 */
export function writeOutputs(targets: readonly OutputTarget[], texts: Readonly<Record<string, string>>): void {
  const temps: string[] = [];
  const backups: (string | null)[] = [];
  let placed = 0;
  let current: OutputTarget | undefined;
  try {
    for (const t of targets) {
      current = t;
      const text = texts[t.flag];
      if (text === undefined) throw new Error(`writeOutputs: no text for ${t.flag}`);
      const temp = tempBeside(t.real);
      temps.push(temp);
      writeFileSync(temp, text, { flag: 'wx' });
    }
    for (const t of targets) {
      current = t;
      backups.push(exists(t.real) ? keepAside(t.real) : null);
    }
    for (const [i, t] of targets.entries()) {
      current = t;
      renameSync(temps[i], t.real);
      placed++;
    }
  } catch (e) {
    undo([
      ...targets.slice(0, placed).map((t, i) => () => {
        const backup = backups[i];
        if (backup) renameSync(backup, t.real);
        else rmSync(t.real, { force: true });
      }),
      ...backups.slice(placed).map((b) => () => b && rmSync(b, { force: true })),
      ...temps.slice(placed).map((f) => () => rmSync(f, { force: true })),
    ]);
    if (!current || !(e as NodeJS.ErrnoException).code) throw e;
    throw new UsageError(`${current.flag}: cannot write ${quote(current.file)}: ${fsReason(e)}; no output written`);
  }
  undo(backups.map((b) => () => b && rmSync(b, { force: true })));
}
