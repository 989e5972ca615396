/**
 * The Python bridge without Python: the loss constants each library is given, on hand cases and against the
 * playground's own losses; every activation in every flavour; the embedded check values equal to the model
 * file's forward pass; the data; the model file's reader. python.run.test.ts runs the scripts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { ACTIVATIONS, DEFAULT_CONFIG, LOSS_NAMES, type ExperimentConfig, type LossConfig } from '../core/config';
import { forwardMlpJson, parseMlpJson, type MlpJson } from '../core/mlpJson';
import { generateDataset } from '../data/split';
import { makeLoss } from '../lip/losses';
import { checkPoints } from './checkPoints';
import { libraryLearningRate, libraryLoss, spectralLayerArgs } from './conventions';
import { datasetPython } from './dataset';
import { configForModel, configHasResidualBlocks, modelMismatches, netShapeOf } from './netShape';
import { pyFloat, pyFloatList } from './pyText';
import { pythonScript, PYTHON_FLAVOURS, residualRefusal } from './python';
import { TORCH_ACTIVATION } from './scriptParts';
import { handMadeMlp, handMadeResidualMlp } from '../testing/python';

/** The configuration of a hand-made net: its widths and activation, the rest as given. */
function configOf(mlp: MlpJson, over: (c: ExperimentConfig) => void = () => {}): ExperimentConfig {
  const config = configForModel(mlp);
  over(config);
  return config;
}

/** A Python list literal of numbers (as the scripts write them) read back. */
function readList(script: string, name: string): number[] {
  const match = new RegExp(`^${name} = (\\[[^=]*?\\])\\n`, 'ms').exec(script);
  if (!match) throw new Error(`${name} not found`);
  return JSON.parse(match[1].replace(/,(\s*\])/g, '$1')) as number[];
}

describe('the losses in the libraries\' conventions', () => {
  const hkr: LossConfig = { name: 'hkr', tau: 10, alpha: 10, margin: 0.29 };

  it('deel-torchlip: HKRLoss with alpha\' = alpha / (1 + alpha) and min_margin = 2 m, 1 / (1 + alpha) times ours', () => {
    const l = libraryLoss('torchlip', hkr);
    expect(l.className).toBe('HKRLoss');
    expect(l.args).toEqual([
      ['alpha', 10 / 11],
      ['min_margin', 0.58],
    ]);
    expect(l.scale).toBeCloseTo(1 / 11, 15);
    expect(libraryLoss('torchlip', { ...hkr, alpha: 0.25, margin: 0 }).args).toEqual([
      ['alpha', 0.2],
      ['min_margin', 0],
    ]);
  });

  it('deel-lip: HKR with the same alpha and min_margin = 2 m, equal to ours', () => {
    const l = libraryLoss('deel-lip', hkr);
    expect([l.className, l.args, l.scale]).toEqual(['HKR', [['alpha', 10], ['min_margin', 0.58]], 1]);
  });

  it('hinge: min_margin = 2 m; kr: HKR with alpha 0; tau-bce: tau; bce: tau 1', () => {
    for (const library of ['torchlip', 'deel-lip'] as const) {
      expect(libraryLoss(library, { ...hkr, name: 'hinge', margin: 0.3 }).args).toEqual([['min_margin', 0.6]]);
      expect(libraryLoss(library, { ...hkr, name: 'kr' }).args).toEqual([['alpha', 0]]);
      expect(libraryLoss(library, { ...hkr, name: 'tau-bce', tau: 5 }).args).toEqual([['tau', 5]]);
      expect(libraryLoss(library, { ...hkr, name: 'bce', tau: 5 }).args).toEqual([['tau', 1]]);
    }
    expect(libraryLoss('torchlip', { ...hkr, name: 'hinge' }).className).toBe('HingeMarginLoss');
    expect(libraryLoss('deel-lip', { ...hkr, name: 'tau-bce' }).className).toBe('TauBinaryCrossentropy');
    expect(libraryLoss('torchlip', { ...hkr, name: 'tau-bce' }).className).toBe('TauBCEWithLogitsLoss');
  });

  it('SGD\'s learning rate is divided by the loss\'s scale (1 + alpha for torchlip\'s HKR); Adam\'s is kept', () => {
    expect(libraryLearningRate({ optimizer: 'sgd', lr: 0.01 }, 1 / 11)).toBeCloseTo(0.11, 15);
    expect(libraryLearningRate({ optimizer: 'adam', lr: 0.01 }, 1 / 11)).toBe(0.01);
  });

  describe('the library formulas with these constants give the playground\'s loss times the scale', () => {
    beforeAll(() => useNodeBackend('wasm'));
    // A batch of both classes with points inside and outside the margin.
    const f = [0.5, 1.1, -0.1, 0.7, -1.3, -0.4, 0.2, -0.9];
    const y = [1, 1, 1, 1, -1, -1, -1, -1];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    /** Both libraries' hinge: mean relu(min_margin / 2 - y f) (deel/torchlip/functional.py, deel/lip/losses.py). */
    const hinge = (minMargin: number) => mean(f.map((v, i) => Math.max(0, minMargin / 2 - y[i] * v)));
    /** Their KR estimate: mean_{y>0} f - mean_{y<=0} f (to maximise). */
    const kr = mean(f.filter((_, i) => y[i] > 0)) - mean(f.filter((_, i) => y[i] <= 0));
    const softplus = (v: number) => Math.log1p(Math.exp(v));
    const library = {
      torchlip: (name: string, a: Record<string, number>) =>
        name === 'HKRLoss' ? a.alpha * hinge(a.min_margin ?? 1) - (1 - a.alpha) * kr
        : name === 'HingeMarginLoss' ? hinge(a.min_margin)
        : mean(f.map((v, i) => softplus(-a.tau * y[i] * v) / a.tau)),
      'deel-lip': (name: string, a: Record<string, number>) =>
        name === 'HKR' ? -kr + a.alpha * hinge(a.min_margin ?? 1)
        : name === 'HingeMargin' ? hinge(a.min_margin)
        : mean(f.map((v, i) => softplus(-a.tau * y[i] * v) / a.tau)),
    };

    for (const name of LOSS_NAMES) {
      for (const lib of ['torchlip', 'deel-lip'] as const) {
        it(`${name} in ${lib}`, () => {
          const cfg: LossConfig = { name, tau: 2.5, alpha: 3, margin: 0.7 };
          const ours = tf.tidy(() => makeLoss(cfg)(tf.tensor1d(f), tf.tensor1d(y)).arraySync() as number);
          const l = libraryLoss(lib, cfg);
          expect(library[lib](l.className, Object.fromEntries(l.args))).toBeCloseTo(l.scale * ours, 6);
        });
      }
    }

    it('by hand: hkr with alpha 3, m 0.7 is 3 x 0.275 + 1.275 = 2.1 here, torchlip\'s 2.1 / 4', () => {
      // hinge_m: relu(0.7 - y f) = [0.2, 0, 0.8, 0, 0, 0.3, 0.9, 0], mean 0.275; kr = mean_- f - mean_+ f = -0.6 - 0.55.
      expect(hinge(1.4)).toBeCloseTo(0.275, 12);
      expect(-kr).toBeCloseTo(-1.15, 12);
      const l = libraryLoss('torchlip', { name: 'hkr', tau: 1, alpha: 3, margin: 0.7 });
      expect(library.torchlip(l.className, Object.fromEntries(l.args))).toBeCloseTo((3 * 0.275 - 1.15) / 4, 12);
    });
  });
});

describe('the spectral layers\' settings', () => {
  it('deel-lip gets every setting; a beta over 0.5 is written 0.5, no Björck as eps_bjorck=None', () => {
    const m = DEFAULT_CONFIG.model;
    expect(spectralLayerArgs('deel-lip', m).args).toEqual([
      ['eps_spectral', 1e-3],
      ['eps_bjorck', 1e-3],
      ['beta_bjorck', 0.5],
      ['maxiter_spectral', 10],
      ['maxiter_bjorck', 15],
    ]);
    const odd = spectralLayerArgs('deel-lip', { bjorck: { ...m.bjorck, beta: 0.8, iterations: 0, tolerance: 0 }, power: m.power });
    expect(odd.args).toContainEqual(['beta_bjorck', 0.5]);
    expect(odd.args).toContainEqual(['eps_bjorck', null]);
    expect(odd.notes.join(' ')).toMatch(/0\.8 is written 0\.5/);
  });

  it('deel-torchlip gets the tolerances (its documented arguments); a tolerance of 0 becomes a tiny eps', () => {
    const m = DEFAULT_CONFIG.model;
    expect(spectralLayerArgs('torchlip', m).args).toEqual([
      ['eps_spectral', 1e-3],
      ['eps_bjorck', 1e-3],
    ]);
    expect(spectralLayerArgs('torchlip', { bjorck: { ...m.bjorck, tolerance: 0 }, power: m.power }).args).toContainEqual(['eps_bjorck', 1e-12]);
  });
});

describe('the scripts', () => {
  const lipschitz = handMadeMlp(['groupsort2', 'groupsort2'], [4, 6, 1], 1);

  it('embed the model file\'s own f at the check points, in every flavour', () => {
    const config = configOf(lipschitz, (c) => (c.data.scale = 3));
    for (const flavour of PYTHON_FLAVOURS) {
      const script = pythonScript({ flavour, model: lipschitz, config });
      const points = readList(script, 'CHECK_POINTS') as unknown as [number, number][];
      const f = readList(script, 'CHECK_F');
      expect(points.length).toBeGreaterThanOrEqual(8);
      expect(f).toEqual(points.map(([x, y]) => forwardMlpJson(lipschitz, x, y)));
      expect(Math.max(...points.flat().map(Math.abs))).toBeGreaterThan(3); // spread over the data's scale
    }
    expect(checkPoints(lipschitz, 2).f).toEqual(checkPoints(lipschitz, 2).points.map(([x, y]) => forwardMlpJson(lipschitz, x, y)));
  });

  for (const activation of ACTIVATIONS) {
    it(`write ${activation} in every flavour`, () => {
      const mlp = handMadeMlp([activation, activation], [4, 4, 1], 1);
      const torch = pythonScript({ flavour: 'torch', model: mlp });
      const name = activation === 'abs' ? 'absolute' : activation;
      expect(torch).toContain(`def ${name}(h):\n    """${TORCH_ACTIVATION[activation].comment}"""\n    return ${TORCH_ACTIVATION[activation].expression}`);
      expect(torch.match(new RegExp(`h = ${name}\\(self\\.dense\\[\\d\\]\\(h\\)\\)`, 'g'))).toHaveLength(2);
      const torchlip = pythonScript({ flavour: 'torchlip', model: mlp });
      const module = { groupsort2: 'torchlip.GroupSort2()', fullsort: 'torchlip.FullSort()', maxmin: 'torchlip.MaxMin()', relu: 'torch.nn.ReLU()', tanh: 'torch.nn.Tanh()', abs: 'Abs()' }[activation];
      expect(torchlip.split(`        ${module},\n`)).toHaveLength(3);
      const keras = { groupsort2: 'GroupSort2()', fullsort: 'FullSort()', maxmin: 'MaxMin()', relu: 'tf.keras.layers.Activation("relu")', tanh: 'tf.keras.layers.Activation("tanh")', abs: 'tf.keras.layers.Activation(tf.math.abs)' }[activation];
      expect(pythonScript({ flavour: 'deel-lip', model: mlp }).split(`        ${keras},\n`)).toHaveLength(3);
    });
  }

  it('size the layers from the model file (maxmin doubles the next layer\'s inputs)', () => {
    const mlp = handMadeMlp(['maxmin', 'maxmin'], [3, 5, 1], 2);
    expect(pythonScript({ flavour: 'torch', model: mlp })).toContain('for i, o in [(2, 3), (6, 5), (10, 1)]');
    const torchlip = pythonScript({ flavour: 'torchlip', model: mlp });
    expect(torchlip).toContain('torchlip.SpectralLinear(6, 5, eps_spectral=0.001, eps_bjorck=0.001)');
    expect(torchlip).toContain('torchlip.FrobeniusLinear(10, head_outputs, k_coef_lip=head_lip)');
    expect(torchlip).toContain('LIPSCHITZ = 2.0');
    const deelLip = pythonScript({ flavour: 'deel-lip', model: mlp });
    expect(deelLip).toContain('SpectralDense(5, eps_spectral=0.001, eps_bjorck=0.001, beta_bjorck=0.5, maxiter_spectral=10, maxiter_bjorck=15)');
    expect(deelLip).toContain('FrobeniusDense(head_outputs, k_coef_lip=head_lip)');
  });

  it('build a standard net from plain dense layers with the playground\'s Glorot init', () => {
    const mlp = handMadeMlp(['relu'], [4, 1], null);
    const torchlip = pythonScript({ flavour: 'torchlip', model: mlp });
    expect(torchlip).toContain('glorot_linear(2, 4)');
    expect(torchlip).toContain('torch.nn.init.xavier_uniform_(layer.weight)');
    expect(torchlip).not.toContain('SpectralLinear(');
    const deelLip = pythonScript({ flavour: 'deel-lip', model: mlp });
    expect(deelLip).toContain('tf.keras.layers.Dense(4)');
    expect(deelLip).not.toContain('SpectralDense(');
  });

  it('write the translated loss, the optimizer, the batch and the steps', () => {
    const config = configOf(lipschitz, (c) => {
      c.loss = { name: 'hkr', tau: 10, alpha: 10, margin: 0.29 };
      c.train = { ...c.train, optimizer: 'sgd', lr: 0.01, batchSize: 64, steps: 300, seed: 7 };
    });
    const torchlip = pythonScript({ flavour: 'torchlip', model: lipschitz, config });
    expect(torchlip).toContain(`LOSS = torchlip.HKRLoss(alpha=${pyFloat(10 / 11)}, min_margin=0.58)`);
    expect(torchlip).toContain(`LEARNING_RATE = ${pyFloat(0.01 * 11)}`);
    expect(torchlip).toContain('torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)');
    expect(torchlip).toMatch(/BATCH_SIZE = 64\nSTEPS = 300\nTRAIN_SEED = 7/);
    const deelLip = pythonScript({ flavour: 'deel-lip', model: lipschitz, config: { ...config, train: { ...config.train, optimizer: 'adam' } } });
    expect(deelLip).toContain('LOSS = losses.HKR(alpha=10.0, min_margin=0.58)');
    expect(deelLip).toContain('LEARNING_RATE = 0.01');
    expect(deelLip).toContain('tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE, beta_1=0.9, beta_2=0.999, epsilon=1e-7)');
  });

  it('load a two-logit head as its score, scaled by |w0 - w1|', () => {
    const mlp = handMadeMlp(['groupsort2'], [4, 1], 1);
    const config = configOf(mlp, (c) => (c.model.head = 'two-logit'));
    const script = pythonScript({ flavour: 'torchlip', model: mlp, config });
    expect(script).toContain('HEAD_OUTPUTS = 2  # two-logit');
    const d = (mlp.layers[2] as { weights: number[][] }).weights.map((r) => r[0]);
    expect(script).toContain(`LOADED_HEAD_SCALE = ${pyFloat(Math.hypot(...d))}`);
  });

  it('leave the weights and the check out of the library scripts when asked', () => {
    const script = pythonScript({ flavour: 'torchlip', model: lipschitz, trainedWeights: false });
    expect(script).not.toContain('WEIGHTS = [');
    expect(script).not.toContain('def self_check');
    expect(script).toContain('no trained weights were embedded');
  });

  it('refuse a configuration that describes another net', () => {
    const config = configOf(lipschitz, (c) => {
      c.model.hidden = [8, 6];
      c.model.activation = 'relu';
    });
    expect(() => pythonScript({ flavour: 'torch', model: lipschitz, config })).toThrow(
      'the model file and the config disagree: hidden widths [4, 6] in the model file, [8, 6] in the config; activation groupsort2 in the model file, relu in the config',
    );
    expect(modelMismatches(lipschitz, configOf(lipschitz, (c) => (c.model.kind = 'standard')))).toEqual([
      'the model file holds a lipschitz net, the config a standard one',
    ]);
    expect(modelMismatches(lipschitz, configOf(lipschitz, (c) => (c.model.lipschitz = 2)))).toEqual(['Lipschitz constant 1 in the model file, 2 in the config']);
  });

  it('say when no configuration came with the model file', () => {
    expect(pythonScript({ flavour: 'deel-lip', model: lipschitz })).toContain('No configuration came with the model file');
    expect(pythonScript({ flavour: 'deel-lip', model: lipschitz, config: configOf(lipschitz) })).not.toContain('No configuration came');
  });
});

describe('model files with residual blocks (version 2)', () => {
  const residual = handMadeResidualMlp({ width: 4, hidden: 3, blocks: 2, activation: 'relu', lipschitz: 1 });
  const configOfResidual = (edit: (c: ExperimentConfig) => void = () => {}) =>
    configOf(residual, (c) => {
      c.model.layer = 'cpl';
      edit(c);
    });

  it('the torch script: a Residual module per block, its weights as the file has them, the forward in the file\'s order', () => {
    const script = pythonScript({ flavour: 'torch', model: residual, config: configOfResidual() });
    expect(script).toContain('        return x + self.outer(self.activation(self.inner(x)))');
    expect(script).toContain('self.residual = torch.nn.ModuleList([Residual(*block) for block in [(4, 3, 3, relu), (4, 3, 3, relu)]])');
    expect(script).toContain('for i, o in [(2, 4), (4, 1)]');
    expect(script).toContain(['    def forward(self, h):', '        h = relu(self.dense[0](h))', '        h = self.residual[0](h)', '        h = self.residual[1](h)', '        return self.dense[1](h)'].join('\n'));
    const block = residual.layers[2] as { inner: number[][]; bias: number[]; outer: number[][] };
    expect(script).toContain(`        "bias": ${pyFloatList(block.bias, '        ')},`);
    expect(script).toContain(`            ${pyFloatList(block.outer[2], '            ')},`);
    expect(script).toContain('a Lipschitz net 2 -> 4 -> 4 -> 4 -> 1 (2 residual blocks), relu, L = 1');
    expect(script).toContain('        bound *= residual_bound(block)');
    expect(readList(script, 'CHECK_F')).toEqual(checkPoints(residual).points.map(([x, y]) => forwardMlpJson(residual, x, y)));
  });

  it('the torch script applies lone activations (after a block) and maxmin inside a block (U of 2 x hidden rows)', () => {
    const mlp = handMadeResidualMlp({ width: 4, hidden: 2, blocks: 1, activation: 'maxmin', layerActivation: 'abs', lipschitz: null, between: true });
    const script = pythonScript({ flavour: 'torch', model: mlp });
    expect(script).toContain(['        h = absolute(self.dense[0](h))', '        h = self.residual[0](h)', '        h = absolute(h)', '        return self.dense[1](h)'].join('\n'));
    expect(script).toContain('Residual(*block) for block in [(4, 2, 4, maxmin)]');
    expect(script).toContain('def maxmin(h):');
    expect(script).toContain('def absolute(h):');
  });

  it('a version 1 torch script has no trace of residual blocks', () => {
    const script = pythonScript({ flavour: 'torch', model: handMadeMlp(['relu'], [4, 1], 1) });
    expect(script).not.toMatch(/[Rr]esidual/);
    expect(script).toContain('Lipschitz bound (product of spectral norms)');
  });

  it('the library flavours refuse it in one line naming the way out', () => {
    expect(() => pythonScript({ flavour: 'deel-lip', model: residual })).toThrow(
      new Error('deel-lip has no residual layer of this kind: use --to torch, which holds the effective weights'),
    );
    expect(() => pythonScript({ flavour: 'torchlip', model: residual, config: configOfResidual() })).toThrow(
      new Error('deel-torchlip has no residual layer of this kind: use --to torch, which holds the effective weights'),
    );
    expect(residualRefusal('torch')).toBeNull();
    expect(residualRefusal('deel-lip', 'use "Code: plain PyTorch"')).toBe('deel-lip has no residual layer of this kind: use "Code: plain PyTorch", which holds the effective weights');
  });

  it('its shape: hidden widths of the dense layer and the blocks (the configuration\'s model.hidden), activations used', () => {
    const shape = netShapeOf(residual);
    expect(shape.hidden).toEqual([4, 4, 4]);
    expect(shape.residual).toHaveLength(2);
    expect(shape.activationsUsed).toEqual(['relu']);
    expect(configForModel(residual).model).toMatchObject({ kind: 'lipschitz', hidden: [4, 4, 4], activation: 'relu', layer: 'sll' });
    expect(netShapeOf(handMadeMlp(['maxmin', 'maxmin'], [3, 5, 1], 2)).hidden).toEqual([3, 5]);
  });

  it('a configuration must agree on residual blocks: a residual layer with them, any other without', () => {
    expect(modelMismatches(residual, configOfResidual())).toEqual([]);
    expect(modelMismatches(residual, configOfResidual((c) => (c.model.layer = 'bjorck')))).toEqual([
      'residual blocks in the model file, none in the config (lipschitz net, layer bjorck)',
    ]);
    const plain = handMadeMlp(['relu', 'relu'], [4, 4, 1], 1);
    expect(modelMismatches(plain, configOf(plain, (c) => (c.model.layer = 'sll')))).toEqual(['no residual block in the model file, the residual layer sll in the config']);
    expect(modelMismatches(plain, configOf(plain, (c) => ((c.model.kind = 'standard'), (c.model.layer = 'sll'))))).toEqual([
      'the model file holds a lipschitz net, the config a standard one',
    ]);
    expect(modelMismatches(residual, configOfResidual((c) => (c.model.activation = 'tanh')))).toEqual(['activation relu in the model file, tanh in the config']);
    const m = DEFAULT_CONFIG.model;
    expect([
      configHasResidualBlocks({ ...m, layer: 'cpl', hidden: [8, 8] }),
      configHasResidualBlocks({ ...m, layer: 'cpl', hidden: [8] }),
      configHasResidualBlocks({ ...m, layer: 'sll', hidden: [8, 8], kind: 'standard' }),
      configHasResidualBlocks({ ...m, layer: 'aol', hidden: [8, 8] }),
    ]).toEqual([true, false, false, false]);
    const one = handMadeMlp(['relu'], [4, 1], 1); // one hidden layer: an sll net has no block, the file is version 1
    expect(modelMismatches(one, configOf(one, (c) => (c.model.layer = 'sll')))).toEqual([]);
  });

  it('the library scripts of a net of another dense layer of the zoo say they train Björck layers and load its weights', () => {
    const plain = handMadeMlp(['groupsort2'], [4, 1], 1);
    const script = pythonScript({ flavour: 'torchlip', model: plain, config: configOf(plain, (c) => (c.model.layer = 'aol')) });
    expect(script).toContain('The playground trained this net with AOL layers, which deel-torchlip (PyTorch) does not have: the script trains its\nSpectralLinear (Björck) layers instead');
    expect(pythonScript({ flavour: 'deel-lip', model: plain, config: configOf(plain, (c) => (c.model.layer = 'cayley')) })).toContain('SpectralDense (Björck) layers instead');
    expect(pythonScript({ flavour: 'deel-lip', model: plain, config: configOf(plain) })).not.toContain('layers instead');
  });
});

describe('the data', () => {
  it('uses scikit-learn\'s generators where the geometry is the playground\'s', () => {
    const data = { ...DEFAULT_CONFIG.data, n: 500, noise: 0.1, seed: 4, scale: 2 };
    expect(datasetPython({ ...data, name: 'moons' }, undefined)).toContain('make_moons(n_samples=N, noise=NOISE, random_state=DATA_SEED)');
    expect(datasetPython({ ...data, name: 'circles' }, undefined)).toContain('make_circles(n_samples=N, noise=NOISE, factor=0.5, random_state=DATA_SEED)');
    const blobs = datasetPython({ ...data, name: 'blobs' }, undefined);
    expect(blobs).toContain('centers=[[-1.0, 0.0], [1.0, 0.0]], cluster_std=0.3 + NOISE');
    expect(blobs).toMatch(/N = 500\nNOISE = 0\.1\nSCALE = 2\.0\nDATA_SEED = 4\nTEST_FRACTION = 0\.25/);
  });

  it('embeds the playground\'s own points otherwise, exactly', () => {
    const data = { ...DEFAULT_CONFIG.data, name: 'xor' as const, n: 40 };
    const points = generateDataset(data);
    const script = datasetPython(data, points);
    expect(readList(script, 'X_TRAIN')).toEqual(Array.from(points.train.xy));
    expect(readList(script, 'Y_TEST')).toEqual(Array.from(points.test.labels));
    expect(() => datasetPython(data, undefined)).toThrow('the xor dataset has no scikit-learn generator: the script needs its points');
  });
});

describe('Python literals', () => {
  it('read back as the same double; integers as floats', () => {
    for (const v of [0.1, 1 / 3, -2.5e-8, 1e21, 123456789.123, Math.fround(0.7), 3]) expect(Number(pyFloat(v))).toBe(v);
    expect(pyFloat(3)).toBe('3.0');
    expect(pyFloat(-0)).toBe('0.0');
    expect(() => pyFloat(NaN)).toThrow();
    expect(pyFloatList([1, 2])).toBe('[1.0, 2.0]');
    expect(pyFloatList(Array.from({ length: 40 }, (_, i) => i / 7)).split('\n').every((l) => l.length <= 100)).toBe(true);
  });
});

describe('the model file reader', () => {
  const good = handMadeMlp(['groupsort2'], [4, 1], 1);
  const broken = (edit: (m: Record<string, unknown>) => void) => {
    const m = structuredClone(good) as unknown as Record<string, unknown>;
    edit(m);
    return parseMlpJson(m);
  };
  const layers = (m: Record<string, unknown>) => m.layers as Record<string, unknown>[];

  it('accepts a model file and keeps it as it is', () => {
    expect(parseMlpJson(good)).toEqual({ mlp: good });
    expect(parseMlpJson(handMadeMlp([], [1], null))).toEqual({ mlp: handMadeMlp([], [1], null) });
  });

  it('names what is wrong', () => {
    expect(parseMlpJson([1])).toEqual({ error: 'a model file must be a JSON object' });
    expect(broken((m) => (m.format = 'keras'))).toEqual({ error: 'format must be "lipschitz-playground/mlp", got "keras"' });
    expect(broken((m) => (m.version = 3))).toEqual({ error: 'unsupported version 3 (this reads versions 1 and 2)' });
    expect(broken((m) => (m.input = 3))).toEqual({ error: 'input must be 2 (points of the plane), got 3' });
    expect(broken((m) => (m.lipschitz = -1))).toEqual({ error: 'lipschitz must be a positive number (a Lipschitz net) or null (a standard net)' });
    expect(broken((m) => (m.layers = []))).toEqual({ error: 'layers must be a non-empty list' });
    expect(broken((m) => layers(m).shift())).toEqual({ error: 'layer 0 must be a dense layer (dense and activation layers alternate, dense first and last)' });
    expect(broken((m) => ((layers(m)[0].weights as number[][])[1][2] = Infinity))).toEqual({ error: 'layer 0: weights row 1 holds a value that is not a finite number' });
    expect(broken((m) => (layers(m)[0].weights as number[][]).pop())).toEqual({ error: 'layer 0: weights must be 2 rows (one per input), got 1' });
    expect(broken((m) => (layers(m)[0].bias as number[]).pop())).toEqual({ error: 'layer 0: weights row 0 must hold 3 numbers (one per output, as the bias)' });
    expect(broken((m) => (layers(m)[1].name = 'gelu'))).toEqual({ error: 'layer 1: activation must be one of groupsort2, fullsort, maxmin, relu, tanh, abs, got "gelu"' });
    expect(broken((m) => layers(m).pop())).toEqual({ error: 'the last layer must be dense (the output f)' });
    const wide = handMadeMlp(['relu'], [3, 2], 1);
    expect(parseMlpJson(wide)).toEqual({ error: 'the last dense layer must have one output (the score f), got 2' });
    expect(parseMlpJson(handMadeMlp(['groupsort2'], [3, 1], 1))).toEqual({ error: 'layer 1: groupsort2 needs an even width, got 3' });
  });
});
