import { readFileSync } from 'node:fs';
import { parseConfigStrict, type ExperimentConfig } from '../core/config';
import { escapeControls, quote } from './quote';

/** A problem with the command line, its inputs or its outputs: reported on one line, exit code 2. */
export class UsageError extends Error {}

/** Why a file operation failed, in words (the errno code when there are none). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** Reads and strictly validates a configuration file; every problem becomes a UsageError naming it. */
export function readConfigFile(file: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config file ${quote(file)}: ${fsReason(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // tolerate a UTF-8 byte-order mark
  } catch (e) {
    throw new UsageError(`config file ${quote(file)} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parseConfigStrict(json);
  } catch (e) {
    throw new UsageError(`${quote(file)}: ${(e as Error).message}`);
  }
}

/**
 * Prints an error on one line and exits: 2 for usage problems, 1 for anything else. Control characters
 * left in the message (a JSON parser's excerpt of the file, say) are escaped, never cut at.
 */
export function exitWithError(command: string, e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`${command}: ${escapeControls(message)}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}


/** The value after `--name` on a command line, or undefined when the flag is absent (bench:browser, soak). */
export function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}
