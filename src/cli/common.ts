import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseConfigStrict, type ExperimentConfig } from '../core/config';

/** A problem with the command line or its inputs: reported on one line, exit code 2. */
export class UsageError extends Error {}

/** Reads and strictly validates a configuration file; every problem becomes a UsageError naming it. */
export function readConfigFile(file: string): ExperimentConfig {
  if (!existsSync(file)) throw new UsageError(`config file not found: ${file}`);
  if (!statSync(file).isFile()) throw new UsageError(`config path is not a file: ${file}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')); // tolerate a UTF-8 byte-order mark
  } catch (e) {
    throw new UsageError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parseConfigStrict(json);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

/** Fails before training when an output could not be written (missing folder, a folder in the way). */
export function checkWritable(file: string | undefined, flag: string): void {
  if (!file) return;
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag}: folder does not exist: ${dir}`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${flag}: ${file} is a folder`);
}

/** Prints an error on one line and exits: 2 for usage problems, 1 for anything else. */
export function exitWithError(command: string, e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`${command}: ${message.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}
