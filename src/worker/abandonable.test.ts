import { describe, expect, it } from 'vitest';
import { Abandonable } from './abandonable';

describe('Abandonable', () => {
  it('settles as its task does, unless abandoned first; a task that never ends can be given up', async () => {
    const runner = new Abandonable();
    expect(await runner.run(() => 7)).toBe(7);
    await expect(runner.run(() => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    const forever = runner.run(() => new Promise<number>(() => undefined));
    runner.abandon(new Error('lost'));
    await expect(forever).rejects.toThrow('lost');
    // Nothing running: abandoning does nothing, and the next task runs as usual.
    runner.abandon(new Error('nothing to give up'));
    expect(await runner.run(async () => 'next')).toBe('next');
  });
});
