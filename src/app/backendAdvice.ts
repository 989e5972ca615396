/**
 * What to tell a person who picks a backend by hand: that training restarted on it, and, when the
 * automatic choice measured it, how much slower it trains than the fastest backend here.
 */
import type { BackendPreference, TrialResult } from '../backend/names';

/** A manual choice at least this many times slower than the fastest measured gets a warning. */
export const SLOW_FACTOR = 2;

const msPerStepOf = (trial: TrialResult): number | null =>
  'error' in trial ? null : Number.isFinite(trial.msPerStep) ? (trial.msPerStep as number) : null;

/**
 * A warning when `choice` trained the measured model SLOW_FACTOR times slower or more than the fastest
 * backend in `trials` (the automatic choice's measurements), else null (also when `choice` was not
 * measured: nothing honest to say).
 */
export function slowChoiceWarning(choice: BackendPreference, trials: readonly TrialResult[]): string | null {
  if (choice === 'auto') return null;
  const mine = trials.find((t) => t.name === choice);
  const ms = mine ? msPerStepOf(mine) : null;
  const measured = trials.flatMap((t) => {
    const m = msPerStepOf(t);
    return m === null ? [] : [{ name: t.name, ms: m }];
  });
  if (ms === null || measured.length === 0) return null;
  const fastest = measured.reduce((a, b) => (b.ms < a.ms ? b : a));
  const factor = ms / fastest.ms;
  if (factor < SLOW_FACTOR) return null;
  return (
    `${choice} trained the model ${factor.toFixed(1)}× slower than ${fastest.name} in the automatic choice's ` +
    `trial here (${ms.toFixed(1)} against ${fastest.ms.toFixed(1)} ms per step); "auto" picks ${fastest.name}.`
  );
}
