/**
 * Runs several configurations with the runner's engine and prints a comparison table (and, with --out,
 * a JSON array of every run's metrics):
 *   npm run sweep -- CONFIG.json [CONFIG.json ...] [--out RESULTS.json] [--backend wasm|cpu]
 * Used to produce the README's tables (paper's two-moons results, gradient-norm study).
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { useNodeBackend, type NodeBackend } from '../backend/node';
import { runExperiment, type RunResult } from '../train/run';
import { exitWithError, readConfigFile, UsageError } from './common';

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
    `${r.seconds.toFixed(0)} s`,
  ];
}

const HEADER = ['config', 'test acc', 'cert@0.1', 'cert@0.2', 'cert@0.5', 'cert@1', 'MCR', 'L bound', 'L emp.', 'mean |∇f|', '|∇f|>0.9', 'viol.', 'time'];

function markdownTable(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const files: string[] = [];
  let out: string | undefined;
  let backend: NodeBackend = 'wasm';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '--backend') backend = argv[++i] === 'cpu' ? 'cpu' : 'wasm';
    else if (argv[i].startsWith('--')) throw new UsageError(`unknown option ${argv[i]}`);
    else files.push(argv[i]);
  }
  if (files.length === 0) throw new UsageError('usage: npm run sweep -- CONFIG.json [CONFIG.json ...] [--out RESULTS.json]');
  const configs = files.map((f) => ({ name: path.basename(f, '.json'), config: readConfigFile(f) }));

  tf.env().set('PROD', true);
  await useNodeBackend(backend);
  const rows: string[][] = [];
  const results: (RunResult & { name: string })[] = [];
  for (const { name, config } of configs) {
    process.stderr.write(`running ${name} (${config.train.steps} steps)…\n`);
    const result = await runExperiment(config);
    results.push({ name, ...result });
    rows.push(row(name, result));
  }
  if (out) writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(markdownTable(rows) + '\n');
}

main().catch((e: unknown) => exitWithError('sweep', e));
