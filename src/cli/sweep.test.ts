/**
 * The sweep command as a person uses it: the real CLI in a child process, one fresh temp folder per
 * scenario, its stdout / stderr / exit code and the files it writes. Tiny nets and 50 steps keep it fast.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigStrict, type ExperimentConfig } from '../core/config';
import { unwritableFolder } from '../testing/folders';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const RUN_TIMEOUT_MS = 60_000;

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: 'sweep' | 'experiment', args: string[]): CliResult {
  const r = spawnSync(TSX, [`src/cli/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BASE = { data: { n: 200 }, model: { hidden: [8, 8] }, train: { steps: 50, batchSize: 64, seed: 3 } };

/** Fields of the experiment runner's metrics object (README); the exact match is the test against `experiment`. */
const METRIC_KEYS = [
  'trainAccuracy', 'testAccuracy', 'loss', 'testLoss', 'lipschitzBound', 'lipschitzEmpirical', 'certifiedAccuracy',
  'evaluatedOn', 'mcr', 'certificateViolations', 'boundaryResolution', 'gradientNorm', 'steps', 'seconds', 'msPerStep', 'backend', 'diverged',
];

interface Entry {
  config: ExperimentConfig;
  metrics: Record<string, unknown> & { steps: number; seconds: number; testAccuracy: number; mcr: number };
}

/** The data rows of the markdown table on stdout, as cells. */
function tableRows(stdout: string): string[][] {
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^\| config \| test acc \| cert@0\.1 /);
  expect(lines[1]).toMatch(/^\| --- \|/);
  return lines.slice(2).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '')));
}

describe('sweep CLI: --vary tau:0.5,10 on a tiny net', () => {
  let dir: string;
  let result: CliResult;
  let entries: Entry[];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lip-sweep-'));
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify(BASE));
    result = run('sweep', [path.join(dir, 'base.json'), '--vary', 'tau:0.5,10', '--out', path.join(dir, 'results.json'), '--backend', 'cpu']);
    if (result.status === 0) entries = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Entry[];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints one table row per value, named by its setting', () => {
    expect(result.status, result.stderr).toBe(0);
    const rows = tableRows(result.stdout);
    expect(rows.map((r) => r[0])).toEqual(['τ = 0.5', 'τ = 10']);
    expect(rows.every((r) => r.length === 17)).toBe(true);
    // The attack's columns: a mean flip distance and ratios to the certified radius, >= 1 when sound.
    for (const r of rows) {
      expect(Number(r[12])).toBeGreaterThan(0);
      expect(Number(r[13])).toBeGreaterThanOrEqual(0.999);
      expect(Number(r[14])).toBeGreaterThanOrEqual(Number(r[13]));
      expect(Number(r[15])).toBeGreaterThan(0); // ms per step
    }
    expect(result.stderr).toMatch(/^training 2 models: τ = 0\.5, τ = 10…$/m);
  });

  it('--out holds one {config, metrics} per value: the full base config but for loss.tau', () => {
    expect(entries).toHaveLength(2);
    const base = parseConfigStrict(BASE);
    expect(entries.map((e) => Object.keys(e).sort())).toEqual([['config', 'metrics'], ['config', 'metrics']]);
    expect(entries[0].config).toEqual({ ...base, loss: { ...base.loss, tau: 0.5 } });
    expect(entries[1].config).toEqual({ ...base, loss: { ...base.loss, tau: 10 } });
  });

  it("each entry's metrics are the experiment runner's object, with the steps asked for; the models differ", () => {
    for (const e of entries) {
      for (const key of METRIC_KEYS) expect(e.metrics).toHaveProperty(key);
      expect(e.metrics.steps).toBe(50);
      expect(e.metrics.backend).toBe('cpu');
    }
    expect(entries[0].metrics.mcr).not.toBe(entries[1].metrics.mcr);
  });

  it('an entry equals `npm run experiment` on its config (same data, same seeds), but for the timings', () => {
    writeFileSync(path.join(dir, 'tau10.json'), JSON.stringify(entries[1].config));
    const single = run('experiment', [path.join(dir, 'tau10.json'), '--quiet', '--backend', 'cpu']);
    expect(single.status, single.stderr).toBe(0);
    const { seconds: a, msPerStep: ma, ...alone } = JSON.parse(single.stdout) as Entry['metrics'];
    const { seconds: b, msPerStep: mb, ...swept } = entries[1].metrics;
    expect([ma, mb].every((m) => typeof m === 'number' && m > 0)).toBe(true);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(swept).toEqual(alone);
  });
});

describe('sweep CLI: the multi-file form still works', () => {
  it('runs each file, names rows by file, writes [{name, ...metrics}]', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lip-sweep-'));
    try {
      const tiny = { ...BASE, train: { ...BASE.train, steps: 5 } };
      writeFileSync(path.join(dir, 'a.json'), JSON.stringify(tiny));
      writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ ...tiny, loss: { tau: 1 } }));
      const out = path.join(dir, 'r.json');
      const r = run('sweep', [path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--out', out, '--backend', 'cpu']);
      expect(r.status, r.stderr).toBe(0);
      expect(tableRows(r.stdout).map((row) => row[0])).toEqual(['a', 'b']);
      const written = JSON.parse(readFileSync(out, 'utf8')) as { name: string; steps: number }[];
      expect(written.map((w) => [w.name, w.steps])).toEqual([['a', 5], ['b', 5]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file name with a newline or a bar: escaped in the table (one row per line), kept as it is in --out', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lip-sweep-'));
    try {
      const name = 'two\nlines|x';
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ ...BASE, train: { ...BASE.train, steps: 5 } }));
      const out = path.join(dir, 'r.json');
      const r = run('sweep', [path.join(dir, `${name}.json`), '--out', out, '--backend', 'cpu']);
      expect(r.status, r.stderr).toBe(0);
      expect(tableRows(r.stdout).map((row) => row[0])).toEqual(['two\\nlines\\|x']);
      expect(r.stderr).toContain('training 1 models: two\\nlines|x…\n');
      expect((JSON.parse(readFileSync(out, 'utf8')) as { name: string }[])[0].name).toBe(name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sweep CLI: bad --vary exits 2 with one line on stderr, nothing on stdout, no file written', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lip-sweep-'));
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify(BASE));
    writeFileSync(path.join(dir, 'odd.json'), JSON.stringify({ ...BASE, model: { activation: 'relu', hidden: [7] } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Runs `sweep base.json ...args --out results.json` (without that --out when `withOut` is false); checks
   * the error contract and returns the line.
   */
  function usageError(args: string[], base = 'base.json', withOut = true): string {
    const before = readdirSync(dir).sort();
    const r = run('sweep', [path.join(dir, base), ...args, ...(withOut ? ['--out', path.join(dir, 'results.json')] : [])]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sweep: [^\n]+\n$/);
    expect(readdirSync(dir).sort()).toEqual(before);
    return r.stderr.trim();
  }

  it.each([
    ['an unknown key', 'temperature:1,2', /^sweep: --vary: unknown sweep key "temperature" \(expected one of tau, /],
    ['a bad number', 'tau:0.5,ten', /^sweep: --vary: tau: "ten" is not a number$/],
    ['a value outside the limits', 'lr:0.01,20', /^sweep: --vary: lr: must be between 1e-7 and 10, got 20$/],
    ['a name the field does not allow', 'model:lipschitz,resnet', /^sweep: --vary: model: must be one of lipschitz, standard, got "resnet"$/],
    ['N out of range', 'tau:0.1..100/40', /^sweep: --vary: tau: N in A\.\.B\/N must be an integer from 2 to 16, got "40"$/],
    ['duplicates', 'loss.tau:1,1.0', /^sweep: --vary: tau: 1 appears twice$/],
    ['an empty list', 'tau:', /^sweep: --vary: tau: no values/],
    ['too many values', `tseed:${Array.from({ length: 17 }, (_, i) => i).join(',')}`, /^sweep: --vary: tseed: 17 values; a sweep has at most 16$/],
  ])('%s', (_, vary, message) => {
    expect(usageError(['--vary', vary])).toMatch(message);
  });

  it('a value the base cannot take: names the value and the field', () => {
    expect(usageError(['--vary', 'act:relu,groupsort2'], 'odd.json')).toBe(
      'sweep: --vary: activation = groupsort2: model.hidden: groupsort2 pairs neighbouring units, so every width must be even; layer 1 has 7',
    );
  });

  it('--out into a folder this process cannot write: refused before training', () => {
    const ro = unwritableFolder(dir);
    try {
      if (!ro) return expect.fail('no unwritable folder on this machine (tried mode 555 and /sys)');
      const blocked = path.join(ro.dir, 'lip-playground-results.json');
      const before = readdirSync(dir).sort();
      const r = run('sweep', [path.join(dir, 'base.json'), '--vary', 'tau:1,2', '--out', blocked]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sweep: --out: cannot write in folder ".*": (permission denied|read-only file system)\n$/);
      expect(existsSync(blocked)).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(before);
    } finally {
      ro?.restore();
    }
  });

  it('--out onto a config file, into a missing folder, or onto a folder', () => {
    expect(usageError([path.join(dir, 'odd.json'), '--out', path.join(dir, 'odd.json')], 'base.json', false)).toMatch(
      /^sweep: --out: ".*odd\.json" is an input config file; it would be overwritten$/,
    );
    expect(usageError(['--vary', 'tau:1,2', '--out', path.join(dir, 'nowhere', 'r.json')], 'base.json', false)).toMatch(
      /^sweep: --out: folder does not exist: ".*nowhere"$/,
    );
    mkdirSync(path.join(dir, 'folder.json'));
    try {
      expect(usageError(['--vary', 'tau:1,2', '--out', path.join(dir, 'folder.json')], 'base.json', false)).toMatch(
        /^sweep: --out: ".*folder\.json" is a folder$/,
      );
    } finally {
      rmSync(path.join(dir, 'folder.json'), { recursive: true });
    }
  });

  it('a config that cannot be read (a folder) says so, not "invalid JSON"', () => {
    expect(usageError(['--vary', 'tau:1,2'], '.')).toMatch(/^sweep: cannot read config file ".*": it is a folder$/);
  });

  it('--vary without a value, twice, or with two config files', () => {
    expect(usageError(['--vary'])).toMatch(/^sweep: --vary needs a value/);
    expect(usageError(['--vary', 'tau:1,2', '--vary', 'lr:0.1'])).toBe('sweep: --vary given twice: a sweep varies one key');
    expect(usageError([path.join(dir, 'base.json'), '--vary', 'tau:1,2'])).toMatch(/^sweep: --vary takes one base config, got 2 files/);
  });
});
