/**
 * writeOutputs when a rename fails after others succeeded (a race the checks cannot rule out; forced here
 * by making the n-th rename fail): every output already placed is put back as it was, old content included.
 */
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { UsageError } from './common';
import { checkOutputs, writeOutputs } from './outputs';

const failing = vi.hoisted(() => ({ renameCall: 0, failAt: -1 }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const renameSync: typeof real.renameSync = (from, to) => {
    if (failing.renameCall++ === failing.failAt) {
      throw Object.assign(new Error('injected'), { code: 'EIO' });
    }
    real.renameSync(from, to);
  };
  return { ...real, renameSync, default: { ...real, renameSync } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lip-outputs-'));
  failing.renameCall = 0;
  failing.failAt = -1;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => path.join(dir, name);

it('the third rename fails: the first output gets its old content back, the second is removed, no temporary is left', () => {
  writeFileSync(at('m.json'), 'old metrics');
  const targets = checkOutputs([
    { flag: '--out', file: at('m.json') },
    { flag: '--save-model', file: at('model.json') },
    { flag: '--extra', file: at('extra.json') },
  ]);
  failing.failAt = 2;
  let error: unknown;
  try {
    writeOutputs(targets, { '--out': 'metrics', '--save-model': 'model', '--extra': 'extra' });
  } catch (e) {
    error = e;
  }
  expect(failing.renameCall).toBeGreaterThanOrEqual(3);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toBe(`--extra: cannot write ${JSON.stringify(at('extra.json'))}: EIO; no output written`);
  expect(readdirSync(dir)).toEqual(['m.json']);
  expect(readFileSync(at('m.json'), 'utf8')).toBe('old metrics');
});

it('without a failure the same three outputs are all written', () => {
  const targets = checkOutputs(['--out', '--save-model', '--extra'].map((flag, i) => ({ flag, file: at(`${i}.json`) })));
  writeOutputs(targets, { '--out': 'a', '--save-model': 'b', '--extra': 'c' });
  expect(readdirSync(dir).sort()).toEqual(['0.json', '1.json', '2.json']);
  expect(readFileSync(at('2.json'), 'utf8')).toBe('c');
});
