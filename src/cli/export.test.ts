/**
 * `npm run export` as a person uses it: the real CLI in a child process on model files trained here, its
 * stdout / stderr / exit code and the files it writes. The plain PyTorch script of the default model, of
 * a standard net and of sll and cpl nets (model files of version 2) runs under Debian's Python and gives the
 * model file's f on 100 points to 1e-5 (skipped,
 * with the reason in the test's name, where /usr/bin/python3 or its torch is missing; CI installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { pythonScript } from '../bridge/python';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { forwardMlpJson, type MlpJson } from '../core/mlpJson';
import { generateDataset } from '../data/split';
import { exportMlp } from '../lip/export';
import { handMadeResidualMlp, pythonMissing, runPython, scriptF } from '../testing/python';
import { boxPoints } from '../testing/support';
import { Trainer } from '../train/trainer';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const RUN_TIMEOUT_MS = 60_000;

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['src/cli/export.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lip-export-'));
  dirs.push(dir);
  return dir;
}

/** The default configuration, shorter; a standard relu net trained with bce; a net of sll or cpl residual blocks. */
function config(kind: 'default' | 'standard' | 'sll' | 'cpl'): ExperimentConfig {
  const c = structuredClone(DEFAULT_CONFIG);
  c.data.n = 300;
  c.train.steps = 40;
  if (kind === 'standard') {
    c.model = { ...c.model, kind: 'standard', activation: 'relu', hidden: [32, 32] };
    c.loss.name = 'bce';
  }
  if (kind === 'sll' || kind === 'cpl') c.model = { ...c.model, layer: kind, activation: 'relu', hidden: [16, 16, 16] };
  return c;
}

/** Trains the configuration a few steps and writes its model file and config into a fresh folder. */
async function trainedFiles(cfg: ExperimentConfig): Promise<{ dir: string; model: string; config: string; mlp: MlpJson }> {
  const trainer = new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: true });
  await trainer.runSteps(cfg.train.steps);
  const mlp = JSON.parse(JSON.stringify(await exportMlp(trainer.model))) as MlpJson;
  trainer.dispose();
  const dir = freshDir();
  const model = path.join(dir, 'model.json');
  const configFile = path.join(dir, 'config.json');
  writeFileSync(model, JSON.stringify(mlp));
  writeFileSync(configFile, JSON.stringify(cfg));
  return { dir, model, config: configFile, mlp };
}

const noTorch = pythonMissing(true);

describe('npm run export', () => {
  beforeAll(() => useNodeBackend('wasm'));

  for (const kind of ['default', 'standard', 'sll', 'cpl'] as const) {
    describe.skipIf(noTorch !== '')(`the plain PyTorch script of the ${kind} model${noTorch ? ` (skipped: ${noTorch})` : ''}`, () => {
      it('gives the model file\'s f on 100 points to 1e-5, and its self-check passes', async () => {
        const files = await trainedFiles(config(kind));
        const out = path.join(files.dir, 'model_torch.py');
        const r = runCli([files.model, '--to', 'torch', '--config', files.config, '--out', out]);
        expect([r.status, r.stderr, r.stdout]).toEqual([0, '', '']);
        const xy = boxPoints(100, 2.5, 21);
        const f = scriptF(out, xy);
        const expected = Array.from({ length: 100 }, (_, i) => forwardMlpJson(files.mlp, xy[2 * i], xy[2 * i + 1]));
        expect(f).toHaveLength(100);
        expect(Math.max(...f.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
        expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.1); // f varies over the points
        const run = runPython([out]);
        expect(run.stdout).toContain('matches the playground');
        expect(run.status).toBe(0);
        if (kind === 'sll' || kind === 'cpl') {
          // Version 2, two residual blocks; the script's bound sees the blocks' structure (about 1, not about 3 each).
          expect([files.mlp.version, files.mlp.layers.map((l) => l.type).join(' ')]).toEqual([2, 'dense activation residual residual dense']);
          const bound = Number(/^Lipschitz bound \(product of spectral norms and residual block bounds\): ([\d.e+-]+);/.exec(run.stdout)?.[1]);
          expect(bound).toBeGreaterThan(0.5);
          expect(bound).toBeLessThan(1.01);
          const library = runCli([files.model, '--to', 'deel-lip', '--config', files.config]);
          expect([library.status, library.stdout, library.stderr]).toEqual([2, '', 'export: deel-lip has no residual layer of this kind: use --to torch, which holds the effective weights\n']);
        }
      });
    });
  }

  it('prints the script on stdout without --out: the page\'s script, from the same code path', async () => {
    const files = await trainedFiles(config('default'));
    const cfg = JSON.parse(readFileSync(files.config, 'utf8')) as ExperimentConfig;
    for (const to of ['torch', 'torchlip', 'deel-lip'] as const) {
      const r = runCli([files.model, '--to', to, '--config', files.config]);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(pythonScript({ flavour: to, model: files.mlp, config: cfg }));
    }
    expect(readdirSync(files.dir).sort()).toEqual(['config.json', 'model.json']);
  });

  it('embeds the playground\'s points for data scikit-learn cannot draw, and trains on the defaults without --config', async () => {
    const cfg = { ...config('default'), data: { ...config('default').data, name: 'xor' as const } };
    const files = await trainedFiles(cfg);
    const withConfig = runCli([files.model, '--to', 'deel-lip', '--config', files.config]);
    expect(withConfig.status).toBe(0);
    const { train } = generateDataset(cfg.data);
    expect(withConfig.stdout).toContain(`X_TRAIN = [\n    ${Array.from(train.xy.subarray(0, 4)).join(', ')},`);
    const alone = runCli([files.model, '--to', 'torchlip']);
    expect(alone.status).toBe(0);
    expect(alone.stdout).toContain("No configuration came with the model file: the data, loss and training settings are the playground's defaults.");
    expect(alone.stdout).toContain('make_moons(');
  });

  it('writes the plain PyTorch script of a model file with residual blocks (version 2)', () => {
    const dir = freshDir();
    const model = path.join(dir, 'residual.json');
    const mlp = handMadeResidualMlp({ width: 4, hidden: 4, blocks: 2, activation: 'tanh', lipschitz: null });
    writeFileSync(model, JSON.stringify(mlp));
    const r = runCli([model, '--to', 'torch']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(pythonScript({ flavour: 'torch', model: mlp }));
    expect(r.stdout).toContain('class Residual(torch.nn.Module):');
  });

  describe('refuses bad input: one line, exit 2, nothing written', () => {
    let files: { dir: string; model: string; config: string };
    beforeAll(async () => {
      files = await trainedFiles(config('standard'));
      writeFileSync(path.join(files.dir, 'other.json'), JSON.stringify({ v: 1, model: { hidden: [8] } }));
      writeFileSync(path.join(files.dir, 'bad.json'), '{"format": "lipschitz-playground/mlp", "version": 1, "input": 2, "lipschitz": 1, "layers": [{"type": "dense", "weights": [[1], [2]], "bias": [0, 1]}]}');
      writeFileSync(path.join(files.dir, 'text.json'), 'not json');
      const residual = handMadeResidualMlp({ width: 4, hidden: 4, blocks: 2, activation: 'relu', lipschitz: 1 });
      writeFileSync(path.join(files.dir, 'residual.json'), JSON.stringify(residual));
      (residual.layers[3] as { activation: string }).activation = 'swish';
      writeFileSync(path.join(files.dir, 'bad-residual.json'), JSON.stringify(residual));
    });
    const at = (name: string) => path.join(files.dir, name);

    const cases: [string, () => string[], RegExp][] = [
      ['no arguments', () => [], /^export: usage: npm run export -- MODEL\.json --to torch\|torchlip\|deel-lip/],
      ['no --to', () => [at('model.json')], /^export: --to is required; usage:/],
      ['an unknown flavour', () => [at('model.json'), '--to', 'keras'], /^export: --to must be one of torch, torchlip, deel-lip, got "keras"$/],
      ['an unknown option', () => [at('model.json'), '--to', 'torch', '--weights'], /^export: unknown option "--weights"; usage:/],
      ['two model files', () => [at('model.json'), at('model.json'), '--to', 'torch'], /^export: expected one model file, got 2; usage:/],
      ['a missing model file', () => [at('nothing.json'), '--to', 'torch'], /^export: cannot read model file ".*nothing\.json": no such file or folder$/],
      ['a model file that is not JSON', () => [at('text.json'), '--to', 'torch'], /^export: model file ".*text\.json" is not valid JSON: /],
      ['a config given as the model', () => [at('config.json'), '--to', 'torch'], /^export: model file ".*config\.json": format must be "lipschitz-playground\/mlp", got undefined$/],
      ['a malformed model', () => [at('bad.json'), '--to', 'torch'], /^export: model file ".*bad\.json": layer 0: weights row 0 must hold 2 numbers \(one per output, as the bias\)$/],
      ['a config of another net', () => [at('model.json'), '--to', 'torch', '--config', at('other.json')], /^export: the model file and the config disagree: the model file holds a standard net, the config a lipschitz one; hidden widths \[32, 32\] in the model file, \[8\] in the config; activation relu in the model file, groupsort2 in the config$/],
      ['a residual model for deel-lip', () => [at('residual.json'), '--to', 'deel-lip'], /^export: deel-lip has no residual layer of this kind: use --to torch, which holds the effective weights$/],
      ['a residual model for deel-torchlip', () => [at('residual.json'), '--to', 'torchlip', '--out', at('out.py')], /^export: deel-torchlip has no residual layer of this kind: use --to torch, which holds the effective weights$/],
      ['a malformed residual block', () => [at('bad-residual.json'), '--to', 'torch'], /^export: model file ".*bad-residual\.json": layer 3 \(residual\): activation must be one of groupsort2, fullsort, maxmin, relu, tanh, abs, got "swish"$/],
      ['an invalid config', () => [at('model.json'), '--to', 'torch', '--config', at('model.json')], /^export: ".*model\.json": invalid configuration: format: unknown key/],
      ['--out into a missing folder', () => [at('model.json'), '--to', 'torch', '--out', at('no/such.py')], /^export: --out: folder does not exist: ".*no"$/],
      ['--out onto the model file', () => [at('model.json'), '--to', 'torch', '--out', at('model.json')], /^export: --out: ".*model\.json" is the model file; it would be overwritten$/],
      ['--out onto the config', () => [at('model.json'), '--to', 'torch', '--config', at('config.json'), '--out', at('config.json')], /^export: --out: ".*config\.json" is an input config file; it would be overwritten$/],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const before = readdirSync(files.dir).sort().map((f) => [f, readFileSync(at(f), 'utf8')]);
        const r = runCli(args());
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
        expect(r.stderr.trimEnd()).toMatch(message);
        expect(readdirSync(files.dir).sort().map((f) => [f, readFileSync(at(f), 'utf8')])).toEqual(before);
      });
    }
  });
});
