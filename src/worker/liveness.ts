/**
 * Notices a training worker that went silent. A worker that is closed (`self.close()`), terminated, killed by
 * the browser or stuck in an endless task raises no event on the page: the only sign is silence. The worker
 * posts `alive` every HEARTBEAT_MS from its own timer, and every other message counts too; when nothing has
 * come for `timeoutMs`, the watch calls `onSilent` once.
 *
 * The timeout is long against the heartbeat (a busy worker's timer waits for the task in progress: a
 * training tick, a trial of a backend) and short enough that a lecturer is told within seconds.
 */

/** How often the worker says it is alive (worker.ts). */
export const HEARTBEAT_MS = 1000;

/** Silence after which the worker is taken for dead. */
export const SILENCE_TIMEOUT_MS = 10_000;

/** The clock and timers the watch uses (tests pass fakes). */
export interface WatchTimers {
  now(): number;
  every(ms: number, run: () => void): () => void;
}

const realTimers: WatchTimers = {
  now: () => performance.now(),
  every: (ms, run) => {
    const id = setInterval(run, ms);
    return () => clearInterval(id);
  },
};

export class LivenessWatch {
  private lastHeardMs: number;
  private stopTimer: (() => void) | null;

  constructor(
    private readonly onSilent: (silentMs: number) => void,
    private readonly timeoutMs = SILENCE_TIMEOUT_MS,
    private readonly timers: WatchTimers = realTimers,
  ) {
    this.lastHeardMs = timers.now();
    this.stopTimer = timers.every(Math.min(HEARTBEAT_MS, timeoutMs / 4), () => this.check());
  }

  /** The worker said something. */
  heard(): void {
    this.lastHeardMs = this.timers.now();
  }

  /** No more checks (the worker was terminated on purpose, or found dead). */
  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  private check(): void {
    const silentMs = this.timers.now() - this.lastHeardMs;
    if (silentMs < this.timeoutMs) return;
    this.stop();
    this.onSilent(silentMs);
  }
}
