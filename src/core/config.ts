/**
 * The experiment configuration: one versioned JSON document, the single source of truth shared by the
 * app, the URL codec, the Web Worker and the headless runner. Every field has a default; parsing reports
 * each bad field by its path and replaces it by its default, so callers choose between strict (runner:
 * any error is fatal) and lenient (URL: fall back and show a notice) handling.
 *
 * Framework-free: no React, no store, no tfjs.
 */
import { quoteUntrusted, showUntrustedKey } from './text';
import { checkCost } from './cost';

export const DATASET_NAMES = ['moons', 'circles', 'xor', 'spiral', 'blobs', 'checkerboard', 'snowflake', 'user'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const MODEL_KINDS = ['lipschitz', 'standard'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const ACTIVATIONS = ['groupsort2', 'fullsort', 'maxmin', 'relu', 'tanh', 'abs'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const LOSS_NAMES = ['kr', 'hinge', 'hkr', 'tau-bce', 'bce'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/**
 * The binary head: one output f (ours), or the paper's figure 2 head, two outputs (f0, f1) each normalised
 * on its own, whose score is f = f0 - f1 (docs/math.md, "Two-logit head").
 */
export const HEADS = ['one-logit', 'two-logit'] as const;
export type HeadKind = (typeof HEADS)[number];

/**
 * How a Lipschitz net's hidden layers are parametrised (the layer zoo; docs/layers-dense.md, docs/layers-residual.md):
 * dense `bjorck` (Björck-orthonormalised, the default), `cayley`, `soc` (matrix exponential) and `aol`;
 * residual `sll` and `cpl`, which keep the width (the first layer 2 -> width and the head stay dense).
 * A standard net ignores it.
 */
export const LAYERS = ['bjorck', 'cayley', 'soc', 'aol', 'sll', 'cpl'] as const;
export type LayerName = (typeof LAYERS)[number];
/** The residual layers: width in = width out, and an elementwise activation inside each block. */
export const RESIDUAL_LAYERS: readonly LayerName[] = ['sll', 'cpl'];
export const isResidualLayer = (layer: LayerName): boolean => RESIDUAL_LAYERS.includes(layer);
/**
 * Activations a residual block may use: elementwise, monotone, slope in [0, 1] (the SLL and CPL proofs
 * need all three; GroupSort is not elementwise, abs not monotone).
 */
export const RESIDUAL_ACTIVATIONS: readonly ActivationName[] = ['relu', 'tanh'];

/**
 * A robust training method for any net (meant for standard ones; docs/robust-training.md):
 * `lmt` (Lipschitz margin training, Tsuzuku et al. 2018) and `gloro` (globally robust nets, Leino et al.
 * 2021) ask for y f(x) > eps K with K the product of the layers' spectral norms.
 */
export const ROBUST_METHODS = ['none', 'lmt', 'gloro'] as const;
export type RobustMethod = (typeof ROBUST_METHODS)[number];

export const OPTIMIZERS = ['adam', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** A user-supplied point: x, y in data space and its label (+1 or -1; 0 is read as -1). */
export type LabelledPoint = [number, number, number];

export interface DataConfig {
  name: DatasetName;
  /** Number of points in all (train + test). Ignored for `user` data, which uses `points`. */
  n: number;
  /** Noise level; its meaning per dataset is documented in src/data/datasets.ts. */
  noise: number;
  seed: number;
  /** Fraction of the points held out for testing. */
  testFraction: number;
  /** Points for the `user` dataset. */
  points: LabelledPoint[];
  /**
   * Factor on every generated point (after the noise), so the domain scales with it; user points are
   * taken as given. tau has units of 1/length and the hinge margin of length (docs/math.md).
   */
  scale: number;
}

export interface BjorckConfig {
  /** Maximum number of Björck iterations per training step. */
  iterations: number;
  /** Stop early when |W_new - W|_F < tolerance (0: always run `iterations`). */
  tolerance: number;
  /** Björck step: W <- (1 + beta) W - beta W W^T W. */
  beta: number;
  /**
   * Differentiate exactly through the last `gradientIterations` iterations only, holding W^T W constant
   * in the earlier ones (0: exact through all). The forward result does not change.
   */
  gradientIterations: number;
}

export interface PowerIterationConfig {
  iterations: number;
  tolerance: number;
}

export interface ModelConfig {
  kind: ModelKind;
  /** Widths of the hidden layers; the input is 2 and the output 1 (2 logits with the two-logit head). */
  hidden: number[];
  head: HeadKind;
  activation: ActivationName;
  /** Parametrisation of a Lipschitz net's hidden layers (`LAYERS`); a standard net ignores it. */
  layer: LayerName;
  /** Lipschitz constant L of the whole constrained net (its output is multiplied by L). */
  lipschitz: number;
  bjorck: BjorckConfig;
  power: PowerIterationConfig;
}

export interface LossConfig {
  name: LossName;
  /** Temperature of tau-bce. */
  tau: number;
  /** Weight of the hinge term in hkr. */
  alpha: number;
  /** Hinge margin m: hinge = mean relu(m - y f) (the full margin, as older deel-lip; not m/2). */
  margin: number;
}

export interface TrainConfig {
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  steps: number;
  /** Seed of weight initialisation and batch sampling. */
  seed: number;
  /**
   * Robust training method (`ROBUST_METHODS`). Named apart from `loss.margin`, the hinge's margin, which
   * the URL already calls `margin`: here the margin is eps times the net's Lipschitz bound.
   */
  robust: RobustMethod;
  /** The radius eps that `robust` asks every training point to be certified at. */
  robustEps: number;
}

export interface ExperimentConfig {
  v: 1;
  data: DataConfig;
  model: ModelConfig;
  loss: LossConfig;
  train: TrainConfig;
}

export const DEFAULT_CONFIG: ExperimentConfig = {
  v: 1,
  data: { name: 'moons', n: 1000, noise: 0.05, seed: 1, testFraction: 0.25, points: [], scale: 1 },
  model: {
    kind: 'lipschitz',
    hidden: [64, 64, 64],
    head: 'one-logit',
    activation: 'groupsort2',
    layer: 'bjorck',
    lipschitz: 1,
    bjorck: { iterations: 15, tolerance: 1e-3, beta: 0.5, gradientIterations: 1 },
    power: { iterations: 10, tolerance: 1e-3 },
  },
  loss: { name: 'tau-bce', tau: 10, alpha: 10, margin: 0.29 },
  train: { optimizer: 'adam', lr: 0.01, batchSize: 256, steps: 2000, seed: 1, robust: 'none', robustEps: 0.1 },
};

/**
 * Limits that keep a config trainable in a browser tab; shared by validation and the UI's inputs.
 *
 * Every limit is also float32-safe: tfjs computes in float32 (largest finite 3.4e38, smallest normal
 * 1.2e-38), so a value that is finite in JS can still become Infinity, or 0, on the way to a tensor
 * (`pts=1e39:0:1` once drew a blank page). No positive minimum is below 1e-7 and no maximum is above 1e7,
 * so every accepted value, and the products training forms from them (tau * L * |x| in tau-bce,
 * alpha * (margin + L |x|) in hkr, 1 / tau, lr * gradient), stays far inside float32's range; fields whose
 * minimum is 0 (noise, alpha, margin, tolerance, coordinates) may underflow to 0 in float32, which they
 * allow. config.test.ts checks these bounds.
 */
export const LIMITS = {
  n: { min: 4, max: 100_000 },
  noise: { min: 0, max: 2 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  testFraction: { min: 0, max: 0.9 },
  points: { max: 100_000 },
  /**
   * Each coordinate of a user point. The generated datasets reach about 1.1e3 at the largest scale and
   * noise (scale 100, noise 2), so a drawing on any plot fits; 1e4 leaves room for imported data while
   * f, tau * f and the squared distances of the analysis stay ordinary float32 numbers.
   */
  coordinate: { min: -10_000, max: 10_000 },
  scale: { min: 0.01, max: 100 },
  hiddenLayers: { min: 0, max: 8 },
  width: { min: 1, max: 1024 },
  lipschitz: { min: 1e-3, max: 1e4 },
  bjorckIterations: { min: 0, max: 100 },
  powerIterations: { min: 1, max: 100 },
  tolerance: { min: 0, max: 1 },
  beta: { min: 0.01, max: 1 },
  tau: { min: 1e-3, max: 1e4 },
  alpha: { min: 0, max: 1e6 },
  margin: { min: 0, max: 100 },
  lr: { min: 1e-7, max: 10 },
  batchSize: { min: 1, max: 100_000 },
  steps: { min: 0, max: 10_000_000 },
  robustEps: { min: 0, max: 100 },
} as const;

export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `loss.tau`. */
  path: string;
  message: string;
}

export interface ParsedConfig {
  /** The config with every bad or missing field replaced by its default. */
  config: ExperimentConfig;
  /** One entry per bad field; empty when the input was valid. */
  issues: ConfigIssue[];
}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one section: reports unknown keys, then lets `read` pick each known field. */
class SectionReader {
  constructor(
    private readonly prefix: string,
    private readonly raw: Raw,
    private readonly issues: ConfigIssue[],
  ) {}

  reportUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      // The key itself is untrusted: anything but a plain short name is quoted and truncated like a value.
      const shown = showUntrustedKey(key);
      if (!known.includes(key)) this.issue(shown, `unknown key (expected one of ${known.join(', ')})`);
    }
  }

  issue(key: string, message: string): void {
    this.issues.push({ path: this.prefix ? `${this.prefix}.${key}` : key, message });
  }

  number(key: string, fallback: number, range: { min: number; max: number }, integer = false): number {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    const problem = numberProblem(v, range, integer);
    if (problem) {
      this.issue(key, problem);
      return fallback;
    }
    return plusZero(v as number);
  }

  choice<T extends string>(key: string, fallback: T, options: readonly T[]): T {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
      this.issue(key, `must be one of ${options.join(', ')}, got ${describe(v)}`);
      return fallback;
    }
    return v as T;
  }

  section(key: string): SectionReader {
    const v = this.raw[key];
    const path = this.prefix ? `${this.prefix}.${key}` : key;
    if (v === undefined) return new SectionReader(path, {}, this.issues);
    if (!isObject(v)) {
      this.issue(key, `must be an object, got ${describe(v)}`);
      return new SectionReader(path, {}, this.issues);
    }
    return new SectionReader(path, v, this.issues);
  }

  get(key: string): unknown {
    return this.raw[key];
  }
}

/** Why `v` is not a number in `range` (an integer if asked), in the words every entry point shows; '' if it is. */
function numberProblem(v: unknown, range: { min: number; max: number }, integer = false): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a finite number, got ${describe(v)}`;
  if (integer && !Number.isInteger(v)) return `must be an integer, got ${v}`;
  if (v < range.min || v > range.max) return `must be between ${range.min} and ${range.max}, got ${v}`;
  return '';
}

/** -0 as 0: JSON and the URL write -0 as 0, so a parsed config must hold 0 to read back as itself. */
const plusZero = (v: number): number => (v === 0 ? 0 : v);

/** An untrusted value in a message: short, one line, never the value's own text but for a quoted string. */
function describe(v: unknown): string {
  if (typeof v === 'string') return quoteUntrusted(v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined) return String(v);
  // An object, function, symbol or bigint: its own text could be long, span lines, or throw.
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function readHidden(r: SectionReader, fallback: number[]): number[] {
  const v = r.get('hidden');
  if (v === undefined) return [...fallback];
  const { hiddenLayers, width } = LIMITS;
  if (!Array.isArray(v) || v.length < hiddenLayers.min || v.length > hiddenLayers.max) {
    r.issue('hidden', `must be a list of at most ${hiddenLayers.max} layer widths, got ${describe(v)}`);
    return [...fallback];
  }
  for (const w of v) {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < width.min || w > width.max) {
      r.issue('hidden', `each width must be an integer between ${width.min} and ${width.max}, got ${describe(w)}`);
      return [...fallback];
    }
  }
  return [...(v as number[])];
}

function readPoints(r: SectionReader): LabelledPoint[] {
  const v = r.get('points');
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > LIMITS.points.max) {
    r.issue('points', `must be a list of at most ${LIMITS.points.max} [x, y, label] triples`);
    return [];
  }
  const points: LabelledPoint[] = [];
  for (let i = 0; i < v.length; i++) {
    const problem = pointProblem(v[i]);
    if (problem) {
      r.issue('points', `point ${i}: ${problem}`);
      return [];
    }
    const [x, y, label] = v[i] as LabelledPoint;
    points.push([plusZero(x), plusZero(y), label === 1 ? 1 : -1]);
  }
  return points;
}

/** Why `p` is not an [x, y, label] user point ('' if it is), e.g. `x must be between -10000 and 10000, got 1e+39`. */
function pointProblem(p: unknown): string {
  if (!Array.isArray(p)) return `must be [x, y, label] with finite x, y and label -1, 0 or +1, got ${describe(p)}`;
  if (p.length !== 3) return `must be [x, y, label] with finite x, y and label -1, 0 or +1, got ${p.length} entries`;
  for (const [name, c] of [['x', p[0]], ['y', p[1]]] as const) {
    const problem = numberProblem(c, LIMITS.coordinate);
    if (problem) return `${name} ${problem}`;
  }
  if (p[2] !== 1 && p[2] !== 0 && p[2] !== -1) return `label must be -1, 0 or +1, got ${describe(p[2])}`;
  return '';
}

/**
 * Parses an untrusted JSON value into a complete configuration. Never throws: every problem becomes a
 * `ConfigIssue` naming the field, and that field takes its default.
 */
export function parseConfig(input: unknown): ParsedConfig {
  const issues: ConfigIssue[] = [];
  const d = DEFAULT_CONFIG;
  if (!isObject(input)) {
    issues.push({ path: '(root)', message: `the configuration must be a JSON object, got ${describe(input)}` });
    return { config: structuredClone(d), issues };
  }
  const root = new SectionReader('', input, issues);
  root.reportUnknown(['v', 'data', 'model', 'loss', 'train']);
  if (input.v !== undefined && input.v !== 1) root.issue('v', `unsupported version ${describe(input.v)} (this app reads version 1)`);

  const data = root.section('data');
  data.reportUnknown(['name', 'n', 'noise', 'seed', 'testFraction', 'points', 'scale']);
  const model = root.section('model');
  model.reportUnknown(['kind', 'hidden', 'head', 'activation', 'layer', 'lipschitz', 'bjorck', 'power']);
  const bjorck = model.section('bjorck');
  bjorck.reportUnknown(['iterations', 'tolerance', 'beta', 'gradientIterations']);
  const power = model.section('power');
  power.reportUnknown(['iterations', 'tolerance']);
  const loss = root.section('loss');
  loss.reportUnknown(['name', 'tau', 'alpha', 'margin']);
  const train = root.section('train');
  train.reportUnknown(['optimizer', 'lr', 'batchSize', 'steps', 'seed', 'robust', 'robustEps']);

  const L = LIMITS;
  const config: ExperimentConfig = {
    v: 1,
    data: {
      name: data.choice('name', d.data.name, DATASET_NAMES),
      n: data.number('n', d.data.n, L.n, true),
      noise: data.number('noise', d.data.noise, L.noise),
      seed: data.number('seed', d.data.seed, L.seed, true),
      testFraction: data.number('testFraction', d.data.testFraction, L.testFraction),
      points: readPoints(data),
      scale: data.number('scale', d.data.scale, L.scale),
    },
    model: {
      kind: model.choice('kind', d.model.kind, MODEL_KINDS),
      hidden: readHidden(model, d.model.hidden),
      head: model.choice('head', d.model.head, HEADS),
      activation: model.choice('activation', d.model.activation, ACTIVATIONS),
      layer: model.choice('layer', d.model.layer, LAYERS),
      lipschitz: model.number('lipschitz', d.model.lipschitz, L.lipschitz),
      bjorck: {
        iterations: bjorck.number('iterations', d.model.bjorck.iterations, L.bjorckIterations, true),
        tolerance: bjorck.number('tolerance', d.model.bjorck.tolerance, L.tolerance),
        beta: bjorck.number('beta', d.model.bjorck.beta, L.beta),
        gradientIterations: bjorck.number('gradientIterations', d.model.bjorck.gradientIterations, L.bjorckIterations, true),
      },
      power: {
        iterations: power.number('iterations', d.model.power.iterations, L.powerIterations, true),
        tolerance: power.number('tolerance', d.model.power.tolerance, L.tolerance),
      },
    },
    loss: {
      name: loss.choice('name', d.loss.name, LOSS_NAMES),
      tau: loss.number('tau', d.loss.tau, L.tau),
      alpha: loss.number('alpha', d.loss.alpha, L.alpha),
      margin: loss.number('margin', d.loss.margin, L.margin),
    },
    train: {
      optimizer: train.choice('optimizer', d.train.optimizer, OPTIMIZERS),
      lr: train.number('lr', d.train.lr, L.lr),
      batchSize: train.number('batchSize', d.train.batchSize, L.batchSize, true),
      steps: train.number('steps', d.train.steps, L.steps, true),
      seed: train.number('seed', d.train.seed, L.seed, true),
      robust: train.choice('robust', d.train.robust, ROBUST_METHODS),
      robustEps: train.number('robustEps', d.train.robustEps, L.robustEps),
    },
  };
  checkCrossField(config, issues);
  // What the whole config costs to train (core/cost.ts): over a limit, the field that matters is reset.
  issues.push(...checkCost(config, DEFAULT_CONFIG));
  return { config, issues };
}

/** Constraints that involve several fields; each falls back to a safe value and reports the field. */
function checkCrossField(c: ExperimentConfig, issues: ConfigIssue[]): void {
  const needsEven = c.model.activation === 'groupsort2';
  if (needsEven) {
    const odd = c.model.hidden.findIndex((w) => w % 2 !== 0);
    if (odd >= 0) {
      issues.push({
        path: 'model.hidden',
        message: `groupsort2 pairs neighbouring units, so every width must be even; layer ${odd + 1} has ${c.model.hidden[odd]}`,
      });
      c.model.hidden = [...DEFAULT_CONFIG.model.hidden];
    }
  }
  checkResidualLayer(c, issues);
  if (c.data.name === 'user' && c.data.points.length === 0) {
    // Bad points were reported already; either way an empty user dataset cannot train: use the default.
    // One point, or points of one class, do train (a drawing grows point by point); the app says what
    // one class means.
    if (!issues.some((i) => i.path === 'data.points')) {
      issues.push({
        path: 'data.points',
        message: `the user dataset needs at least one point; using ${DEFAULT_CONFIG.data.name} instead`,
      });
    }
    c.data.name = DEFAULT_CONFIG.data.name;
  }
}

/**
 * A residual layer (sll, cpl) in a Lipschitz net needs an elementwise activation inside its blocks and
 * every hidden width equal (each block maps width to width). Each misfit names its field and falls back:
 * the activation to relu, the widths to the first one.
 */
function checkResidualLayer(c: ExperimentConfig, issues: ConfigIssue[]): void {
  const { layer, activation, hidden } = c.model;
  if (c.model.kind !== 'lipschitz' || !isResidualLayer(layer)) return;
  if (!RESIDUAL_ACTIVATIONS.includes(activation)) {
    issues.push({
      path: 'model.activation',
      message: `the ${layer} layer is residual and needs an elementwise, monotone activation (${RESIDUAL_ACTIVATIONS.join(' or ')}) inside its blocks, got ${activation}; using relu`,
    });
    c.model.activation = 'relu';
  }
  const first = hidden[0];
  const other = hidden.findIndex((w) => w !== first);
  if (other >= 0) {
    issues.push({
      path: 'model.hidden',
      message: `the ${layer} layer is residual (width in = width out), so every hidden width must equal the first (${first}); layer ${other + 1} has ${hidden[other]}; using ${first} throughout`,
    });
    c.model.hidden = hidden.map(() => first);
  }
}

/** Strict parse for the runner: returns the config or throws one line naming every bad field. */
export function parseConfigStrict(input: unknown): ExperimentConfig {
  const { config, issues } = parseConfig(input);
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}
