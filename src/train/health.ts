/**
 * Runs that fail without a NaN: detectors over a model's metrics snapshots (full-set loss and accuracy at
 * each snapshot) and its Lipschitz bound, each a small pure function, and the words a person reads.
 * The worker's engine runs them after every metrics snapshot and says each finding once per run.
 *
 *   - loss rising: the loss, smoothed by a running median over SMOOTHING snapshots, has stayed above its
 *     best earlier value by a clear margin (RISE of the best's size, at least a small part of the first
 *     loss) for the last WINDOW snapshots. A loss that shot up and then sits high counts too (sgd at lr 10
 *     goes from 0.07 to 7.1 within a few hundred steps and stays there).
 *   - at chance: after CHANCE_MIN_STEPS steps, the last WINDOW snapshots' train accuracy is within
 *     CHANCE_MARGIN of always answering the larger class.
 *   - bound exploding: a standard net's Lipschitz bound (the product of its layers' spectral norms) is past
 *     BOUND_LIMIT, or not finite: f changes by that much per unit of input, and an unbounded loss (KR,
 *     HKR) can then fall without end (-5e20) while the classifier is no better.
 */
import type { ExperimentConfig, ModelKind } from '../core/config';

/** One metrics snapshot of a model. */
export interface HealthSample {
  step: number;
  loss: number;
  trainAccuracy: number;
}

export type HealthKind = 'loss-rising' | 'at-chance' | 'bound-exploding';

const SMOOTHING = 5;
const WINDOW = 8;
const RISE = 0.5;
const CHANCE_MIN_STEPS = 1000;
const CHANCE_MARGIN = 0.02;
export const BOUND_LIMIT = 1e6;

/** The running median of `values` over `width` (shorter at the start). */
function runningMedian(values: readonly number[], width: number): number[] {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - width + 1), i + 1).sort((a, b) => a - b);
    const mid = window.length >> 1;
    return window.length % 2 === 1 ? window[mid] : (window[mid - 1] + window[mid]) / 2;
  });
}

/**
 * The loss has risen and stays up: the best smoothed loss before the last WINDOW snapshots and the
 * lowest smoothed loss within them, when that lowest is still above the best by a clear margin; null
 * otherwise (also with too few snapshots, or a non-finite loss, which `diverged` covers).
 */
export function lossRising(history: readonly HealthSample[]): { best: HealthSample; now: HealthSample } | null {
  if (history.length < WINDOW + SMOOTHING) return null;
  if (!history.every((s) => Number.isFinite(s.loss))) return null;
  const smooth = runningMedian(history.map((s) => s.loss), SMOOTHING);
  const split = history.length - WINDOW;
  let bestIndex = 0;
  for (let i = 1; i < split; i++) if (smooth[i] < smooth[bestIndex]) bestIndex = i;
  const lowestRecent = Math.min(...smooth.slice(split));
  const margin = Math.max(RISE * Math.abs(smooth[bestIndex]), 0.05 * Math.abs(history[0].loss), 1e-6);
  if (!(lowestRecent - smooth[bestIndex] > margin)) return null;
  return {
    best: { ...history[bestIndex], loss: smooth[bestIndex] },
    now: { ...history[history.length - 1], loss: smooth[history.length - 1] },
  };
}

/** The accuracy of always answering the larger class of `labels` (+1 / -1). */
export function majorityFraction(labels: ArrayLike<number>): number {
  if (labels.length === 0) return 1;
  let positive = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) positive++;
  return Math.max(positive, labels.length - positive) / labels.length;
}

/** The accuracy stays at chance after enough steps: the last snapshot, or null. */
export function atChance(history: readonly HealthSample[], majority: number): HealthSample | null {
  if (history.length < WINDOW) return null;
  const recent = history.slice(-WINDOW);
  if (recent[0].step < CHANCE_MIN_STEPS) return null;
  // A constant classifier is right on the larger class only; chance is that, not 50%.
  return recent.every((s) => s.trainAccuracy <= majority + CHANCE_MARGIN) ? recent[recent.length - 1] : null;
}

/**
 * A cheap lower estimate of a net's Lipschitz bound |scale| prod_i |W_i|_2: a few power iterations per
 * layer (each a Rayleigh quotient, never above the true norm), so an estimate past BOUND_LIMIT proves the
 * bound is. The proved bound (lip/linalg spectralNorm) takes about a second per 400-wide layer in plain
 * JS, too long to run between two training steps.
 */
export function lipschitzBoundEstimate(layers: readonly { kernel: Float32Array; inputs: number; outputs: number }[], scale: number): number {
  let bound = Math.abs(scale);
  for (const { kernel, inputs, outputs } of layers) {
    let v = new Float64Array(outputs).fill(1 / Math.sqrt(outputs));
    let norm = 0;
    for (let iteration = 0; iteration < 20; iteration++) {
      // u = W v (inputs), then v = W^T u (outputs); |W^T u| / |u| -> sigma_max from below.
      const u = new Float64Array(inputs);
      for (let i = 0; i < inputs; i++) {
        let sum = 0;
        for (let j = 0; j < outputs; j++) sum += kernel[i * outputs + j] * v[j];
        u[i] = sum;
      }
      const next = new Float64Array(outputs);
      for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) next[j] += kernel[i * outputs + j] * u[i];
      const uNorm = Math.sqrt(u.reduce((a, x) => a + x * x, 0));
      const nextNorm = Math.sqrt(next.reduce((a, x) => a + x * x, 0));
      if (!(uNorm > 0) || !Number.isFinite(nextNorm)) return uNorm === 0 ? 0 : NaN;
      norm = nextNorm / uNorm;
      v = next.map((x) => x / nextNorm);
    }
    bound *= norm;
  }
  return bound;
}

/** A standard net whose Lipschitz bound is past BOUND_LIMIT (or not finite); Lipschitz nets are bounded by construction. */
export function boundExploding(kind: ModelKind, lipschitzBound: number): boolean {
  return kind === 'standard' && !(lipschitzBound <= BOUND_LIMIT);
}

/** A number for a message: 3 significant digits, exponent form when large or small. */
function shown(value: number): string {
  const a = Math.abs(value);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

/** What to try, from the model's current settings (the advice stays true to what the app offers). */
function advice(config: ExperimentConfig): string {
  const { optimizer, lr } = config.train;
  return `Try a smaller learning rate (now ${shown(lr)}, ${optimizer}): a live change goes on from the current weights; or press Reset.`;
}

/** The notice for a finding, for a person (in a comparison the page puts the model's name before it). */
export function healthMessage(
  finding:
    | { kind: 'loss-rising'; best: HealthSample; now: HealthSample }
    | { kind: 'at-chance'; now: HealthSample; majority: number }
    | { kind: 'bound-exploding'; step: number; bound: number; loss: number },
  config: ExperimentConfig,
): string {
  switch (finding.kind) {
    case 'loss-rising':
      return (
        `The training loss has risen from ${shown(finding.best.loss)} (step ${finding.best.step}) to ` +
        `${shown(finding.now.loss)} (step ${finding.now.step}) and stays up: training is going the wrong way. ${advice(config)}`
      );
    case 'at-chance':
      return (
        `After ${finding.now.step} steps the train accuracy is ${(100 * finding.now.trainAccuracy).toFixed(0)}%, ` +
        `no better than always answering the larger class (${(100 * finding.majority).toFixed(0)}%): the model is not learning. ` +
        advice(config)
      );
    case 'bound-exploding':
      return (
        `At step ${finding.step} this standard net's Lipschitz bound is at least ${shown(finding.bound)} (past ${shown(BOUND_LIMIT)}): ` +
        `its weights are blowing up` +
        (config.loss.name === 'kr' || config.loss.name === 'hkr'
          ? `, and the KR loss (${shown(finding.loss)}) has no lower bound for an unconstrained net, so its value means nothing. `
          : '. ') +
        advice(config)
      );
  }
}
