/**
 * `npm run bench`: prints speed figures of the engine in Node (medians over repeated runs, measured in one
 * process so ratios are comparable on a shared, noisy machine), then of the built app in headless Chromium
 * (benchBrowser.ts: steps/s and frame times as a person sees them). Figures, never assertions.
 *
 *   npm run bench [-- --node-only | --browser-only] [--backend wasm|cpu] [--steps 200] [--repeats 5]
 *                 [--seconds 12] [--warmup 3] [--sizes 1400x900,1920x1080] [--no-build]
 */
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend, type NodeBackend } from '../backend/node';
import { generateDataset } from '../data/split';
import { canCheckTolerance, orthonormalKernel } from '../lip/orthonormalize';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { Trainer } from '../train/trainer';
import { lockstepTrialConfigs, measureLockstep } from '../train/lockstepTrial';
import { gridPoints } from '../analysis/grid';
import { parseBrowserOptions, runBrowserBench } from './benchBrowser';
import { exitWithError, UsageError } from './common';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(repeats: number, fn: () => Promise<void> | void): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function withModel(over: Partial<ExperimentConfig['model']>, lossName: ExperimentConfig['loss']['name'] = 'tau-bce'): ExperimentConfig {
  return { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, ...over }, loss: { ...DEFAULT_CONFIG.loss, name: lossName } };
}

/** Robust training (lip/robustTraining.ts) at eps 0.1: its K costs a power-iteration step and a sigma per layer. */
function withRobust(cfg: ExperimentConfig, robust: ExperimentConfig['train']['robust']): ExperimentConfig {
  return { ...cfg, train: { ...cfg.train, robust, robustEps: 0.1 } };
}

async function benchNode(): Promise<void> {
  const backend = arg('backend', 'wasm') as NodeBackend;
  const steps = Number(arg('steps', '200'));
  const repeats = Number(arg('repeats', '5'));
  await useNodeBackend(backend);
  console.log(`backend ${backend}, ${steps} steps per sample, median of ${repeats} samples\n`);

  const cases: [string, ExperimentConfig][] = [
    ['lipschitz 2-64-64-64-1 groupsort2 (default)', withModel({})],
    ['standard  2-64-64-64-1 relu', withModel({ kind: 'standard', activation: 'relu' }, 'bce')],
    ['standard  2-64-64-64-1 relu, lmt eps 0.1', withRobust(withModel({ kind: 'standard', activation: 'relu' }, 'bce'), 'lmt')],
    ['standard  2-64-64-64-1 relu, gloro eps 0.1', withRobust(withModel({ kind: 'standard', activation: 'relu' }, 'bce'), 'gloro')],
    ['lipschitz 2-256-128-64-1 groupsort2 (paper)', withModel({ hidden: [256, 128, 64] })],
    // The layer zoo on the default net (sll and cpl with relu inside their blocks, as parseConfig asks).
    ...(['cayley', 'soc', 'aol'] as const).map((layer): [string, ExperimentConfig] => [`lipschitz 2-64-64-64-1 groupsort2, ${layer}`, withModel({ layer })]),
    ...(['sll', 'cpl'] as const).map((layer): [string, ExperimentConfig] => [`lipschitz 2-64-64-64-1 relu, ${layer}`, withModel({ layer, activation: 'relu' })]),
  ];
  const rows: string[] = [];
  for (const [name, cfg] of cases) {
    const trainer = new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: canCheckTolerance(tf.getBackend()) });
    await trainer.runSteps(10); // warm-up
    const ms = await time(repeats, () => trainer.runSteps(steps).then(() => undefined));
    const grid = gridPoints({ domain: trainer.dataset.domain, cols: 200, rows: 200 });
    await trainer.predict(grid);
    const gridMs = await time(repeats, () => trainer.predict(grid).then(() => undefined));
    rows.push(
      `${name.padEnd(48)} ${(ms / steps).toFixed(2).padStart(7)} ms/step ${((1000 * steps) / ms).toFixed(0).padStart(6)} steps/s` +
        `   200x200 grid ${gridMs.toFixed(1).padStart(7)} ms   2000 steps ~ ${((2000 * ms) / steps / 1000).toFixed(1)} s`,
    );
    trainer.dispose();
  }
  console.log(rows.join('\n'));
  await benchLockstep(steps, repeats);

  const kernel = tf.randomNormal([64, 64], 0, 1, 'float32', 1) as tf.Tensor2D;
  const u = tf.tidy(() => tf.div(tf.ones([1, 64]), 8) as tf.Tensor2D);
  const fixed = { ...DEFAULT_CONFIG.model.bjorck, tolerance: 0 };
  const fwd = await time(repeats * 4, () => tf.tidy(() => void orthonormalKernel(kernel, u, fixed, false).dataSync()));
  const fwdBwd = await time(repeats * 4, () =>
    tf.tidy(() => void tf.grad((v: tf.Tensor) => tf.sum(orthonormalKernel(v as tf.Tensor2D, u, fixed, false)))(kernel).dataSync()),
  );
  console.log(`\nBjörck 64x64, ${fixed.iterations} iterations: forward ${fwd.toFixed(2)} ms, forward+backward ${fwdBwd.toFixed(2)} ms`);
  console.log(`tensors alive at the end: ${tf.memory().numTensors}`);
}

/** Models in a sweep's lockstep step (issue 9 asks 8 of the default shape for at most 2.5x one). */
const LOCKSTEP_MODELS = 8;

/**
 * A sweep's lockstep step as the worker takes it: one step of each of 8 default nets (tau log-spaced from
 * 0.1 to 100, all else equal), against one default net's step, both measured here.
 */
async function benchLockstep(steps: number, repeats: number): Promise<void> {
  const checkTolerance = canCheckTolerance(tf.getBackend());
  const trainers = lockstepTrialConfigs(LOCKSTEP_MODELS, withModel({})).map((cfg) => new Trainer(cfg, generateDataset(cfg.data), { checkTolerance }));
  const lockstepSteps = Math.max(1, Math.round(steps / 4));
  const lockstep = async () => {
    for (let s = 0; s < lockstepSteps; s++) for (const t of trainers) await t.runSteps(1);
  };
  await lockstep(); // warm-up
  const lockstepMs = (await time(repeats, lockstep)) / lockstepSteps;
  const single = trainers[trainers.length - 1];
  const singleMs = (await time(repeats, () => single.runSteps(lockstepSteps).then(() => undefined))) / lockstepSteps;
  for (const t of trainers) t.dispose();
  console.log(
    `\n${LOCKSTEP_MODELS} default nets in lockstep (tau 0.1..100/${LOCKSTEP_MODELS}): ${lockstepMs.toFixed(2)} ms per lockstep step, ` +
      `${(lockstepMs / singleMs).toFixed(1)}x one net's ${singleMs.toFixed(2)} ms (one step each, in turn: no batched matMul on wasm)`,
  );
  // The same 8 as ONE batched computation (train/lockstep.ts), what GPU backends run; its own medians.
  const trial = await measureLockstep(LOCKSTEP_MODELS, repeats);
  console.log(
    `the same ${LOCKSTEP_MODELS} batched (stacked weights, fixed counts): ${trial.batchedMs.toFixed(2)} ms per lockstep step, ` +
      `${(trial.batchedMs / trial.oneMs).toFixed(1)}x one net's ${trial.oneMs.toFixed(2)} ms (in turn here: ${trial.oneByOneMs.toFixed(2)} ms; ` +
      `a batched product on ${tf.getBackend()} is a plain loop, so the app batches on WebGL and WebGPU only)`,
  );
}

async function main(): Promise<void> {
  const nodeOnly = process.argv.includes('--node-only');
  const browserOnly = process.argv.includes('--browser-only');
  if (nodeOnly && browserOnly) throw new UsageError('--node-only and --browser-only exclude each other');
  const browserOptions = browserOnly || !nodeOnly ? parseBrowserOptions(process.argv.slice(2)) : undefined;
  if (!browserOnly) await benchNode();
  if (browserOptions) {
    if (!browserOnly) console.log('');
    await runBrowserBench(browserOptions);
  }
}

main().catch((e) => exitWithError('bench', e));
