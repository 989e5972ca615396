/**
 * The generated scripts under Debian's Python: every flavour compiles (py_compile) across activations,
 * losses, heads, data and optimizers; the plain PyTorch script reproduces the model file's f for every
 * activation; the deel-torchlip script runs end to end against a stand-in of deel-torchlip
 * (testdata/deel/torchlip, written from its documentation: Debian has no deel-torchlip and the tests reach
 * no Python registry), training and loading real exported weights. Skipped, with the reason in the test's
 * name, where /usr/bin/python3 or its torch is missing (CI installs both).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { ACTIVATIONS, DEFAULT_CONFIG, LOSS_NAMES, type ExperimentConfig } from '../core/config';
import { forwardMlpJson, type MlpJson } from '../core/mlpJson';
import { generateDataset } from '../data/split';
import { exportMlp } from '../lip/export';
import { spectralNorm } from '../lip/linalg';
import { buildModel } from '../lip/model';
import { boxPoints } from '../testing/support';
import { handMadeMlp, handMadeResidualMlp, pythonMissing, runPython, scriptF } from '../testing/python';
import { configForModel } from './netShape';
import { pythonScript, PYTHON_FLAVOURS, type PythonScriptInput } from './python';

const STAND_IN = fileURLToPath(new URL('./testdata', import.meta.url));
const noPython = pythonMissing(false);
const noTorch = pythonMissing(true);

const dir = mkdtempSync(path.join(tmpdir(), 'lip-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
function writeScript(text: string): string {
  const file = path.join(dir, `script_${written++}.py`);
  writeFileSync(file, text);
  return file;
}

/** A configuration for a model file, edited. */
function configFor(mlp: MlpJson, edit: (c: ExperimentConfig) => void = () => {}): ExperimentConfig {
  const c = configForModel(mlp);
  edit(c);
  return c;
}

/** A freshly built model of the configuration, as the runner's --save-model writes it (Björck weights baked in). */
async function exported(config: ExperimentConfig, seed = 3): Promise<MlpJson> {
  const model = buildModel(config.model, { seed, checkTolerance: true });
  const mlp = await exportMlp(model);
  model.dispose();
  return JSON.parse(JSON.stringify(mlp)) as MlpJson;
}

/** Scripts covering every activation, loss, head, optimizer, kind of data and the options, in every flavour. */
function everyKindOfScript(): PythonScriptInput[] {
  const inputs: Omit<PythonScriptInput, 'flavour'>[] = [];
  for (const activation of ACTIVATIONS) {
    for (const lipschitz of [1.5, null]) inputs.push({ model: handMadeMlp([activation, activation], [4, 4, 1], lipschitz) });
  }
  const mlp = handMadeMlp(['groupsort2'], [4, 1], 1);
  for (const name of LOSS_NAMES) {
    inputs.push({ model: mlp, config: configFor(mlp, (c) => ((c.loss.name = name), (c.train.optimizer = 'sgd'))) });
  }
  inputs.push({ model: mlp, config: configFor(mlp, (c) => (c.model.head = 'two-logit')) });
  inputs.push({ model: mlp, config: configFor(mlp, (c) => (c.model.bjorck = { iterations: 0, tolerance: 0, beta: 0.9, gradientIterations: 0 })) });
  for (const name of ['circles', 'blobs', 'spiral', 'checkerboard', 'snowflake'] as const) {
    const config = configFor(mlp, (c) => ((c.data.name = name), (c.data.n = 30)));
    inputs.push({ model: mlp, config, dataset: generateDataset(config.data) });
  }
  const user = configFor(mlp, (c) => ((c.data.name = 'user'), (c.data.points = [[0, 0, 1], [1, 1, -1], [2, 0, 1]]), (c.data.testFraction = 0)));
  inputs.push({ model: mlp, config: user, dataset: generateDataset(user.data) });
  inputs.push({ model: handMadeMlp([], [1], 1) });
  inputs.push({ model: mlp, trainedWeights: false });
  // Model files with residual blocks (version 2): the plain PyTorch script only (the libraries refuse them).
  const residual = RESIDUAL_MODELS.map((model) => ({ model, flavour: 'torch' as const }));
  return [...inputs.flatMap((input) => PYTHON_FLAVOURS.map((flavour) => ({ ...input, flavour }))), ...residual];
}

/** Seeded model files of version 2: relu and tanh blocks as the zoo writes them, maxmin inside a block, activations between blocks. */
const RESIDUAL_MODELS = [
  handMadeResidualMlp({ width: 6, hidden: 6, blocks: 3, activation: 'relu', lipschitz: 1, seed: 7 }),
  handMadeResidualMlp({ width: 5, hidden: 8, blocks: 2, activation: 'tanh', lipschitz: null, seed: 8 }),
  handMadeResidualMlp({ width: 4, hidden: 3, blocks: 2, activation: 'maxmin', layerActivation: 'groupsort2', lipschitz: 2, seed: 9, between: true }),
];

describe.skipIf(noPython !== '')(`every generated script compiles${noPython ? ` (skipped: ${noPython})` : ''}`, () => {
  it('passes python3 -m py_compile in every flavour', () => {
    const files = everyKindOfScript().map((input) => writeScript(pythonScript(input)));
    expect(files.length).toBeGreaterThan(60);
    const r = runPython(['-m', 'py_compile', ...files]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe.skipIf(noTorch !== '')(`the plain PyTorch script${noTorch ? ` (skipped: ${noTorch})` : ''}`, () => {
  const xy = boxPoints(100, 2.5, 11);

  for (const activation of ACTIVATIONS) {
    it(`reproduces the model file's f with ${activation} (100 points, float64)`, () => {
      const mlp = handMadeMlp([activation, activation, activation], [6, 4, 8, 1], activation === 'tanh' ? null : 1, 5);
      const f = scriptF(writeScript(pythonScript({ flavour: 'torch', model: mlp })), xy);
      const expected = Array.from({ length: 100 }, (_, i) => forwardMlpJson(mlp, xy[2 * i], xy[2 * i + 1]));
      expect(Math.max(...f.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-12);
      expect(new Set(f.map((v) => v.toFixed(6))).size).toBeGreaterThan(50); // f varies: the check is not on a constant
    });
  }

  RESIDUAL_MODELS.forEach((mlp, k) => {
    it(`reproduces a model file of version 2 with residual blocks (${k}: ${(mlp.layers[2] as { activation: string }).activation} inside), 100 points`, () => {
      const f = scriptF(writeScript(pythonScript({ flavour: 'torch', model: mlp })), xy);
      const expected = Array.from({ length: 100 }, (_, i) => forwardMlpJson(mlp, xy[2 * i], xy[2 * i + 1]));
      expect(Math.max(...f.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
      expect(new Set(f.map((v) => v.toFixed(6))).size).toBeGreaterThan(50);
    });
  });

  it('a version 2 file runs as a program: prints its bound (spectral norms and block bounds), the self-check matches, exit 0', () => {
    const r = runPython([writeScript(pythonScript({ flavour: 'torch', model: RESIDUAL_MODELS[0] }))]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Lipschitz bound \(product of spectral norms and residual block bounds\): [\d.]+; built for L = 1\.0\n/);
    expect(r.stdout).toMatch(/self-check: largest \|f - f_playground\| over 9 points = \S+ \(allowed 1e-09\): matches the playground\n$/);
    expect(r.status).toBe(0);
  });

  it('a version 2 script bounds cpl and sll blocks by about 1, an unstructured block by 1 + |V| |U|', () => {
    // Identity dense layers around one block on 2 units with W 2 x 3: the bound is the block's.
    const W = [[0.9, -0.3, 0.5], [0.2, 0.7, -1.1]];
    const WT = [0, 1, 2].map((k) => [W[0][k], W[1][k]]);
    const sigma2 = spectralNorm(W.flat(), 2, 3) ** 2;
    const gram = WT.map((a) => WT.map((b) => Math.abs(a[0] * b[0] + a[1] * b[1]))); // |W^T W|
    const t = gram.map((row) => row.reduce((x, y) => x + y, 0)); // sll's T with q = 1
    const cplOuter = WT.map((row) => row.map((v) => (-2 / sigma2) * v));
    const sllOuter = WT.map((row, k) => row.map((v) => (-2 / t[k]) * v));
    const free = [[0.4, 0.3], [-0.8, 0.1], [0.6, 0.9]];
    const net = (outer: number[][], activation: 'relu' | 'tanh' | 'abs'): MlpJson => ({
      format: 'lipschitz-playground/mlp',
      version: 2,
      input: 2,
      lipschitz: 1,
      layers: [
        { type: 'dense', weights: [[1, 0], [0, 1]], bias: [0, 0] },
        { type: 'residual', inner: W, bias: [0.1, -0.2, 0.3], activation, outer },
        { type: 'dense', weights: [[1], [0]], bias: [0] },
      ],
    });
    const code = 'import runpy, sys\nns = runpy.run_path(sys.argv[1])\nprint(repr(ns["lipschitz_bound"](ns["playground_model"]())))';
    const bound = (mlp: MlpJson) => Number(runPython(['-c', code, writeScript(pythonScript({ flavour: 'torch', model: mlp }))]).stdout);
    const generic = (outer: number[][]) => 1 + spectralNorm(W.flat(), 2, 3) * spectralNorm(outer.flat(), 3, 2);
    expect(bound(net(cplOuter, 'relu'))).toBeCloseTo(1, 9);
    expect(bound(net(sllOuter, 'tanh'))).toBeCloseTo(1, 9);
    expect(generic(cplOuter)).toBeGreaterThan(2.5); // what the split bound saves
    expect(bound(net(cplOuter, 'abs'))).toBeCloseTo(generic(cplOuter), 6); // abs is not monotone: generic only
    expect(bound(net(free, 'relu'))).toBeCloseTo(generic(free), 6); // no structure: the generic bound is smaller
  });

  it('a version 2 script fails its self-check, exit 1, when a block\'s outer weights are not the playground\'s', () => {
    const script = pythonScript({ flavour: 'torch', model: RESIDUAL_MODELS[1] }).replace(/^ {8}"outer": \[\n {12}\[/m, (start) => `${start}0.25 + `);
    const r = runPython([writeScript(script)]);
    expect(r.stdout).toContain('DOES NOT MATCH the playground');
    expect(r.status).toBe(1);
  });

  it('runs as a program: prints its Lipschitz bound and a matching self-check, exit 0', () => {
    const mlp = handMadeMlp(['fullsort'], [4, 1], 1);
    const r = runPython([writeScript(pythonScript({ flavour: 'torch', model: mlp }))]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Lipschitz bound \(product of spectral norms\): [\d.]+; built for L = 1\.0\n/);
    expect(r.stdout).toMatch(/self-check: largest \|f - f_playground\| over 9 points = \S+ \(allowed 1e-09\): matches the playground\n$/);
    expect(r.status).toBe(0);
  });

  it('fails its self-check, exit 1, when its weights are not the playground\'s', () => {
    const mlp = handMadeMlp(['relu'], [4, 1], null);
    const script = pythonScript({ flavour: 'torch', model: mlp }).replace(/^BIASES = \[\n {4}\[/m, 'BIASES = [\n    [0.5 + ');
    const r = runPython([writeScript(script)]);
    expect(r.stdout).toContain('DOES NOT MATCH the playground');
    expect(r.status).toBe(1);
  });
});

describe.skipIf(noTorch !== '')(`the deel-torchlip script, against a stand-in of deel-torchlip${noTorch ? ` (skipped: ${noTorch})` : ''}`, () => {
  beforeAll(() => useNodeBackend('wasm'));
  const env = { PYTHONPATH: STAND_IN };
  const small = (edit: (c: ExperimentConfig) => void = () => {}): ExperimentConfig => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.model.hidden = [16, 16];
    c.data.n = 200;
    c.train.steps = 40;
    c.train.batchSize = 64;
    edit(c);
    return c;
  };

  for (const [what, config] of [
    ['a Lipschitz groupsort2 net, tau-bce, adam, the snowflake', small((c) => (c.data.name = 'snowflake'))],
    ['L = 2, maxmin, hkr, sgd, xor (embedded points)', small((c) => ((c.model.lipschitz = 2), (c.model.activation = 'maxmin'), (c.loss.name = 'hkr'), (c.train.optimizer = 'sgd'), (c.data.name = 'xor')))],
    ['a two-logit head, kr', small((c) => ((c.model.head = 'two-logit'), (c.loss.name = 'kr'), (c.data.name = 'spiral')))],
    ['a standard relu net, bce', small((c) => ((c.model.kind = 'standard'), (c.model.activation = 'relu'), (c.loss.name = 'bce'), (c.data.name = 'checkerboard')))],
  ] as const) {
    it(`loads the exported weights (f to 1e-5) and trains: ${what}`, async () => {
      const mlp = await exported(config);
      const script = writeScript(pythonScript({ flavour: 'torchlip', model: mlp, config, dataset: generateDataset(config.data) }));
      const xy = boxPoints(100, 2, 13);
      const f = scriptF(script, xy, env);
      const expected = Array.from({ length: 100 }, (_, i) => forwardMlpJson(mlp, xy[2 * i], xy[2 * i + 1]));
      expect(Math.max(...f.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);

      // Data scikit-learn does not generate (Debian's python3 here has no scikit-learn): the points are embedded.
      const r = runPython([script], { env });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/step 40: batch loss -?[\d.]+\ntrain accuracy [\d.]+, test accuracy [\d.]+\nself-check: .* matches the playground\n$/);
      expect(r.status).toBe(0);
    });
  }
});
