/**
 * Comparisons in Node with the runner's engine. Two forms:
 *   npm run sweep -- CONFIG.json [CONFIG.json ...] [--out RESULTS.json] [--backend wasm|cpu]
 *   npm run sweep -- BASE.json --vary KEY:VALUES [--out RESULTS.json] [--backend wasm|cpu]
 * The first runs each file (the README's result tables); `--out` writes `[{name, ...metrics}]`. The second
 * trains one model per value of KEY (core/sweep.ts: `tau:0.5,10`, `tau:0.1..100/4`), all else as in
 * BASE.json; `--out` writes `[{config, metrics}]`, metrics being what `npm run experiment` prints. Both print
 * a markdown table on stdout and progress on stderr. A bad file, flag or sweep: one line on stderr, exit
 * code 2, nothing on stdout, nothing written.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { useNodeBackend, type NodeBackend } from '../backend/node';
import type { ExperimentConfig } from '../core/config';
import { applySweep, parseSweep, sweptModelLabel } from '../core/sweep';
import type { RunResult } from '../train/run';
import { runModels } from '../train/sweep';
import { exitWithError, readConfigFile, UsageError } from './common';
import { checkOutputs, writeOutputs } from './outputs';
import { escapeControls, quote } from './quote';

const USAGE =
  'usage: npm run sweep -- CONFIG.json [CONFIG.json ...] [--out RESULTS.json] [--backend wasm|cpu], ' +
  'or npm run sweep -- BASE.json --vary KEY:VALUES [--out RESULTS.json] [--backend wasm|cpu]';

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');
const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

function row(name: string, r: RunResult): string[] {
  const ca = r.certifiedAccuracy;
  return [
    name,
    pct(r.testAccuracy),
    pct(ca['0.1']),
    pct(ca['0.2']),
    pct(ca['0.5']),
    pct(ca['1']),
    num(r.mcr),
    num(r.lipschitzBound),
    num(r.lipschitzEmpirical),
    num(r.gradientNorm.mean),
    pct(r.gradientNorm.fractionAbove09),
    String(r.certificateViolations),
    r.attack ? num(r.attack.meanDistance) : 'n/a',
    r.attack ? num(r.attack.minRatio, 2) : 'n/a',
    r.attack ? num(r.attack.medianRatio, 2) : 'n/a',
    num(r.msPerStep, 2),
    `${r.seconds.toFixed(0)} s`,
  ];
}

// attack: the minimum-norm attack's mean flip distance, and flip distance / certified radius (>= 1 when sound).
const HEADER = [
  'config', 'test acc', 'cert@0.1', 'cert@0.2', 'cert@0.5', 'cert@1', 'MCR', 'L bound', 'L emp.', 'mean |∇f|', '|∇f|>0.9', 'viol.',
  'attack dist.', 'ratio min', 'ratio median', 'ms/step', 'time',
];

function markdownTable(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map(line)].join('\n');
}

interface Args {
  files: string[];
  vary?: string;
  out?: string;
  backend: NodeBackend;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { files: [], backend: 'wasm' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--out') args.out = value();
    else if (a === '--vary') {
      if (args.vary !== undefined) throw new UsageError('--vary given twice: a sweep varies one key');
      args.vary = value();
    } else if (a === '--backend') {
      const b = value();
      if (b !== 'wasm' && b !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got ${quote(b)}`);
      args.backend = b;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${quote(a)}; ${USAGE}`);
    else args.files.push(a);
  }
  if (args.files.length === 0) throw new UsageError(USAGE);
  if (args.vary !== undefined && args.files.length > 1) {
    throw new UsageError(`--vary takes one base config, got ${args.files.length} files; ${USAGE}`);
  }
  return args;
}

interface Model {
  name: string;
  config: ExperimentConfig;
}

/** One model per value of the sweep, named by its setting (`τ = 0.5`). */
function variedModels(baseFile: string, vary: string): Model[] {
  const base = readConfigFile(baseFile);
  const sweep = parseSweep(vary);
  if (!sweep.ok) throw new UsageError(`--vary: ${sweep.error}`);
  const configs = applySweep(base, sweep.value);
  if (!configs.ok) throw new UsageError(`--vary: ${configs.error}`);
  return configs.value.map((config, i) => ({ name: sweptModelLabel(sweep.value, sweep.value.values[i], base, config), config }));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const models =
    args.vary !== undefined
      ? variedModels(args.files[0], args.vary)
      : args.files.map((f) => ({ name: path.basename(f, '.json'), config: readConfigFile(f) }));
  const outputs = checkOutputs([{ flag: '--out', file: args.out }], args.files);

  tf.env().set('PROD', true); // skips tfjs debug checks and its Node banner
  await useNodeBackend(args.backend);
  // A file's name may hold anything, a newline included: shown escaped, kept as it is in --out.
  const shown = models.map((m) => escapeControls(m.name));
  process.stderr.write(`training ${models.length} models: ${shown.join(', ')}…\n`);
  const results = await runModels(models.map((m) => m.config), (i, r) => {
    const steps = r.diverged ? `diverged at step ${r.steps}` : `${r.steps} steps`;
    process.stderr.write(`${shown[i]}: ${steps} in ${r.seconds.toFixed(1)} s, test accuracy ${pct(r.testAccuracy)}\n`);
  });
  const entries =
    args.vary !== undefined
      ? models.map((m, i) => ({ config: m.config, metrics: results[i] }))
      : models.map((m, i) => ({ name: m.name, ...results[i] }));
  writeOutputs(outputs, { '--out': JSON.stringify(entries, null, 2) + '\n' });
  process.stdout.write(markdownTable(models.map((_, i) => row(shown[i].replaceAll('|', '\\|'), results[i]))) + '\n');
}

main().catch((e: unknown) => exitWithError('sweep', e));
