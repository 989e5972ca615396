/**
 * A comparison: the models one URL's `sweep` trains side by side. Each model is the base configuration
 * with the swept field set to one value; all else (data, seeds, batches) is equal. Pure: the store and
 * the URL sync call these.
 */
import type { ExperimentConfig } from '../core/config';
import { applySweep, parseSweep, sweptModelLabel, sweepValueText, type Sweep } from '../core/sweep';
import { MAIN_MODEL } from './slices/types';
import type { RunMetrics } from '../worker/protocol';

/** One model of the playground: its worker id, its name for people and its configuration. */
export interface ModelEntry {
  id: string;
  /** The panel's accessible name, e.g. "τ = 0.5"; the base's is "" for a single model. */
  label: string;
  config: ExperimentConfig;
}

/**
 * The models to train for `config` and `sweep`: the base alone without a sweep, else one per value (the
 * first keeps the single model's id, so one-model views go on working on it). An error names the value
 * the base cannot take.
 */
export function modelEntries(config: ExperimentConfig, sweep: Sweep | null): { ok: true; models: ModelEntry[] } | { ok: false; error: string } {
  if (!sweep) return { ok: true, models: [{ id: MAIN_MODEL, label: '', config }] };
  const applied = applySweep(config, sweep);
  if (!applied.ok) return applied;
  return {
    ok: true,
    models: applied.value.map((c, i) => ({ id: i === 0 ? MAIN_MODEL : `model-${i}`, label: sweptModelLabel(sweep, sweep.values[i], config, c), config: c })),
  };
}

/** The sweep as the URL writes it: `KEY:V1,V2,...` (the values as parsed, so a link reproduces them). */
export function formatSweep(sweep: Sweep): string {
  return `${sweep.key}:${sweep.values.map(sweepValueText).join(',')}`;
}

/**
 * The URL's `sweep` value checked against the configuration: the sweep, or null with a notice saying why
 * the page shows one model instead.
 */
export function readSweep(text: string | undefined, config: ExperimentConfig): { sweep: Sweep | null; notice: string | null } {
  if (text === undefined) return { sweep: null, notice: null };
  const parsed = parseSweep(text);
  const checked = parsed.ok ? modelEntries(config, parsed.value) : parsed;
  if (!checked.ok) return { sweep: null, notice: `sweep: ${checked.error}; showing one model` };
  return { sweep: parsed.ok ? parsed.value : null, notice: null };
}

/**
 * The results file of a run: one `{config, metrics}` per model, in panel order, the shape of
 * `npm run sweep -- BASE.json --vary ... --out` (metrics as `npm run experiment` prints them); null until
 * every model has answered.
 */
export function resultsFile(models: readonly ModelEntry[], entries: Record<string, RunMetrics>): { config: ExperimentConfig; metrics: RunMetrics }[] | null {
  if (models.length === 0 || models.some((m) => !entries[m.id])) return null;
  return models.map((m) => ({ config: m.config, metrics: entries[m.id] }));
}
