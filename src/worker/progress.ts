/**
 * `progress` messages for a long preparation (choosing a backend, building big models, a first evaluation
 * of many points): nothing for one that ends quickly (no flash of a progress bar for the default run),
 * then the first report of each new phase at once and at most one message every `everyMs` within one.
 */
import type { FromWorker, RunId } from './protocol';

export class ProgressReporter {
  private readonly startedMs = performance.now();
  private lastPostMs = -Infinity;
  private lastWhat = '';

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly runId: RunId,
    private readonly delayMs = 300,
    private readonly everyMs = 150,
  ) {}

  /** `done` of `total` units of `what` (e.g. "building model 2 of 4"). */
  report(what: string, done: number, total: number): void {
    const now = performance.now();
    if (now - this.startedMs < this.delayMs) return;
    if (what === this.lastWhat && now - this.lastPostMs < this.everyMs) return;
    this.lastPostMs = now;
    this.lastWhat = what;
    this.post({ type: 'progress', runId: this.runId, what, done, total });
  }
}
