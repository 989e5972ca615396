/**
 * Runs one task at a time that may have to be given up: `run(task)` settles as the task does, unless
 * `abandon(err)` comes first (a backend lost under it: a task waiting on a lost WebGL context waits
 * forever). Each run has its own promise: a race against one long-lived "lost" promise would add a
 * reaction to it per task, a leak over millions of ticks.
 */
export class Abandonable {
  private rejectCurrent: ((err: unknown) => void) | null = null;

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const running = Promise.resolve().then(task);
    running.catch(() => undefined); // an abandoned task may still fail later, unheard
    return new Promise<T>((resolve, reject) => {
      this.rejectCurrent = reject;
      running.then(resolve, reject);
    });
  }

  /** Rejects the task running now (if any) with `err`. */
  abandon(err: unknown): void {
    this.rejectCurrent?.(err);
    this.rejectCurrent = null;
  }
}
