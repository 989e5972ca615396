import { describe, expect, it } from 'vitest';
import { nextTask } from './nextTask';

describe('nextTask', () => {
  it('runs callbacks later, in a new task, in the order they were queued', async () => {
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      nextTask(() => order.push('a'));
      nextTask(() => {
        order.push('b');
        nextTask(() => {
          order.push('d');
          resolve();
        });
      });
      nextTask(() => order.push('c'));
      void Promise.resolve().then(() => order.push('microtask'));
      order.push('sync');
    });
    await done;
    expect(order).toEqual(['sync', 'microtask', 'a', 'b', 'c', 'd']);
  });

  it('lets a chain of many nested tasks run to its end', async () => {
    let count = 0;
    await new Promise<void>((resolve) => {
      const step = () => (++count === 200 ? resolve() : nextTask(step));
      nextTask(step);
    });
    expect(count).toBe(200);
  });
});
