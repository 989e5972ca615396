/**
 * What a live change of the loss or learning rate was, in a few characters ("τ = 5", "loss: HKR, α = 10",
 * "lr = 0.001"), for the marker drawn on the loss curve at the step where it applied: a jump of the loss
 * after a change of tau is the new loss, not a divergence, and the marker says so.
 */
import type { ExperimentConfig } from '../core/config';

const LOSS_SHORT: Record<ExperimentConfig['loss']['name'], string> = {
  kr: 'KR',
  hinge: 'hinge',
  hkr: 'HKR',
  'tau-bce': 'τ-BCE',
  bce: 'BCE',
};

/** One marker: the step it applied at and what changed. */
export interface SettingMark {
  step: number;
  label: string;
}

/** The live changes from `before` to `after` as a label, or null when nothing live changed. */
export function describeLiveChange(before: ExperimentConfig, after: ExperimentConfig): string | null {
  const a = before.loss;
  const b = after.loss;
  const parts: string[] = [];
  if (a.name !== b.name) parts.push(`loss: ${LOSS_SHORT[b.name]}`);
  if (b.name === 'tau-bce' && (a.tau !== b.tau || a.name !== b.name)) parts.push(`τ = ${b.tau}`);
  if (b.name === 'hkr' && (a.alpha !== b.alpha || a.name !== b.name)) parts.push(`α = ${b.alpha}`);
  if ((b.name === 'hkr' || b.name === 'hinge') && (a.margin !== b.margin || a.name !== b.name)) parts.push(`m = ${b.margin}`);
  if (before.train.lr !== after.train.lr) parts.push(`lr = ${after.train.lr}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * `marks` with a change at `step` added. Changes at the same step merge into one marker (a dragged
 * slider commits about ten times a second), keeping what the latest change says; none at step 0, where
 * the curve starts with the new setting anyway.
 */
export function addMark(marks: readonly SettingMark[], step: number, label: string): SettingMark[] {
  if (step <= 0) return [...marks];
  const last = marks.at(-1);
  if (last && last.step === step) return [...marks.slice(0, -1), { step, label }];
  return [...marks, { step, label }];
}
