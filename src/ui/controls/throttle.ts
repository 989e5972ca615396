/**
 * A throttle for live sliders: the first call runs at once, later calls within `intervalMs` are merged
 * into one trailing call with the newest argument, so dragging tau reaches the worker about ten times a
 * second and the last position always arrives.
 */

export interface Throttled<A> {
  call(arg: A): void;
  /** Runs the pending trailing call now, if any. */
  flush(): void;
  /** Drops the pending trailing call, if any. */
  cancel(): void;
}

export function throttle<A>(fn: (arg: A) => void, intervalMs: number, now: () => number = () => Date.now()): Throttled<A> {
  let last = -Infinity;
  let pending: { arg: A } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const clearTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const run = (arg: A) => {
    last = now();
    fn(arg);
  };
  const flush = () => {
    clearTimer();
    if (!pending) return;
    const { arg } = pending;
    pending = null;
    run(arg);
  };

  return {
    call(arg) {
      const wait = last + intervalMs - now();
      if (wait <= 0 && timer === null) {
        run(arg);
        return;
      }
      pending = { arg };
      if (timer === null) timer = setTimeout(flush, Math.max(0, wait));
    },
    flush,
    cancel() {
      clearTimer();
      pending = null;
    },
  };
}
