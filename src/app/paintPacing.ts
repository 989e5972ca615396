/**
 * Hands the worker's heavy messages (field snapshots, metrics, datasets) to the store just after the page
 * has drawn a frame, all that arrived meanwhile together.
 *
 * Why: in a comparison every model reports on its own (8 models: 8 metrics messages at each report), and
 * each message handled on its own is a render of every panel. Held until the next frame, they are applied
 * in one task, so React renders once for all of them; and the work starts just after a frame, with the
 * whole frame interval to finish. A light message (a state change, a notice) goes through at once unless
 * heavy ones are waiting, so the order of messages never changes. Measured in headless Chromium here
 * (1400x900, `?sweep=tau:0.1..100/8`, full speed): frame p95 52 -> 30-35 ms, each model 8-9 -> 10 steps/s;
 * one model: unchanged (22.3 and 21.8 ms, noise).
 */
import type { ClientEvent } from '../worker/client';

/** Runs a callback soon after the next frame is drawn. */
export type FrameScheduler = (run: () => void) => void;

/** Messages whose handling redraws the plot or the charts. */
export function isHeavyMessage(message: ClientEvent): boolean {
  return message.type === 'field' || message.type === 'metrics' || message.type === 'dataset';
}

/**
 * A listener that delivers `listener`'s messages in order, holding heavy ones (and anything behind them)
 * until `schedule` fires; then all held messages still `current` are delivered in one go. `cancel` drops
 * what is held and delivers nothing more.
 */
export function pacedListener(
  listener: (message: ClientEvent) => void,
  schedule: FrameScheduler,
  current: (message: ClientEvent) => boolean = () => true,
): { listener: (message: ClientEvent) => void; cancel: () => void } {
  const held: ClientEvent[] = [];
  let cancelled = false;
  const flush = () => {
    const messages = held.splice(0);
    for (const message of messages) if (!cancelled && current(message)) listener(message);
  };
  return {
    listener: (message) => {
      if (cancelled) return;
      if (held.length === 0 && !isHeavyMessage(message)) {
        listener(message);
        return;
      }
      held.push(message);
      if (held.length === 1) schedule(flush);
    },
    cancel: () => {
      cancelled = true;
      held.length = 0;
    },
  };
}

/** How long a page that draws no frames (hidden, throttled) keeps messages waiting. */
const NO_FRAME_FALLBACK_MS = 100;

/**
 * The browser's "after the next paint": a task posted from a requestAnimationFrame callback runs once that
 * frame has been drawn. Without frames (a hidden tab, no rAF) a plain timer stands in.
 */
export const afterNextPaint: FrameScheduler = (run) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
  if (typeof requestAnimationFrame === 'function' && !hidden) requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, hidden ? 0 : NO_FRAME_FALLBACK_MS);
};

/** The parts of the worker client that pacing needs. */
interface Subscribable {
  subscribe(listener: (message: ClientEvent) => void): () => void;
  readonly runId: number;
}

/**
 * `client` with its subscribers' heavy messages paced by `schedule`. Messages of a run that ended while
 * they waited are dropped, as the client drops them on arrival.
 */
export function pacedClient<C extends Subscribable>(client: C, schedule: FrameScheduler = afterNextPaint): C {
  const subscribe = client.subscribe.bind(client);
  const current = (message: ClientEvent) => message.type === 'ready' || message.runId === client.runId;
  client.subscribe = (listener) => {
    const paced = pacedListener(listener, schedule, current);
    const unsubscribe = subscribe(paced.listener);
    return () => {
      paced.cancel();
      unsubscribe();
    };
  };
  return client;
}
