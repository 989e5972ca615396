import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientEvent } from '../worker/client';
import { afterNextPaint, pacedClient, pacedListener } from './paintPacing';

const field = (runId: number, modelId = 'main') => ({ type: 'field', runId, modelId }) as unknown as ClientEvent;
const metrics = (runId: number, modelId = 'main') => ({ type: 'metrics', runId, modelId }) as unknown as ClientEvent;
const state = (runId: number, playing: boolean): ClientEvent => ({ type: 'state', runId, playing });

/** A scheduler that runs its callbacks only when told (`frame()`), counting requests. */
function manualScheduler() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void waiting.push(run),
    frame: () => waiting.splice(0).forEach((run) => run()),
    get requests() {
      return waiting.length;
    },
  };
}

describe('pacing the worker messages to the frames', () => {
  it('passes a light message at once while nothing waits', () => {
    const got: ClientEvent[] = [];
    const frames = manualScheduler();
    const { listener } = pacedListener((m) => got.push(m), frames.schedule);
    listener(state(1, true));
    expect(got).toEqual([state(1, true)]);
    expect(frames.requests).toBe(0);
  });

  it('holds heavy messages, and anything behind them, until the frame; then delivers them all, in order, once', () => {
    const got: ClientEvent[] = [];
    const frames = manualScheduler();
    const { listener } = pacedListener((m) => got.push(m), frames.schedule);
    const sent = [metrics(1, 'a'), metrics(1, 'b'), state(1, false), field(1, 'a')];
    sent.forEach(listener);
    expect(got).toEqual([]);
    expect(frames.requests).toBe(1); // one flush for everything that arrived before the frame
    frames.frame();
    expect(got).toEqual(sent);
    // Afterwards a light message passes at once again.
    listener(state(1, true));
    expect(got[got.length - 1]).toEqual(state(1, true));
  });

  it('drops held messages that are no longer current, and everything once cancelled', () => {
    const got: ClientEvent[] = [];
    const frames = manualScheduler();
    let run = 1;
    const paced = pacedListener((m) => got.push(m), frames.schedule, (m) => m.runId === run);
    paced.listener(field(1));
    run = 2; // a new run started while the snapshot waited
    paced.listener(field(2));
    frames.frame();
    expect(got).toEqual([field(2)]);
    paced.listener(metrics(2));
    paced.cancel();
    frames.frame();
    paced.listener(state(2, true));
    expect(got).toEqual([field(2)]);
  });

  it('wraps a client: its subscribers get paced messages of the current run, and unsubscribing drops what waits', () => {
    const listeners = new Set<(m: ClientEvent) => void>();
    const client = {
      runId: 3,
      subscribe(listener: (m: ClientEvent) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const frames = manualScheduler();
    const paced = pacedClient(client, frames.schedule);
    expect(paced).toBe(client);
    const got: ClientEvent[] = [];
    const unsubscribe = paced.subscribe((m) => got.push(m));
    const emit = (m: ClientEvent) => listeners.forEach((l) => l(m));
    emit(field(3));
    emit(field(2)); // an older run's: dropped at delivery
    frames.frame();
    expect(got).toEqual([field(3)]);
    emit(metrics(3));
    unsubscribe();
    frames.frame();
    expect(got).toEqual([field(3)]);
    expect(listeners.size).toBe(0);
  });
});

describe('afterNextPaint', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs once, in a task after the next animation frame', () => {
    vi.useFakeTimers();
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    const run = vi.fn();
    afterNextPaint(run);
    vi.advanceTimersByTime(10);
    expect(run).not.toHaveBeenCalled(); // no frame yet
    frames.shift()!(0);
    expect(run).not.toHaveBeenCalled(); // not inside the frame's callback
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200); // the fallback timer does not run it again
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('falls back to a timer when no frame comes', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 0); // frames never fire (a throttled page)
    const run = vi.fn();
    afterNextPaint(run);
    vi.advanceTimersByTime(99);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('does not wait on a hidden page', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    const run = vi.fn();
    afterNextPaint(run);
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
