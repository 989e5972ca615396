import * as tf from '@tensorflow/tfjs';
import { generateDataset } from '../data/split';
import type { ExperimentConfig } from '../core/config';
import { canCheckTolerance } from '../lip/orthonormalize';
import { computeReport, DEFAULT_REPORT_OPTIONS, type ModelReport, type ReportOptions } from './report';
import { Trainer, type Evaluation } from './trainer';

/**
 * Trains one configuration to its step count and reports on it: the engine of the headless runner,
 * usable from tests. Divergence (a non-finite loss) stops training early and is reported, not hidden.
 */
export interface RunResult extends ModelReport {
  /**
   * Steps trained; for a diverged run, the step at which it diverged: the first whose batch loss was not
   * finite (the run stops at the end of that step's chunk, and the report is of the weights there).
   */
  steps: number;
  seconds: number;
  /** Mean wall time of one training step (the steps alone: no evaluation or report), in ms. */
  msPerStep: number;
  backend: string;
  diverged: boolean;
}

export interface RunOptions {
  /** Steps between progress callbacks (and divergence checks). */
  chunk?: number;
  onProgress?: (evaluation: Evaluation) => void;
  report?: ReportOptions;
  /** Called with the trained trainer before it is disposed (e.g. to export the model). */
  withTrainer?: (trainer: Trainer) => Promise<void>;
}

export async function runExperiment(config: ExperimentConfig, options: RunOptions = {}): Promise<RunResult> {
  const chunk = Math.max(1, options.chunk ?? 100);
  const dataset = generateDataset(config.data);
  const backend = tf.getBackend();
  const trainer = new Trainer(config, dataset, { checkTolerance: canCheckTolerance(backend) });
  try {
    const start = performance.now();
    let divergedAt: number | null = null;
    let stepsMs = 0;
    while (trainer.step < config.train.steps) {
      const first = trainer.step + 1;
      const chunkStart = performance.now();
      const losses = await trainer.runStepsWithLosses(Math.min(chunk, config.train.steps - trainer.step));
      stepsMs += performance.now() - chunkStart;
      const bad = losses.findIndex((loss) => !Number.isFinite(loss));
      if (bad >= 0) {
        divergedAt = first + bad;
        break;
      }
      if (options.onProgress) options.onProgress(await trainer.evaluate());
    }
    const seconds = (performance.now() - start) / 1000;
    const report = await computeReport(trainer, options.report ?? DEFAULT_REPORT_OPTIONS);
    if (options.withTrainer) await options.withTrainer(trainer);
    const diverged = divergedAt !== null;
    const msPerStep = trainer.step > 0 ? stepsMs / trainer.step : NaN;
    return { ...report, steps: divergedAt ?? trainer.step, seconds, msPerStep, backend, diverged };
  } finally {
    trainer.dispose();
  }
}
