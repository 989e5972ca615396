/**
 * The runner's outputs, all or nothing: what checkOutputs refuses before any work, and that writeOutputs
 * leaves the folders exactly as they were when a write or a rename fails after the checks passed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwritableFolder } from '../testing/folders';
import { UsageError } from './common';
import { checkOutputs, writeOutputs } from './outputs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lip-outputs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (...parts: string[]) => path.join(dir, ...parts);

/** The UsageError's message that `f` throws (fails the test when it throws anything else, or nothing). */
function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  return expect.fail('expected a UsageError');
}

describe('checkOutputs', () => {
  it('passes writable paths, skips flags not given, and leaves nothing behind (its probe file is removed)', () => {
    const targets = checkOutputs([
      { flag: '--out', file: at('m.json') },
      { flag: '--save-model', file: undefined },
    ]);
    expect(targets.map((t) => [t.flag, t.file])).toEqual([['--out', at('m.json')]]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder that does not exist, a parent that is a file, and a path that is a folder', () => {
    writeFileSync(at('file'), 'x');
    mkdirSync(at('sub'));
    expect(usageMessage(() => checkOutputs([{ flag: '--out', file: at('nowhere', 'm.json') }]))).toBe(
      `--out: folder does not exist: ${JSON.stringify(at('nowhere'))}`,
    );
    expect(usageMessage(() => checkOutputs([{ flag: '--out', file: at('file', 'm.json') }]))).toBe(
      `--out: ${JSON.stringify(at('file'))} is not a folder`,
    );
    expect(usageMessage(() => checkOutputs([{ flag: '--out', file: at('file', 'deeper', 'm.json') }]))).toMatch(
      /^--out: ".*deeper" is not a folder \(a part of the path is a file\)$/,
    );
    expect(usageMessage(() => checkOutputs([{ flag: '--save-model', file: at('sub') }]))).toBe(
      `--save-model: ${JSON.stringify(at('sub'))} is a folder`,
    );
  });

  it('refuses a folder it cannot create a file in', (ctx) => {
    const ro = unwritableFolder(dir);
    if (!ro) return ctx.skip();
    try {
      const message = usageMessage(() => checkOutputs([{ flag: '--save-model', file: path.join(ro.dir, 'model.json') }]));
      expect(message).toMatch(/^--save-model: cannot write in folder ".*": (permission denied|read-only file system)$/);
    } finally {
      ro.restore();
    }
  });

  it('refuses two outputs that are one file (also through a link to the folder), and an output that is an input', () => {
    mkdirSync(at('real'));
    symlinkSync(at('real'), at('link'));
    const same = [
      { flag: '--out', file: at('real', 'x.json') },
      { flag: '--save-model', file: at('link', 'x.json') },
    ];
    expect(usageMessage(() => checkOutputs(same))).toBe(`--out and --save-model name the same file ${JSON.stringify(at('link', 'x.json'))}`);
    writeFileSync(at('config.json'), '{}');
    expect(usageMessage(() => checkOutputs([{ flag: '--out', file: at('link', '..', 'config.json') }], [at('config.json')]))).toMatch(
      /^--out: ".*config\.json" is an input config file; it would be overwritten$/,
    );
  });

  it('quotes a path with a newline, so the message stays one line', () => {
    const message = usageMessage(() => checkOutputs([{ flag: '--out', file: at('two\nlines', 'm.json') }]));
    expect(message).not.toContain('\n');
    expect(message).toContain('two\\nlines');
  });
});

describe('writeOutputs', () => {
  it('writes every output and leaves no temporary file', () => {
    const targets = checkOutputs([
      { flag: '--out', file: at('m.json') },
      { flag: '--save-model', file: at('model.json') },
    ]);
    writeOutputs(targets, { '--out': 'metrics\n', '--save-model': 'model\n' });
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'model.json']);
    expect(readFileSync(at('m.json'), 'utf8')).toBe('metrics\n');
    expect(readFileSync(at('model.json'), 'utf8')).toBe('model\n');
  });

  it('replaces an existing file', () => {
    writeFileSync(at('m.json'), 'old');
    writeOutputs(checkOutputs([{ flag: '--out', file: at('m.json') }]), { '--out': 'new' });
    expect(readFileSync(at('m.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  it("the second output's folder gone after the checks: nothing written, the first output's folder as it was", () => {
    mkdirSync(at('a'));
    mkdirSync(at('b'));
    writeFileSync(at('a', 'm.json'), 'old metrics');
    const targets = checkOutputs([
      { flag: '--out', file: at('a', 'm.json') },
      { flag: '--save-model', file: at('b', 'model.json') },
    ]);
    rmSync(at('b'), { recursive: true });
    const message = usageMessage(() => writeOutputs(targets, { '--out': 'metrics', '--save-model': 'model' }));
    expect(message).toBe(`--save-model: cannot write ${JSON.stringify(at('b', 'model.json'))}: no such file or folder; no output written`);
    expect(readdirSync(at('a'))).toEqual(['m.json']);
    expect(readFileSync(at('a', 'm.json'), 'utf8')).toBe('old metrics');
  });

  it('a folder appearing at a target after the checks: refused, the folder and the other targets untouched', () => {
    writeFileSync(at('m.json'), 'old metrics');
    const targets = checkOutputs([
      { flag: '--out', file: at('m.json') },
      { flag: '--save-model', file: at('model.json') },
    ]);
    mkdirSync(at('model.json'));
    writeFileSync(at('model.json', 'inside'), 'x');
    const message = usageMessage(() => writeOutputs(targets, { '--out': 'metrics', '--save-model': 'model' }));
    expect(message).toMatch(/^--save-model: cannot write ".*model\.json": .*; no output written$/);
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'model.json']);
    expect(readFileSync(at('m.json'), 'utf8')).toBe('old metrics');
    expect(readdirSync(at('model.json'))).toEqual(['inside']);
  });
});
