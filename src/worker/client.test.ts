import { describe, expect, it } from 'vitest';
import { TrainingClient, type ClientEvent, type WorkerLike } from './client';
import { LivenessWatch, SILENCE_TIMEOUT_MS, type WatchTimers } from './liveness';
import type { FromWorker } from './protocol';

/** A worker that records what it is sent and lets the test fire its events. */
class FakeWorker implements WorkerLike {
  posted: unknown[] = [];
  terminated = false;
  private readonly handlers: Record<string, ((event: never) => void)[]> = {};
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    (this.handlers[type] ??= []).push(listener);
  }
  fire(type: 'message' | 'error' | 'messageerror', event: unknown): void {
    for (const h of this.handlers[type] ?? []) h(event as never);
  }
  say(message: FromWorker): void {
    this.fire('message', { data: message });
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A clock the test moves by hand, with the interval timers the watch registers. */
function fakeTimers(): WatchTimers & { advance(ms: number): void } {
  let now = 0;
  const timers: { ms: number; next: number; run: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    every(ms, run) {
      const t = { ms, next: now + ms, run, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.live && t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.run();
      }
      now = end;
    },
  };
}

function setup() {
  const timers = fakeTimers();
  const worker = new FakeWorker();
  const client = new TrainingClient(worker, null, (onSilent) => new LivenessWatch(onSilent, SILENCE_TIMEOUT_MS, timers));
  const events: ClientEvent[] = [];
  client.subscribe((e) => events.push(e));
  return { timers, worker, client, events };
}

describe('the training client', () => {
  it('takes a silent worker for dead once, terminates it and tells its listeners', () => {
    const { timers, worker, client, events } = setup();
    client.play();
    timers.advance(SILENCE_TIMEOUT_MS - 1);
    expect(events).toEqual([]);
    timers.advance(2000);
    expect(events).toEqual([{ type: 'lost', runId: 0, reason: expect.stringMatching(/sent nothing for 1\d s/) }]);
    expect(worker.terminated).toBe(true);
    // Commands after that go nowhere, without throwing; nothing more is reported.
    const posted = worker.posted.length;
    client.pause();
    timers.advance(60_000);
    expect(worker.posted).toHaveLength(posted);
    expect(events).toHaveLength(1);
  });

  it('a heartbeat or any message keeps the worker alive; the heartbeat itself is not delivered', () => {
    const { timers, worker, events } = setup();
    for (let s = 0; s < 60; s++) {
      timers.advance(1000);
      worker.say({ type: 'alive', runId: 0 });
    }
    expect(events).toEqual([]);
  });

  it('reports an uncaught worker error and an unreadable message, without giving up on the worker', () => {
    const { worker, events } = setup();
    worker.fire('error', { message: 'Uncaught TypeError: x is undefined' });
    worker.fire('messageerror', {});
    expect(events.map((e) => e.type)).toEqual(['error', 'error']);
    expect(events[0]).toMatchObject({ message: expect.stringMatching(/reported an error: Uncaught TypeError/) });
    expect(events[1]).toMatchObject({ message: expect.stringMatching(/could not be read/) });
    expect(worker.terminated).toBe(false);
  });

  it('a deliberate terminate stops the watch: no "lost" afterwards', () => {
    const { timers, client, events } = setup();
    client.terminate();
    timers.advance(60_000);
    expect(events).toEqual([]);
  });
});
