/**
 * Paces a speed-limited run so that the speed menu delivers what it says: N steps per second on average,
 * whatever else a tick does (metrics, field snapshots). Ticks run about TICKS_PER_SECOND times a second,
 * each of `stepsPerTick()` steps; each tick is due one interval after the previous one was due, so a slow
 * tick (a snapshot) is made up by starting the next ones at once. A run that falls more than MAX_LAG_MS
 * behind (the machine cannot keep up) restarts its schedule from now instead of bursting to catch up.
 * Pure: the caller passes the clock.
 */

const TICKS_PER_SECOND = 25;
const MAX_LAG_MS = 500;

export class Pacer {
  /** When the current tick was due to start; null before the first tick. */
  private dueMs: number | null = null;

  constructor(readonly stepsPerSecond: number) {
    if (!(stepsPerSecond > 0) || !Number.isFinite(stepsPerSecond)) {
      throw new Error(`speed must be a positive number of steps per second, got ${stepsPerSecond}`);
    }
  }

  /** Steps per tick: about TICKS_PER_SECOND ticks a second, at least one step each. */
  stepsPerTick(): number {
    return Math.max(1, Math.round(this.stepsPerSecond / TICKS_PER_SECOND));
  }

  /** Call when a tick starts. */
  tickStarted(nowMs: number): void {
    if (this.dueMs === null || nowMs - this.dueMs > MAX_LAG_MS) this.dueMs = nowMs;
  }

  /** Call when a tick of `steps` steps has ended (snapshots included): the wait before the next tick. */
  delayAfter(steps: number, nowMs: number): number {
    if (this.dueMs === null) this.dueMs = nowMs;
    this.dueMs += (1000 * steps) / this.stepsPerSecond;
    return Math.max(0, this.dueMs - nowMs);
  }
}
