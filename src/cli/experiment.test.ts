/**
 * The headless runner as a person uses it: the real CLI in a child process, one fresh temp folder per
 * scenario, its stdout / stderr / exit code and the files it writes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifiedAccuracy } from '../analysis/certificates';
import { generateDataset } from '../data/split';
import type { PointSet } from '../core/geometry';
import { forwardMlpJson, type MlpJson } from '../lip/export';
import { parseConfigStrict } from '../core/config';
import { useNodeBackend } from '../backend/node';
import { unwritableFolder } from '../testing/folders';
import { boxPoints } from '../testing/support';
import { Trainer } from '../train/trainer';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const RUN_TIMEOUT_MS = 60_000;

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx src/cli/experiment.ts ...args` from the repo root and waits for it. */
function runCli(args: string[]): CliResult {
  const r = spawnSync(TSX, ['src/cli/experiment.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freshDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'lip-experiment-'));
}

function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const SMALL_CONFIG = {
  v: 1,
  data: { name: 'moons', n: 300 },
  model: { hidden: [16, 16] },
  train: { steps: 150, batchSize: 64 },
};

const STANDARD_CONFIG = {
  ...SMALL_CONFIG,
  model: { kind: 'standard', activation: 'relu', hidden: [16, 16] },
  loss: { name: 'bce' },
};

const METRIC_KEYS = [
  'trainAccuracy',
  'testAccuracy',
  'loss',
  'testLoss',
  'lipschitzBound',
  'lipschitzEmpirical',
  'certifiedAccuracy',
  'certifiedAccuracyPaperAxis',
  'mcr',
  'certificateViolations',
  'attack',
  'steps',
  'seconds',
  'msPerStep',
  'backend',
];

type Metrics = Record<string, unknown> & {
  trainAccuracy: number;
  testAccuracy: number;
  lipschitzBound: number;
  lipschitzEmpirical: number;
  certifiedAccuracy: Record<string, number>;
};

/** stdout must be exactly one JSON object (JSON.parse rejects two concatenated documents). */
function parseMetrics(stdout: string): Metrics {
  const value: unknown = JSON.parse(stdout);
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Metrics;
}

/** Max over pairs of |f(a) - f(b)| / |a - b|: far pairs of random points, and close pairs (a, a + 1e-3 d). */
function empiricalSlope(mlp: MlpJson, half: number): number {
  const p = boxPoints(500, half, 11);
  const d = boxPoints(250, 1e-3, 12);
  const f = (i: number, dx = 0, dy = 0) => forwardMlpJson(mlp, p[2 * i] + dx, p[2 * i + 1] + dy);
  let slope = 0;
  for (let k = 0; k < 250; k++) {
    const a = 2 * k;
    const b = 2 * k + 1;
    const far = Math.abs(f(a) - f(b)) / Math.hypot(p[2 * a] - p[2 * b], p[2 * a + 1] - p[2 * b + 1]);
    const near = Math.abs(f(a) - f(a, d[2 * k], d[2 * k + 1])) / Math.hypot(d[2 * k], d[2 * k + 1]);
    slope = Math.max(slope, far, near);
  }
  return slope;
}

/** The model's outputs on a set of points. */
function outputs(mlp: MlpJson, set: PointSet): Float32Array {
  return Float32Array.from({ length: set.labels.length }, (_, i) => forwardMlpJson(mlp, set.xy[2 * i], set.xy[2 * i + 1]));
}

/** Checks the MlpJson layout: dense, activation, dense, ..., dense; weights `in` rows of `out` numbers. */
function expectMlpLayout(mlp: MlpJson, hidden: number[], activation: string): void {
  expect(mlp.format).toBe('lipschitz-playground/mlp');
  expect(mlp.version).toBe(1);
  expect(mlp.input).toBe(2);
  expect(mlp.layers.length).toBe(2 * hidden.length + 1);
  const widths = [...hidden, 1];
  let inputs = 2;
  mlp.layers.forEach((layer, i) => {
    if (i % 2 === 1) {
      expect(layer).toEqual({ type: 'activation', name: activation });
      return;
    }
    if (layer.type !== 'dense') return expect.fail(`layer ${i} should be dense`);
    const outs = widths[i / 2];
    expect(layer.weights.length, `rows of layer ${i}`).toBe(inputs);
    for (const row of layer.weights) {
      expect(row.length).toBe(outs);
      expect(row.every(Number.isFinite)).toBe(true);
    }
    expect(layer.bias.length).toBe(outs);
    expect(layer.bias.every(Number.isFinite)).toBe(true);
    inputs = outs;
  });
}

describe('experiment CLI: a small 1-Lipschitz run with --quiet, --out and --save-model', () => {
  let dir: string;
  let run: CliResult;
  let metrics: Metrics;
  let outFile: string;
  let modelFile: string;

  beforeAll(() => {
    dir = freshDir();
    const config = writeJson(dir, 'config.json', SMALL_CONFIG);
    outFile = path.join(dir, 'metrics.json');
    modelFile = path.join(dir, 'model.json');
    run = runCli([config, '--quiet', '--out', outFile, '--save-model', modelFile]);
    if (run.status === 0) metrics = parseMetrics(run.stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints one JSON object with every metric on stdout, no progress on stderr', () => {
    expect(run.status, run.stderr).toBe(0);
    for (const key of METRIC_KEYS) expect(metrics).toHaveProperty(key);
    expect(metrics.steps).toBe(150);
    expect(metrics.backend).toBe('wasm');
    expect(metrics.seconds).toBeGreaterThan(0);
    for (const key of ['trainAccuracy', 'testAccuracy', 'loss', 'testLoss', 'lipschitzBound', 'lipschitzEmpirical', 'mcr']) {
      expect(Number.isFinite(metrics[key]), key).toBe(true);
    }
    expect(Number.isInteger(metrics.certificateViolations)).toBe(true);
    expect(run.stderr).not.toMatch(/^step /m);
  });

  it('--out holds the same JSON as stdout', () => {
    expect(readFileSync(outFile, 'utf8')).toBe(run.stdout);
  });

  it('certified accuracy: keys 0 .. 0.5 present, values in [0, 1], non-increasing in eps, and at 0 the test accuracy', () => {
    const curve = metrics.certifiedAccuracy;
    for (const key of ['0', '0.05', '0.1', '0.2', '0.5']) expect(curve).toHaveProperty(key);
    const entries = Object.entries(curve).sort(([a], [b]) => Number(a) - Number(b));
    for (const [eps, acc] of entries) {
      expect(acc, `eps ${eps}`).toBeGreaterThanOrEqual(0);
      expect(acc, `eps ${eps}`).toBeLessThanOrEqual(1);
    }
    for (let i = 1; i < entries.length; i++) expect(entries[i][1], `eps ${entries[i][0]}`).toBeLessThanOrEqual(entries[i - 1][1]);
    expect(curve['0']).toBe(metrics.testAccuracy);
  });

  it('the empirical Lipschitz estimate does not exceed the bound, which is L = 1', () => {
    expect(metrics.lipschitzEmpirical).toBeLessThanOrEqual(metrics.lipschitzBound * (1 + 1e-3));
    expect(metrics.lipschitzBound).toBeCloseTo(1, 2);
  });

  it('the attack: over the correctly classified test points, no flip closer than the certified radius', () => {
    const attack = metrics.attack as { points: number; fractionFlipped: number; minRatio: number; medianRatio: number; precision: number };
    expect(attack.points).toBeGreaterThan(0);
    expect(attack.points).toBeLessThanOrEqual(75); // the test points (a quarter of 300)
    expect(attack.fractionFlipped).toBeGreaterThan(0.9);
    expect(attack.minRatio).toBeGreaterThanOrEqual(1 - 1e-3);
    expect(attack.medianRatio).toBeGreaterThanOrEqual(attack.minRatio);
    expect(attack.precision).toBeGreaterThan(0);
  });

  it('the saved model is a plain MLP file: dense / groupsort2 alternating, weights as in rows of out numbers, lipschitz 1', () => {
    const mlp = JSON.parse(readFileSync(modelFile, 'utf8')) as MlpJson;
    expectMlpLayout(mlp, [16, 16], 'groupsort2');
    expect(mlp.lipschitz).toBe(1);
  });

  it('the saved model is 1-Lipschitz on random pairs: |f(a) - f(b)| <= |a - b| (1 + 1e-3)', () => {
    const mlp = JSON.parse(readFileSync(modelFile, 'utf8')) as MlpJson;
    expect(empiricalSlope(mlp, 3)).toBeLessThanOrEqual(1 + 1e-3);
  });

  it("a one-logit net's paper axis is certified accuracy with L_bound replaced by 1 (here L_bound = 1 to 1e-3: nearly the same)", () => {
    const paper = (metrics as Metrics & { certifiedAccuracyPaperAxis: Record<string, number> }).certifiedAccuracyPaperAxis;
    const mlp = JSON.parse(readFileSync(modelFile, 'utf8')) as MlpJson;
    const { test } = generateDataset(parseConfigStrict(SMALL_CONFIG).data);
    const fTest = outputs(mlp, test);
    expect(Object.keys(paper)).toEqual(Object.keys(metrics.certifiedAccuracy));
    for (const [eps, acc] of Object.entries(paper)) {
      expect(Math.abs(certifiedAccuracy(fTest, test.labels, 1, Number(eps)) - acc), `eps ${eps}`).toBeLessThanOrEqual(1 / test.labels.length + 1e-12);
      expect(Math.abs(acc - metrics.certifiedAccuracy[eps]), `eps ${eps}`).toBeLessThanOrEqual(2 / test.labels.length + 1e-12);
    }
  });

  it('the saved model reproduces the reported accuracies and certified accuracy (to one point)', () => {
    const mlp = JSON.parse(readFileSync(modelFile, 'utf8')) as MlpJson;
    const { train, test } = generateDataset(parseConfigStrict(SMALL_CONFIG).data);
    const trainAccuracy = certifiedAccuracy(outputs(mlp, train), train.labels, 1, 0);
    expect(Math.abs(trainAccuracy - metrics.trainAccuracy)).toBeLessThanOrEqual(1 / train.labels.length + 1e-12);
    const onePoint = 1 / test.labels.length + 1e-12;
    const fTest = outputs(mlp, test);
    for (const [eps, acc] of Object.entries(metrics.certifiedAccuracy)) {
      const mine = certifiedAccuracy(fTest, test.labels, metrics.lipschitzBound, Number(eps));
      expect(Math.abs(mine - acc), `eps ${eps}`).toBeLessThanOrEqual(onePoint);
    }
  });
});

describe("experiment CLI: the paper's two-logit head", () => {
  const TWO_LOGIT_CONFIG = { ...SMALL_CONFIG, model: { hidden: [16, 16], head: 'two-logit' } };
  let dir: string;
  let run: CliResult;
  let metrics: Metrics & { certifiedAccuracyPaperAxis: Record<string, number> };
  let mlp: MlpJson;

  beforeAll(() => {
    dir = freshDir();
    const config = writeJson(dir, 'config.json', TWO_LOGIT_CONFIG);
    const modelFile = path.join(dir, 'model.json');
    run = runCli([config, '--quiet', '--save-model', modelFile]);
    if (run.status === 0) {
      metrics = parseMetrics(run.stdout) as typeof metrics;
      mlp = JSON.parse(readFileSync(modelFile, 'utf8')) as MlpJson;
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the sound bound of f0 - f1 (|w0 - w1|, between 1 and 2 here) and the empirical slope stays under it', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(metrics.lipschitzBound).toBeGreaterThan(1);
    expect(metrics.lipschitzBound).toBeLessThanOrEqual(2 * (1 + 1e-3));
    expect(metrics.lipschitzEmpirical).toBeLessThanOrEqual(metrics.lipschitzBound * (1 + 1e-3));
    expect(empiricalSlope(mlp, 3)).toBeLessThanOrEqual(metrics.lipschitzBound * (1 + 1e-3));
    expect((metrics.attack as { minRatio: number }).minRatio).toBeGreaterThanOrEqual(1 - 1e-3);
  });

  it('saves the score as a one-output MLP that reproduces the sound and the paper-axis certified accuracies', () => {
    expectMlpLayout(mlp, [16, 16], 'groupsort2');
    const { test } = generateDataset(parseConfigStrict(TWO_LOGIT_CONFIG).data);
    const fTest = outputs(mlp, test);
    const onePoint = 1 / test.labels.length + 1e-12;
    for (const [eps, acc] of Object.entries(metrics.certifiedAccuracy)) {
      expect(Math.abs(certifiedAccuracy(fTest, test.labels, metrics.lipschitzBound, Number(eps)) - acc), `eps ${eps}`).toBeLessThanOrEqual(onePoint);
    }
    // The paper's axis divides by nothing: the raw margin y (f0 - f1) > eps.
    for (const [eps, acc] of Object.entries(metrics.certifiedAccuracyPaperAxis)) {
      expect(Math.abs(certifiedAccuracy(fTest, test.labels, 1, Number(eps)) - acc), `eps ${eps}`).toBeLessThanOrEqual(onePoint);
      expect(acc, `eps ${eps}`).toBeGreaterThanOrEqual(metrics.certifiedAccuracy[eps]);
    }
    expect(metrics.certifiedAccuracyPaperAxis['0']).toBe(metrics.testAccuracy);
    // With a bound above 1 the raw margin certifies more somewhere: the two axes differ.
    expect(Object.keys(metrics.certifiedAccuracy).some((eps) => metrics.certifiedAccuracyPaperAxis[eps] > metrics.certifiedAccuracy[eps])).toBe(true);
  });
});

describe('experiment CLI: a standard (unconstrained) net on the cpu backend, with progress', () => {
  let dir: string;
  let run: CliResult;
  let modelFile: string;

  beforeAll(() => {
    dir = freshDir();
    const config = writeJson(dir, 'config.json', STANDARD_CONFIG);
    modelFile = path.join(dir, 'model.json');
    run = runCli([config, '--backend', 'cpu', '--save-model', modelFile]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0; progress goes to stderr and stdout is still one JSON object', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^step 100: loss /m);
    expect(run.stderr).toMatch(/^step 150: loss \d+\.\d{4} \(test \d+\.\d{4}\), train [\d.]+%, test [\d.]+%$/m);
    expect(run.stderr).toMatch(/^attack on \d+ correctly classified points: [\d.]+% flipped, mean distance [\d.]+, distance \/ certified radius min [\d.e+]+, median [\d.e+]+$/m);
    const metrics = parseMetrics(run.stdout);
    expect(metrics.backend).toBe('cpu');
    expect(metrics.steps).toBe(150);
  });

  it('the bound (product of spectral norms) is at least the empirical estimate', () => {
    const metrics = parseMetrics(run.stdout);
    expect(metrics.lipschitzBound).toBeGreaterThanOrEqual(metrics.lipschitzEmpirical);
    expect(metrics.certifiedAccuracy['0']).toBe(metrics.testAccuracy);
  });

  it('the saved model has lipschitz null, relu layers, and its slope on random pairs stays under the bound', () => {
    const metrics = parseMetrics(run.stdout);
    const mlp = JSON.parse(readFileSync(modelFile, 'utf8')) as MlpJson;
    expect(mlp.lipschitz).toBeNull();
    expectMlpLayout(mlp, [16, 16], 'relu');
    expect(empiricalSlope(mlp, 3)).toBeLessThanOrEqual(metrics.lipschitzBound * (1 + 1e-3));
  });
});

describe('experiment CLI: a one-class user dataset', () => {
  it('trains (exit 0) and warns on stderr that there is no boundary to learn', () => {
    const dir = freshDir();
    try {
      const config = writeJson(dir, 'one.json', { data: { name: 'user', points: [[0.2, 0.3, 1], [0.5, -0.1, 1]], testFraction: 0 }, train: { steps: 5 } });
      const run = runCli([config, '--backend', 'cpu']);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^warning: every user point has label 1: one class, so there is no boundary to learn$/m);
      expect(parseMetrics(run.stdout).testAccuracy).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('experiment CLI: errors exit 2 with one line on stderr, nothing on stdout, no file written', () => {
  /**
   * Runs the CLI in a fresh folder holding only the given files (null: a folder), with --out and
   * --save-model into that folder unless `outputs` is false; returns stderr after checking the error contract.
   */
  function expectUsageError(files: Record<string, string | null>, args: (dir: string) => string[], outputs = true): string {
    const dir = freshDir();
    try {
      for (const [name, text] of Object.entries(files)) {
        if (text === null) mkdirSync(path.join(dir, name));
        else writeFileSync(path.join(dir, name), text);
      }
      const before = readdirSync(dir).sort();
      const extra = outputs ? ['--out', path.join(dir, 'metrics.json'), '--save-model', path.join(dir, 'model.json')] : [];
      const run = runCli([...args(dir), ...extra]);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^experiment: [^\n]+\n$/);
      expect(readdirSync(dir).sort()).toEqual(before);
      return run.stderr;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const valid = { 'config.json': JSON.stringify(SMALL_CONFIG) };

  it('no config path: prints the usage', () => {
    expect(expectUsageError({}, () => [])).toMatch(/usage: .*CONFIG\.json/);
  });

  it('two config paths', () => {
    expect(expectUsageError(valid, (d) => [path.join(d, 'config.json'), path.join(d, 'config.json')])).toMatch(/one config file, got 2/);
  });

  it('a config file that does not exist: cannot read it, names the path', () => {
    expect(expectUsageError({}, (d) => [path.join(d, 'missing.json')])).toMatch(/^experiment: cannot read config file ".*missing\.json": no such file or folder\n$/);
  });

  it('a folder as the config: cannot read it (not "invalid JSON")', () => {
    expect(expectUsageError({ 'folder.json': null }, (d) => [path.join(d, 'folder.json')])).toMatch(
      /^experiment: cannot read config file ".*folder\.json": it is a folder\n$/,
    );
  });

  it('a config path through a file: cannot read it', () => {
    expect(expectUsageError(valid, (d) => [path.join(d, 'config.json', 'c.json')])).toMatch(
      /^experiment: cannot read config file ".*config\.json\/c\.json": a part of the path is not a folder\n$/,
    );
  });

  it.skipIf(process.getuid?.() === 0)('a config file without read permission (not testable as root): cannot read it', () => {
    const stderr = expectUsageError(valid, (d) => {
      chmodSync(path.join(d, 'config.json'), 0o000);
      return [path.join(d, 'config.json')];
    });
    expect(stderr).toMatch(/^experiment: cannot read config file ".*config\.json": permission denied\n$/);
  });

  it('invalid JSON, even over several lines: the parser\'s excerpt is escaped onto the one line, not cut', () => {
    expect(expectUsageError({ 'bad.json': '{\n  data: 1\n}\n' }, (d) => [path.join(d, 'bad.json')])).toMatch(/bad\.json" is not valid JSON/);
    expect(expectUsageError({ 'empty.json': '' }, (d) => [path.join(d, 'empty.json')])).toMatch(/not valid JSON/);
    const excerpt = expectUsageError({ 'list.json': '[1,\n2,,\n3]' }, (d) => [path.join(d, 'list.json')]);
    expect(excerpt).toContain('"[1,\\n2,,\\n3]" is not valid JSON');
  });

  it('newlines in a path or an option: quoted and escaped, the message stays one line', () => {
    expect(expectUsageError({}, (d) => [path.join(d, 'two\nlines.json')])).toMatch(/^experiment: cannot read config file ".*two\\nlines\.json": no such file/);
    const real = { 'a\nb.json': '{"data": 1}' };
    expect(expectUsageError(real, (d) => [path.join(d, 'a\nb.json')])).toMatch(/^experiment: ".*a\\nb\.json": invalid configuration: data: /);
    const out = expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--out', path.join(d, 'x\ny', 'm.json')], false);
    expect(out).toMatch(/^experiment: --out: folder does not exist: ".*x\\ny"\n$/);
    expect(expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--frob\nnicate\r\u2028'])).toContain(
      'unknown option "--frob\\nnicate\\r\\u2028"',
    );
  });

  it('an unknown key: names its dotted path', () => {
    const files = { 'c.json': JSON.stringify({ ...SMALL_CONFIG, loss: { temperature: 3 } }) };
    expect(expectUsageError(files, (d) => [path.join(d, 'c.json')])).toMatch(/invalid configuration: loss\.temperature: unknown key/);
  });

  it('an out-of-range value: names the field and the value', () => {
    const files = { 'c.json': JSON.stringify({ ...SMALL_CONFIG, train: { steps: 150, lr: 0 } }) };
    expect(expectUsageError(files, (d) => [path.join(d, 'c.json')])).toMatch(/train\.lr: must be between .* got 0/);
  });

  it('several bad fields: all named on the one line', () => {
    const files = { 'c.json': JSON.stringify({ data: { name: 'spirals', n: 2 }, model: { activation: 'gelu' } }) };
    const stderr = expectUsageError(files, (d) => [path.join(d, 'c.json')]);
    for (const p of ['data.name', 'data.n', 'model.activation']) expect(stderr).toContain(`${p}: `);
  });

  it('a script as dataset name: rejected, quoted', () => {
    const files = { 'c.json': JSON.stringify({ data: { name: '<script>alert(1)</script>' } }) };
    const stderr = expectUsageError(files, (d) => [path.join(d, 'c.json')]);
    expect(stderr).toContain('data.name: must be one of');
    expect(stderr).toContain('got "<script>alert(1)</script>"');
  });

  it('--out or --save-model into a folder that does not exist', () => {
    const out = expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--out', path.join(d, 'nowhere', 'm.json')], false);
    expect(out).toMatch(/--out: folder does not exist: ".*nowhere"/);
    const model = expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--save-model', path.join(d, 'nowhere', 'm.json')], false);
    expect(model).toMatch(/--save-model: folder does not exist: ".*nowhere"/);
  });

  it('--out into a path through a file, or onto a folder', () => {
    const through = expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--out', path.join(d, 'config.json', 'm.json')], false);
    expect(through).toMatch(/^experiment: --out: ".*config\.json" is not a folder\n$/);
    const folder = expectUsageError({ ...valid, sub: null }, (d) => [path.join(d, 'config.json'), '--save-model', path.join(d, 'sub')], false);
    expect(folder).toMatch(/^experiment: --save-model: ".*sub" is a folder\n$/);
  });

  it('--out and --save-model naming one file, or an output onto the config itself', () => {
    const same = expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--out', path.join(d, 'x.json'), '--save-model', path.join(d, '.', 'x.json')], false);
    expect(same).toMatch(/^experiment: --out and --save-model name the same file ".*x\.json"\n$/);
    const config = expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--out', path.join(d, 'config.json')], false);
    expect(config).toMatch(/^experiment: --out: ".*config\.json" is an input config file; it would be overwritten\n$/);
  });

  /** A valid run whose `flag` output goes into a folder this process cannot write: refused before training. */
  function intoUnwritable(flag: '--out' | '--save-model'): void {
    const spare = freshDir();
    const ro = unwritableFolder(spare);
    try {
      if (!ro) return expect.fail('no unwritable folder on this machine (tried mode 555 and /sys)');
      const blocked = path.join(ro.dir, 'lip-playground-output.json');
      const stderr = expectUsageError(valid, (d) => {
        const other = flag === '--out' ? '--save-model' : '--out';
        return [path.join(d, 'config.json'), other, path.join(d, 'other.json'), flag, blocked];
      }, false);
      expect(stderr).toMatch(new RegExp(`^experiment: ${flag}: cannot write in folder ".*": (permission denied|read-only file system)\\n$`));
      expect(existsSync(blocked)).toBe(false);
    } finally {
      ro?.restore();
      rmSync(spare, { recursive: true, force: true });
    }
  }

  it('--save-model into a read-only folder: exit 2, one line, and the --out file is not written either', () => {
    intoUnwritable('--save-model');
  });

  it('--out into a read-only folder: exit 2, one line, and the model file is not written either', () => {
    intoUnwritable('--out');
  });

  it('an unknown flag', () => {
    expect(expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--frobnicate'])).toMatch(/unknown option "--frobnicate"/);
  });

  it('--backend gpu', () => {
    expect(expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--backend', 'gpu'])).toMatch(/--backend must be wasm or cpu, got "gpu"/);
  });

  it('a flag without its value', () => {
    expect(expectUsageError(valid, (d) => [path.join(d, 'config.json'), '--out'], false)).toMatch(/--out needs a value/);
  });
});

describe('experiment CLI: a diverging run', () => {
  // The default data and widths, a standard ReLU net, plain SGD at lr 10: diverges within a few steps.
  const EXPLODING = {
    v: 1,
    model: { kind: 'standard', activation: 'relu' },
    loss: { name: 'bce' },
    train: { optimizer: 'sgd', lr: 10, steps: 300 },
  };

  /** The first step whose batch loss is not finite, in this process: one step, one read-back at a time. */
  async function firstNonFiniteStep(): Promise<number> {
    await useNodeBackend('wasm');
    const config = parseConfigStrict(EXPLODING);
    const trainer = new Trainer(config, generateDataset(config.data), { checkTolerance: false });
    try {
      while (trainer.step < config.train.steps) if (!Number.isFinite(await trainer.runSteps(1))) return trainer.step;
      return expect.fail('the config did not diverge');
    } finally {
      trainer.dispose();
    }
  }

  it('reports the step at which it diverged (the first non-finite loss), not the end of its chunk of 100', async () => {
    const dir = freshDir();
    try {
      const expected = await firstNonFiniteStep();
      expect(expected % 100).not.toBe(0);
      const out = path.join(dir, 'metrics.json');
      const run = runCli([writeJson(dir, 'config.json', EXPLODING), '--quiet', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      const metrics = parseMetrics(run.stdout);
      expect(metrics.diverged).toBe(true);
      expect(metrics.steps).toBe(expected);
      expect(run.stderr).toContain(`training diverged at step ${expected} (non-finite loss)`);
      expect(readFileSync(out, 'utf8')).toBe(run.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('experiment CLI: determinism', () => {
  it('the same config twice gives identical metrics (except the timings) and an identical model file', () => {
    const dir = freshDir();
    try {
      const config = writeJson(dir, 'config.json', SMALL_CONFIG);
      const runs = [1, 2].map((k) => {
        const modelFile = path.join(dir, `model${k}.json`);
        const run = runCli([config, '--quiet', '--save-model', modelFile]);
        expect(run.status, run.stderr).toBe(0);
        const { seconds, msPerStep, ...rest } = parseMetrics(run.stdout);
        expect(seconds).toBeGreaterThan(0);
        expect(msPerStep).toBeGreaterThan(0);
        return { metrics: rest, model: readFileSync(modelFile, 'utf8') };
      });
      expect(runs[1].metrics).toEqual(runs[0].metrics);
      expect(runs[1].model).toBe(runs[0].model);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
