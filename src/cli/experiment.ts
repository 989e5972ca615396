/**
 * The headless runner:
 *   npm run experiment -- CONFIG.json [--out METRICS.json] [--save-model MODEL.json] [--backend wasm|cpu]
 *                                     [--quiet]
 * Trains the configuration in Node with the app's engine and prints one JSON object of metrics on stdout
 * (progress on stderr unless --quiet). A bad config, path or flag: one line on stderr, exit code 2, and
 * nothing written.
 */
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend, type NodeBackend } from '../backend/node';
import { exportMlp } from '../lip/export';
import { describeRobustTraining } from '../lip/robustTraining';
import type { AttackSummary } from '../analysis/attackSummary';
import { runExperiment } from '../train/run';
import type { Evaluation } from '../train/trainer';
import { exitWithError, readConfigFile, UsageError } from './common';
import { checkOutputs, writeOutputs } from './outputs';
import { quote } from './quote';

interface Args {
  configPath: string;
  out?: string;
  saveModel?: string;
  backend: NodeBackend;
  quiet: boolean;
}

const USAGE = 'usage: npm run experiment -- CONFIG.json [--out METRICS.json] [--save-model MODEL.json] [--backend wasm|cpu] [--quiet]';

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const args: Partial<Args> = { backend: 'wasm', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--out') args.out = value();
    else if (a === '--save-model') args.saveModel = value();
    else if (a === '--backend') {
      const b = value();
      if (b !== 'wasm' && b !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got ${quote(b)}`);
      args.backend = b;
    } else if (a === '--quiet') args.quiet = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${quote(a)}; ${USAGE}`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? USAGE : `expected one config file, got ${positional.length}; ${USAGE}`);
  return { ...(args as Args), configPath: positional[0] };
}

/** The attack's line: how far the class flipped, against the certified radius (n/a where nothing was measured). */
function attackLine(a: AttackSummary): string {
  const show = (v: number, text: (v: number) => string) => (Number.isFinite(v) ? text(v) : 'n/a');
  const ratio = (v: number) => v.toPrecision(4);
  const flipped = show(a.fractionFlipped, (v) => `${(100 * v).toFixed(1)}%`);
  return (
    `attack on ${a.points} correctly classified points: ${flipped} flipped, mean distance ${show(a.meanDistance, (v) => v.toFixed(4))}, ` +
    `distance / certified radius min ${show(a.minRatio, ratio)}, median ${show(a.medianRatio, ratio)}`
  );
}

/** One progress line: losses and accuracies over the whole train and test sets (no test figures without test points). */
function progressLine(e: Evaluation): string {
  const pct = (a: number) => `${(100 * a).toFixed(1)}%`;
  if (!Number.isFinite(e.testAccuracy)) return `loss ${e.loss.toFixed(4)}, train ${pct(e.trainAccuracy)}, no test points`;
  return `loss ${e.loss.toFixed(4)} (test ${e.testLoss.toFixed(4)}), train ${pct(e.trainAccuracy)}, test ${pct(e.testAccuracy)}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = readConfigFile(args.configPath);
  const outputs = checkOutputs(
    [
      { flag: '--out', file: args.out },
      { flag: '--save-model', file: args.saveModel },
    ],
    [args.configPath],
  );
  const labels = new Set(config.data.name === 'user' ? config.data.points.map((p) => p[2]) : []);
  if (labels.size === 1) {
    process.stderr.write(`warning: every user point has label ${[...labels][0]}: one class, so there is no boundary to learn\n`);
  }

  if (!args.quiet) process.stderr.write(`training: ${describeRobustTraining(config.train, config.loss)}\n`);
  tf.env().set('PROD', true); // skips tfjs debug checks and its Node banner
  await useNodeBackend(args.backend);
  let model: unknown = null;
  const result = await runExperiment(config, {
    chunk: 100,
    onProgress: args.quiet
      ? undefined
      : (e) => process.stderr.write(`step ${e.step}: ${progressLine(e)}\n`),
    withTrainer: args.saveModel ? async (t) => void (model = await exportMlp(t.model)) : undefined,
  });
  if (!args.quiet && result.attack) process.stderr.write(`${attackLine(result.attack)}\n`);
  const json = JSON.stringify(result, null, 2);
  writeOutputs(outputs, { '--out': json + '\n', '--save-model': JSON.stringify(model) + '\n' });
  process.stdout.write(json + '\n');
  if (result.diverged) {
    process.stderr.write(`training diverged at step ${result.steps} (non-finite loss): try a smaller learning rate\n`);
  }
}

main().catch((e: unknown) => exitWithError('experiment', e));
