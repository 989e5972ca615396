/**
 * "Download results": every model's report at its current weights, as the runner prints it, in one JSON
 * file (an array of {config, metrics}, the shape of `npm run sweep -- BASE.json --vary ... --out`). The
 * worker computes the reports between two training steps; the file is saved once every model answered.
 */
import { saveFile } from './export/save';
import { useEffect, useMemo } from 'react';
import { modelEntries, resultsFile } from '../app/comparison';
import { useActions, usePlayground } from './StoreContext';

/** A file name from the run: the sweep's key and values, or "single", and the step. */
function fileName(sweepKey: string | null, step: number): string {
  return `lipschitz-playground-results-${sweepKey ?? 'single'}-step${step}.json`;
}

export function ResultsDownload() {
  const actions = useActions();
  const config = usePlayground((s) => s.config);
  const sweep = usePlayground((s) => s.sweep);
  const results = usePlayground((s) => s.results);
  const models = useMemo(() => {
    const entries = modelEntries(config, sweep);
    return entries.ok ? entries.models : [];
  }, [config, sweep]);
  const file = results ? resultsFile(models, results.entries) : null;

  useEffect(() => {
    if (!file) return;
    const step = Number(file[0].metrics.steps ?? 0);
    saveFile(`${JSON.stringify(file, null, 2)}\n`, fileName(sweep?.key ?? null, step), 'application/json');
    actions.clearResults();
  }, [file, sweep, actions]);

  return (
    <button
      type="button"
      className="lp-button pg-results-button"
      disabled={results !== null}
      onClick={actions.requestResults}
      title="Every model's metrics at its current weights, as npm run experiment prints them, with its configuration (JSON)"
    >
      {results ? 'Measuring…' : 'Download results'}
    </button>
  );
}
