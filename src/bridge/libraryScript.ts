/**
 * The deel-torchlip and deel-lip scripts: the configuration's net built from the library's layers, its loss
 * and optimizer translated to the library's conventions (conventions.ts), the data, a training loop with
 * the playground's batches and steps, and the trained weights loaded into the same layers with the caches
 * that eval mode reads filled in, so the closing self-check compares the library's f with the playground's.
 */
import type { ActivationName, ExperimentConfig, LayerName } from '../core/config';
import type { MlpJson } from '../core/mlpJson';
import type { CheckPoints } from './checkPoints';
import { ADAM, libraryLearningRate, libraryLoss, optimizerNote, spectralLayerArgs, type Library, type LibraryLoss } from './conventions';
import { datasetPython, type DatasetPoints } from './dataset';
import { DOCS } from './docs';
import { netShapeOf, type NetShape } from './netShape';
import { pyComment, pyFloat } from './pyText';
import { describeNet, selfCheckPython, weightsPython } from './scriptParts';

export interface LibraryScriptInput {
  model: MlpJson;
  config: ExperimentConfig;
  /** False when the configuration is the defaults made up for a model file that came alone. */
  configGiven: boolean;
  dataset: DatasetPoints | undefined;
  check: CheckPoints;
  trainedWeights: boolean;
}

/** Relative tolerance of the float32 libraries' self-check: float32 rounding through a few layers. */
export const LIBRARY_CHECK_TOLERANCE = 1e-4;

/** A Python keyword argument: None, an integer (iteration counts) or a float. */
function pyArg(name: string, value: number | null): string {
  if (value === null) return `${name}=None`;
  return `${name}=${name.startsWith('maxiter') ? String(Math.round(value)) : pyFloat(value)}`;
}

const pyArgs = (args: readonly [string, number | null][]) => args.map(([n, v]) => pyArg(n, v)).join(', ');

/** The L the loaded (one-output) twin's head is scaled by: L, or |w0 - w1| L for a two-logit head (up to 2 L). */
function loadedHeadScale(shape: NetShape, config: ExperimentConfig): number {
  const lipschitz = shape.lipschitz ?? 1;
  if (config.model.head !== 'two-logit') return lipschitz;
  const last = shape.dense[shape.dense.length - 1];
  return Math.hypot(...last.weights.map((row) => row[0]));
}

function lossSummary(config: ExperimentConfig): string {
  const l = config.loss;
  switch (l.name) {
    case 'kr':
      return 'kr';
    case 'hinge':
      return `hinge (m = ${l.margin})`;
    case 'hkr':
      return `hkr (alpha = ${l.alpha}, m = ${l.margin})`;
    case 'tau-bce':
      return `tau-bce (tau = ${l.tau})`;
    case 'bce':
      return 'bce';
  }
}

/** The parts of a script that differ between the two libraries. */
interface Flavour {
  library: Library;
  title: string;
  install: string;
  docs: string[];
  imports(shape: NetShape): string;
  buildModel(shape: NetShape, config: ExperimentConfig): string;
  lossAndOptimizer(loss: LibraryLoss, config: ExperimentConfig): string;
  training: string;
  loading: string;
}

const TORCH_ACTIVATION_MODULE: Record<ActivationName, string> = {
  groupsort2: 'torchlip.GroupSort2()',
  fullsort: 'torchlip.FullSort()',
  maxmin: 'torchlip.MaxMin()',
  relu: 'torch.nn.ReLU()',
  tanh: 'torch.nn.Tanh()',
  abs: 'Abs()',
};

const KERAS_ACTIVATION_LAYER: Record<ActivationName, string> = {
  groupsort2: 'GroupSort2()',
  fullsort: 'FullSort()',
  maxmin: 'MaxMin()',
  relu: 'tf.keras.layers.Activation("relu")',
  tanh: 'tf.keras.layers.Activation("tanh")',
  abs: 'tf.keras.layers.Activation(tf.math.abs)',
};

/** The layers of the net in order, each as Python text, from the model file's shapes and the head's outputs. */
function layerList(shape: NetShape, hidden: (i: number, o: number) => string, head: (i: number) => string, activation: (a: ActivationName) => string): string[] {
  const lines: string[] = [];
  shape.dense.forEach((d, i) => {
    const inputs = d.weights.length;
    if (i === shape.dense.length - 1) {
      lines.push(head(inputs));
    } else {
      lines.push(hidden(inputs, d.bias.length));
      lines.push(activation(shape.activations[i]));
    }
  });
  return lines;
}

const TORCHLIP: Flavour = {
  library: 'torchlip',
  title: 'deel-torchlip (PyTorch)',
  install: 'pip install deel-torchlip scikit-learn',
  docs: [DOCS.torchlip.api, DOCS.torchlip.normalizers, DOCS.torchlip.losses, DOCS.torchlip.cache],
  imports: (shape) =>
    [
      'import sys',
      '',
      'import numpy as np',
      'import torch',
      'from torch.nn.utils import parametrize',
      'from deel import torchlip',
      ...(shape.activations.includes('abs') ? ['', '', 'class Abs(torch.nn.Module):', '    """|h|, element-wise (torch has the function, not the module)."""', '', '    def forward(self, h):', '        return torch.abs(h)'] : []),
      '',
      '',
      'class LogitDifference(torch.nn.Module):',
      '    """The score of a two-logit head: f = f0 - f1 (class +1 is logit 0)."""',
      '',
      '    def forward(self, z):',
      '        return z[:, :1] - z[:, 1:]',
    ].join('\n'),
  buildModel(shape, config) {
    const lipschitz = shape.kind === 'lipschitz';
    const spectral = spectralLayerArgs('torchlip', config.model);
    const layers = layerList(
      shape,
      (i, o) => (lipschitz ? `torchlip.SpectralLinear(${i}, ${o}, ${pyArgs(spectral.args)})` : `glorot_linear(${i}, ${o})`),
      (i) => (lipschitz ? `torchlip.FrobeniusLinear(${i}, head_outputs, k_coef_lip=head_lip)` : `glorot_linear(${i}, head_outputs)`),
      (a) => TORCH_ACTIVATION_MODULE[a],
    );
    const doc = lipschitz
      ? [
          `    The net, ${describeNet(shape)}: deel-torchlip's SpectralLinear (orthogonal init, power iteration + Björck)`,
          '    for the hidden layers, FrobeniusLinear (W / |W|_F, disjoint neurons) times k_coef_lip = L for the head',
          `    (${DOCS.torchlip.api}). A two-logit head gives two outputs and their difference is the score.`,
        ]
      : [`    The net, ${describeNet(shape)}: torch.nn.Linear layers with Glorot uniform kernels and zero biases, the playground's init.`];
    const notes = lipschitz ? spectral.notes : [];
    return [
      ...(lipschitz
        ? []
        : [
            'def glorot_linear(inputs, outputs):',
            '    layer = torch.nn.Linear(inputs, outputs)',
            '    torch.nn.init.xavier_uniform_(layer.weight)',
            '    torch.nn.init.zeros_(layer.bias)',
            '    return layer',
            '',
            '',
          ]),
      `def build_model(head_outputs=HEAD_OUTPUTS, head_lip=${lipschitz ? 'LIPSCHITZ' : '1.0'}):`,
      '    """',
      ...doc,
      '    """',
      ...(notes.length ? [pyComment(notes, '    ')] : []),
      '    layers = [',
      ...layers.map((l) => `        ${l},`),
      '    ]',
      '    if head_outputs == 2:',
      '        layers.append(LogitDifference())',
      ...(lipschitz
        ? [
            '    # torch.nn.Sequential, not torchlip.Sequential: that one sets every layer\'s k_coef_lip to its own',
            `    # (1 by default) share of L, which would undo the head's k_coef_lip (${DOCS.torchlip.sequential}).`,
          ]
        : []),
      '    return torch.nn.Sequential(*layers)',
    ].join('\n');
  },
  lossAndOptimizer(loss, config) {
    const lr = libraryLearningRate(config.train, loss.scale);
    const optimizer =
      config.train.optimizer === 'adam'
        ? `torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(${ADAM.beta1}, ${ADAM.beta2}), eps=${ADAM.epsilon})`
        : 'torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)';
    return [
      pyComment([`The loss: the playground's ${lossSummary(config)}, in deel-torchlip's conventions (${DOCS.torchlip.api};`, `the formulas in ${DOCS.torchlip.losses}).`, ...loss.notes]),
      `LOSS = torchlip.${loss.className}(${pyArgs(loss.args)})`,
      pyComment([optimizerNote(config.train.optimizer), ...lrNotes(config, loss, lr), `(${DOCS.torch.adam})`]),
      `LEARNING_RATE = ${pyFloat(lr)}`,
      '',
      '',
      'def make_optimizer(model):',
      `    return ${optimizer}`,
    ].join('\n');
  },
  training: `def train(model, x_train, y_train):
    """The playground's loop: STEPS steps on batches of BATCH_SIZE drawn without replacement within an epoch."""
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train)
    optimizer = make_optimizer(model)
    batches = batch_indices(len(x_train), BATCH_SIZE, TRAIN_SEED)
    model.train()
    for step in range(1, STEPS + 1):
        index = torch.from_numpy(next(batches))
        loss = LOSS(model(x[index]), y[index])  # torchlip losses take (prediction, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 500 == 0 or step == STEPS:
            print(f"step {step}: batch loss {loss.item():.4f}")
    return model.eval()


def evaluate(model, points):
    """f at points [[x, y], ...] in eval mode, as a list of floats."""
    model.eval()
    with torch.no_grad():
        return model(torch.tensor(np.asarray(points, dtype=np.float32).reshape(-1, 2))).reshape(-1).tolist()`,
  loading: `def load_linear(layer, w, b):
    """Makes a (Spectral|Frobenius)Linear or Linear compute x @ w + b in eval mode (w: in x out, the file's layout)."""
    wt = torch.tensor(w, dtype=torch.float32).T.contiguous()  # torch keeps out x in
    with torch.no_grad():
        layer.bias.copy_(torch.tensor(b, dtype=torch.float32))
        if not parametrize.is_parametrized(layer, "weight"):
            layer.weight.copy_(wt)
            return
        # The constrained layers are torch parametrizations of "weight" (spectral norm, Björck or Frobenius
        # normalisation, the k_coef_lip factor). w is already orthonormal (or of Frobenius norm L for the head),
        # so it is its own normalised value: it goes into the original weight, and into the caches eval mode reads.
        layer.parametrizations.weight.original.copy_(wt)
        for step in layer.parametrizations.weight:
            if hasattr(step, "_w_bjorck"):  # deel-torchlip's Björck result, what eval mode returns
                step._w_bjorck = wt.clone()
            if hasattr(step, "_u") and hasattr(step, "_v"):  # torch's spectral norm: vectors with u W v = |W|_2 = 1
                v = torch.nn.functional.normalize(wt.T @ torch.ones(wt.shape[0]), dim=0)
                step._v.copy_(v)
                step._u.copy_(torch.nn.functional.normalize(wt @ v, dim=0))


def playground_model():
    """The net with the playground's trained weights, in eval mode. One output: a two-logit head is loaded as
    its score f = f0 - f1 (all the model file holds), a FrobeniusLinear head scaled by |w0 - w1| L."""
    model = build_model(head_outputs=1, head_lip=LOADED_HEAD_SCALE)
    dense = [m for m in model if isinstance(m, torch.nn.Linear)]
    for layer, w, b in zip(dense, WEIGHTS, BIASES):
        load_linear(layer, w, b)
    return model.eval()`,
};

const DEEL_LIP: Flavour = {
  library: 'deel-lip',
  title: 'deel-lip (Keras)',
  install: 'pip install deel-lip scikit-learn',
  docs: [DOCS.deelLip.layers, DOCS.deelLip.activations, DOCS.deelLip.losses, DOCS.deelLip.sources],
  imports(shape) {
    const fromActivations = ['GroupSort2', 'FullSort', 'MaxMin'].filter((n) => shape.activations.some((a) => KERAS_ACTIVATION_LAYER[a] === `${n}()`));
    return [
      'import sys',
      '',
      'import numpy as np',
      'import tensorflow as tf',
      ...(shape.kind === 'lipschitz' ? ['from deel.lip.layers import FrobeniusDense, SpectralDense'] : []),
      ...(fromActivations.length ? [`from deel.lip.activations import ${fromActivations.join(', ')}`] : []),
      'from deel.lip import losses',
    ].join('\n');
  },
  buildModel(shape, config) {
    const lipschitz = shape.kind === 'lipschitz';
    const spectral = spectralLayerArgs('deel-lip', config.model);
    const layers = layerList(
      shape,
      (_, o) => (lipschitz ? `SpectralDense(${o}, ${pyArgs(spectral.args)})` : `tf.keras.layers.Dense(${o})`),
      () => (lipschitz ? 'FrobeniusDense(head_outputs, k_coef_lip=head_lip)' : 'tf.keras.layers.Dense(head_outputs)'),
      (a) => KERAS_ACTIVATION_LAYER[a],
    );
    const doc = lipschitz
      ? [
          `    The net, ${describeNet(shape)}: deel-lip's SpectralDense (power iteration + Björck) for the hidden layers,`,
          `    FrobeniusDense (disjoint neurons) times k_coef_lip = L for the head (${DOCS.deelLip.layers};`,
          `    activations: ${DOCS.deelLip.activations}). A two-logit head gives two outputs and their difference is the score.`,
        ]
      : [`    The net, ${describeNet(shape)}: Keras Dense layers (Glorot uniform kernels, zero biases: the playground's init).`];
    return [
      `def build_model(head_outputs=HEAD_OUTPUTS, head_lip=${lipschitz ? 'LIPSCHITZ' : '1.0'}):`,
      '    """',
      ...doc,
      '    """',
      ...(lipschitz && spectral.notes.length ? [pyComment(spectral.notes, '    ')] : []),
      '    layers = [',
      '        tf.keras.Input(shape=(2,)),',
      ...layers.map((l) => `        ${l},`),
      '    ]',
      '    if head_outputs == 2:',
      '        layers.append(tf.keras.layers.Lambda(lambda z: z[:, :1] - z[:, 1:]))  # the score f0 - f1',
      ...(lipschitz
        ? [
            '    # tf.keras.Sequential, not deel.lip.model.Sequential: that one sets every layer\'s k_coef_lip to its own',
            `    # (1 by default) share of L, which would undo the head's k_coef_lip (${DOCS.deelLip.sequential}).`,
          ]
        : []),
      '    return tf.keras.Sequential(layers)',
    ].join('\n');
  },
  lossAndOptimizer(loss, config) {
    const lr = libraryLearningRate(config.train, loss.scale);
    const optimizer =
      config.train.optimizer === 'adam'
        ? `tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE, beta_1=${ADAM.beta1}, beta_2=${ADAM.beta2}, epsilon=${ADAM.epsilon})`
        : 'tf.keras.optimizers.SGD(learning_rate=LEARNING_RATE)';
    return [
      pyComment([`The loss: the playground's ${lossSummary(config)}, in deel-lip's conventions (${DOCS.deelLip.losses};`, `the formulas in ${DOCS.deelLip.sources}).`, ...loss.notes]),
      `LOSS = losses.${loss.className}(${pyArgs(loss.args)})`,
      pyComment([optimizerNote(config.train.optimizer), ...lrNotes(config, loss, lr), `(${DOCS.keras.adam})`]),
      `LEARNING_RATE = ${pyFloat(lr)}`,
      '',
      '',
      'def make_optimizer():',
      `    return ${optimizer}`,
    ].join('\n');
  },
  training: `def train(model, x_train, y_train):
    """The playground's loop: STEPS steps on batches of BATCH_SIZE drawn without replacement within an epoch.
    training=True recomputes the constrained kernels (and their wbar caches) each step."""
    optimizer = make_optimizer()

    @tf.function
    def step_on(xb, yb):
        with tf.GradientTape() as tape:
            loss = LOSS(yb, model(xb, training=True))  # Keras losses take (target, prediction)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    batches = batch_indices(len(x_train), BATCH_SIZE, TRAIN_SEED)
    for step in range(1, STEPS + 1):
        index = next(batches)
        loss = step_on(tf.constant(x_train[index]), tf.constant(y_train[index]))
        if step % 500 == 0 or step == STEPS:
            print(f"step {step}: batch loss {float(loss):.4f}")
    return model


def evaluate(model, points):
    """f at points [[x, y], ...] with training=False (the layers' wbar caches), as a list of floats."""
    x = tf.constant(np.asarray(points, dtype=np.float32).reshape(-1, 2))
    return model(x, training=False).numpy().reshape(-1).tolist()`,
  loading: `def load_dense(layer, w, b):
    """Makes a SpectralDense, FrobeniusDense or Dense compute x @ w + b with training=False (w: in x out, Keras'
    layout too). The constrained layers read their normalised kernel from wbar in eval mode; w is already
    normalised, so it is both the kernel and wbar."""
    w = np.asarray(w, dtype=np.float32)
    layer.kernel.assign(w)
    layer.bias.assign(np.asarray(b, dtype=np.float32))
    if getattr(layer, "wbar", None) is not None:
        layer.wbar.assign(w)


def playground_model():
    """The net with the playground's trained weights. One output: a two-logit head is loaded as its score
    f = f0 - f1 (all the model file holds), a FrobeniusDense head scaled by |w0 - w1| L."""
    model = build_model(head_outputs=1, head_lip=LOADED_HEAD_SCALE)
    dense = [layer for layer in model.layers if isinstance(layer, tf.keras.layers.Dense)]
    for layer, w, b in zip(dense, WEIGHTS, BIASES):
        load_dense(layer, w, b)
    return model`,
};

function lrNotes(config: ExperimentConfig, loss: LibraryLoss, lr: number): string[] {
  if (lr === config.train.lr) {
    return loss.scale === 1 ? [`Learning rate ${config.train.lr}, the playground's.`] : [`Learning rate ${config.train.lr}, the playground's: Adam's steps do not change when the loss is scaled.`];
  }
  return [`Learning rate ${config.train.lr} / ${loss.scale} = ${lr}: the library's loss is ${loss.scale} times the playground's, and SGD's step with it.`];
}

const BATCHES = `def batch_indices(count, batch_size, seed):
    """Indices of successive batches: a seeded shuffle of the training set cut into batches, reshuffled when it runs
    out (a batch never mixes two epochs); a batch as large as the set is the whole set (the playground's sampler)."""
    rng = np.random.default_rng(seed)
    if batch_size >= count:
        while True:
            yield np.arange(count)
    order, position = np.arange(count), count
    while True:
        if position + batch_size > count:
            rng.shuffle(order)
            position = 0
        yield order[position:position + batch_size].copy()
        position += batch_size`;

const REPORT = `def accuracy(model, x, y):
    if len(x) == 0:
        return float("nan")
    f = np.asarray(evaluate(model, x))
    return float(np.mean(np.sign(f) == y.reshape(-1)))`;

/** The zoo's dense layers other than Björck, as the scripts name them (the residual ones never reach here). */
const OTHER_DENSE_LAYER: Partial<Record<LayerName, string>> = { cayley: 'Cayley', soc: 'SOC (matrix exponential)', aol: 'AOL' };

/**
 * What the script says of a Lipschitz net the playground trained with another layer of the zoo than Björck:
 * the library has none of them, so the script trains its Björck layer and loads the trained weights as they
 * are (effective weights, whatever made them). Empty for Björck and for standard nets.
 */
function layerNote(flavour: Flavour, config: ExperimentConfig): string {
  const name = config.model.kind === 'lipschitz' ? OTHER_DENSE_LAYER[config.model.layer] : undefined;
  if (!name) return '';
  const layer = flavour.library === 'torchlip' ? 'SpectralLinear' : 'SpectralDense';
  return `The playground trained this net with ${name} layers, which ${flavour.title} does not have: the script trains its
${layer} (Björck) layers instead, and loads the trained ${name} weights (the effective ones) as they are for the self-check.
`;
}

function header(flavour: Flavour, input: LibraryScriptInput, shape: NetShape): string {
  const { config } = input;
  const t = config.train;
  const data = config.data.name === 'user' ? 'the user\'s points' : `${config.data.name} (${config.data.n} points, noise ${config.data.noise})`;
  return `"""
Lipschitz Playground -> ${flavour.title}: ${describeNet(shape)}${config.model.head === 'two-logit' ? ' (two-logit head)' : ''},
trained with ${lossSummary(config)} and ${t.optimizer} (lr ${t.lr}, batch ${t.batchSize}, ${t.steps} steps) on ${data}.

It builds the net from the library's layers, draws the data, trains with the playground's settings in the library's
conventions (each translation is explained where it is made), reports the accuracy, and ends with a self-check:
${input.trainedWeights ? "the playground's trained weights, loaded into the same layers, give the playground's f." : 'no trained weights were embedded, so there is nothing to compare (export with the weights to check).'}
${input.configGiven ? '' : "No configuration came with the model file: the data, loss and training settings are the playground's defaults.\n"}${layerNote(flavour, config)}
    ${flavour.install}
    python3 this_script.py               # train, then the self-check
    python3 this_script.py --check-only  # the self-check alone

Documentation of the layouts used here:
${flavour.docs.map((d) => `    ${d}`).join('\n')}
Written by the Lipschitz Playground (npm run export -- MODEL.json --to ${flavour.library}).
"""`;
}

export function libraryScript(library: Library, input: LibraryScriptInput): string {
  const flavour = library === 'torchlip' ? TORCHLIP : DEEL_LIP;
  const { model, config } = input;
  const shape = netShapeOf(model);
  const loss = libraryLoss(library, config.loss);
  const t = config.train;
  const seeding = library === 'torchlip' ? 'torch.manual_seed(TRAIN_SEED)' : 'tf.keras.utils.set_random_seed(TRAIN_SEED)';
  const sections = [
    header(flavour, input, shape),
    flavour.imports(shape),
    [
      `LIPSCHITZ = ${pyFloat(shape.lipschitz ?? 1)}${shape.lipschitz === null ? '  # a standard net: no constraint' : ''}`,
      `HEAD_OUTPUTS = ${config.model.head === 'two-logit' ? 2 : 1}  # ${config.model.head}`,
      `BATCH_SIZE = ${t.batchSize}`,
      `STEPS = ${t.steps}`,
      `TRAIN_SEED = ${t.seed}  # seeds the library's init and the batches; not the playground's random stream`,
    ].join('\n'),
    flavour.lossAndOptimizer(loss, config),
    datasetPython(config.data, input.dataset),
    flavour.buildModel(shape, config),
    BATCHES,
    flavour.training,
    REPORT,
  ];
  if (input.trainedWeights) {
    sections.push(
      [weightsPython(model), `LOADED_HEAD_SCALE = ${pyFloat(loadedHeadScale(shape, config))}`].join('\n'),
      flavour.loading,
      selfCheckPython(input.check, LIBRARY_CHECK_TOLERANCE, "the library net holding the playground's weights"),
    );
  }
  const check = input.trainedWeights
    ? ['    ok = self_check(playground_model())', '    sys.exit(0 if ok else 1)']
    : ['    print("self-check: no trained weights were embedded in this script")'];
  sections.push(
    [
      'def main():',
      '    if "--check-only" not in sys.argv:',
      '        x_train, y_train, x_test, y_test = load_data()',
      `        ${seeding}`,
      '        model = train(build_model(), x_train, y_train)',
      '        print(f"train accuracy {accuracy(model, x_train, y_train):.3f}, test accuracy {accuracy(model, x_test, y_test):.3f}")',
      ...check,
    ].join('\n'),
    'if __name__ == "__main__":\n    main()',
  );
  return `${sections.join('\n\n\n')}\n`;
}
