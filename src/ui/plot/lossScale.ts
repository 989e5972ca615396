/**
 * The loss chart's log-scale option. Pure; no DOM.
 *
 * Why the option is sometimes refused rather than transformed: the KR and HKR losses are negative once the
 * classes are apart (KR = mean f on class −1 minus mean f on class +1), and hinge reaches exactly 0. A log
 * axis cannot place a value <= 0, and a transform (log of |loss|, or of loss − min) would draw a curve whose
 * height no longer reads as the loss. So the checkbox is disabled, with the reason shown, and the chart stays
 * linear: every point it draws is the real loss.
 */
import type { LossName } from '../../core/config';
import type { HistoryPoint } from '../../core/view';
import { formatSignificant } from '../controls/format';

export interface LossScaleChoice {
  /** Draw the loss on a log axis. */
  log: boolean;
  /** Whether the checkbox can be ticked; when false `reason` says why. */
  available: boolean;
  /** Why a log axis cannot show this loss; null when it can. */
  reason: string | null;
}

/** Losses that go negative by construction (their KR term), whatever the run. */
const NEGATIVE_BY_DESIGN: Partial<Record<LossName, string>> = {
  kr: 'the KR loss (mean f on class −1 minus mean f on class +1) is negative once the classes are apart',
  hkr: 'HKR = α·hinge + KR, and its KR term makes it negative once the classes are apart',
};

/**
 * Whether the loss chart uses a log axis: when asked for, unless the current loss goes negative by design
 * (KR, HKR: refused from the start, so the axis does not flip mid-run) or a drawn value, train or test, is
 * <= 0 (hinge at 0, or an earlier KR segment after a live loss change).
 */
export function lossScaleChoice(requested: boolean, lossName: LossName, history: readonly HistoryPoint[]): LossScaleChoice {
  const reason = refusal(lossName, history);
  return { log: requested && reason === null, available: reason === null, reason };
}

function refusal(lossName: LossName, history: readonly HistoryPoint[]): string | null {
  const byDesign = NEGATIVE_BY_DESIGN[lossName];
  if (byDesign) return `${byDesign}: a log scale cannot show values ≤ 0`;
  for (const h of history) {
    for (const [which, value] of [['train', h.loss], ['test', h.testLoss]] as const) {
      if (!Number.isFinite(value) || value > 0) continue;
      if (value === 0) {
        const why = lossName === 'hinge' ? ' (hinge is 0 once every point is beyond the margin)' : '';
        return `the ${which} loss reached 0 at step ${h.step}${why}: a log scale cannot show 0`;
      }
      return `the ${which} loss was ${formatSignificant(value)} at step ${h.step}: a log scale cannot show values ≤ 0`;
    }
  }
  return null;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10 to the power `e`, written 10⁻³. */
function powerOfTen(e: number): string {
  return `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** Whether `value` is a whole power of ten (to float precision). */
function isPowerOfTen(value: number): boolean {
  const e = Math.round(Math.log10(value));
  return Math.abs(value / 10 ** e - 1) < 1e-9;
}

/**
 * The labels of a log axis's ticks: when the ticks hold two or more powers of ten, only those are labelled
 * (the 2..9 ticks between them stay as unlabelled grid steps, so labels never crowd); otherwise (less than a
 * decade shown) every tick is.
 */
export function logTickFormatter(ticks: readonly number[]): (value: NumberLike) => string {
  const decades = ticks.filter((t) => t > 0 && isPowerOfTen(t)).length;
  return (value) => {
    const v = Number(value);
    return decades < 2 || isPowerOfTen(v) ? formatLogTick(v) : '';
  };
}

/** What d3's axes pass to a tick format (a number, or an object that converts to one). */
type NumberLike = number | { valueOf(): number };

/**
 * A tick label of a log axis: powers of ten as 0.01, 0.1, 1, 10, 100 within two decades of 1 and as 10⁻³,
 * 10⁴ beyond; other ticks as a mantissa (2, 0.3, 5·10⁻⁴). Empty for a value that is not > 0.
 */
export function formatLogTick(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) return '';
  const e = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Number((value / 10 ** e).toPrecision(3));
  if (Math.abs(e) <= 2) return String(Number(value.toPrecision(3)));
  return mantissa === 1 ? powerOfTen(e) : `${mantissa}·${powerOfTen(e)}`;
}
