import type { ExperimentConfig } from '../core/config';
import { runExperiment, type RunResult } from './run';

/**
 * Trains several models to their step counts and reports on each, in the order given: the runner's
 * comparisons (`npm run sweep`). Sequential for now, one `runExperiment` after another; the lockstep
 * trainer (issue 9, with the worker's batching) is meant to replace this body, so callers see only
 * "configs in, one result per config out" and a callback as each model finishes.
 */
export async function runModels(
  configs: readonly ExperimentConfig[],
  onDone?: (index: number, result: RunResult) => void,
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const config of configs) {
    const result = await runExperiment(config);
    onDone?.(results.length, result);
    results.push(result);
  }
  return results;
}
