/**
 * Training speed as a person sees it: steps per second measured from the step counts the worker reports,
 * over a sliding window of wall time. Pure arithmetic on numbers (the caller passes the clock).
 */

/** How much recent history the rate covers. */
const WINDOW_MS = 2000;
/** Below this span the rate is too noisy to show. */
const MIN_SPAN_MS = 300;

export class RateMeter {
  private samples: { timeMs: number; step: number }[] = [];

  /** Records that the model was at `step` at `timeMs`. A step count that goes back (a new run) starts over. */
  add(timeMs: number, step: number): void {
    const last = this.samples.at(-1);
    if (last && step < last.step) this.samples = [];
    this.samples.push({ timeMs, step });
    // Keep one sample at or before the window's start, so the span covers the whole window.
    while (this.samples.length > 2 && this.samples[1].timeMs <= timeMs - WINDOW_MS) this.samples.shift();
  }

  /** Steps per second over the window, or null when there is not enough history yet. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.timeMs - first.timeMs < MIN_SPAN_MS) return null;
    return (1000 * (last.step - first.step)) / (last.timeMs - first.timeMs);
  }

  reset(): void {
    this.samples = [];
  }
}
