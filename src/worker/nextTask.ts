/**
 * Runs `fn` in a new task as soon as the event loop allows: after the messages already queued (a `pause`
 * from the page gets in between two ticks) but without setTimeout's clamp. Browsers delay a setTimeout(0)
 * nested more than 5 deep by at least 4 ms (HTML timers spec), and a training worker scheduling each tick
 * from the previous one is always that deep: 4 ms idle per 40 ms tick, about 10% of its speed.
 * A MessageChannel's messages are not clamped. Node (unit tests) has setImmediate, which also lets timers
 * run between two tasks: there a chain of MessageChannel tasks starved every timer (a test's Pause sent
 * from a setTimeout waited 40 s).
 */
const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
const queue: (() => void)[] = [];
let channel: MessageChannel | null = null;

export function nextTask(fn: () => void): void {
  if (immediate) {
    immediate(fn);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
  }
  queue.push(fn);
  channel.port2.postMessage(null);
}
