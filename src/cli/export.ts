/**
 * The Python bridge from the command line:
 *   npm run export -- MODEL.json --to torch|torchlip|deel-lip [--config CONFIG.json] [--out SCRIPT.py]
 * Writes a runnable Python script for the model file (the runner's --save-model) to --out, or to stdout:
 * the same script the page's Export menu writes (src/bridge/python.ts). Without --config the script trains
 * with the playground's defaults around the file's net. A bad file, flag or path, or a library flavour asked
 * for a file with residual blocks (version 2; only --to torch writes those): one line on stderr, exit code 2,
 * nothing written.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { ExperimentConfig } from '../core/config';
import { parseMlpJson, type MlpJson } from '../core/mlpJson';
import { usesSklearn } from '../bridge/dataset';
import { pythonScript, PYTHON_FLAVOURS, type PythonFlavour } from '../bridge/python';
import { generateDataset } from '../data/split';
import { exitWithError, fsReason, readConfigFile, UsageError } from './common';
import { checkOutputs, writeOutputs } from './outputs';
import { quote } from './quote';

interface Args {
  modelPath: string;
  to: PythonFlavour;
  configPath?: string;
  out?: string;
}

const USAGE = `usage: npm run export -- MODEL.json --to ${PYTHON_FLAVOURS.join('|')} [--config CONFIG.json] [--out SCRIPT.py]`;

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const args: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--to') {
      const to = value();
      if (!(PYTHON_FLAVOURS as readonly string[]).includes(to)) throw new UsageError(`--to must be one of ${PYTHON_FLAVOURS.join(', ')}, got ${quote(to)}`);
      args.to = to as PythonFlavour;
    } else if (a === '--config') args.configPath = value();
    else if (a === '--out') args.out = value();
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${quote(a)}; ${USAGE}`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? USAGE : `expected one model file, got ${positional.length}; ${USAGE}`);
  if (!args.to) throw new UsageError(`--to is required; ${USAGE}`);
  return { ...(args as Args), modelPath: positional[0] };
}

/** Reads and checks a model file; every problem becomes a UsageError naming it. */
function readModelFile(file: string): MlpJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read model file ${quote(file)}: ${fsReason(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`model file ${quote(file)} is not valid JSON: ${(e as Error).message}`);
  }
  const read = parseMlpJson(json);
  if ('error' in read) throw new UsageError(`model file ${quote(file)}: ${read.error}`);
  return read.mlp;
}

/** The script's text; a configuration that describes another net is a UsageError. */
function script(to: PythonFlavour, model: MlpJson, config: ExperimentConfig | undefined): string {
  // The library scripts embed the playground's points where scikit-learn cannot draw the dataset.
  const dataset = config && to !== 'torch' && !usesSklearn(config.data.name) ? generateDataset(config.data) : undefined;
  try {
    return pythonScript({ flavour: to, model, config, dataset });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const model = readModelFile(args.modelPath);
  const config = args.configPath === undefined ? undefined : readConfigFile(args.configPath);
  const outputs = checkOutputs([{ flag: '--out', file: args.out }], args.configPath === undefined ? [] : [args.configPath]);
  if (outputs.length && outputs[0].real === realpathSync(path.resolve(args.modelPath))) {
    throw new UsageError(`--out: ${quote(outputs[0].file)} is the model file; it would be overwritten`);
  }
  const text = script(args.to, model, config);
  if (outputs.length) writeOutputs(outputs, { '--out': text });
  else process.stdout.write(text);
}

try {
  main();
} catch (e) {
  exitWithError('export', e);
}
