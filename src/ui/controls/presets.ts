/**
 * Named setups from the paper, one click (or one link) away. Each preset is data: a patch over
 * DEFAULT_CONFIG; `presetConfig` builds its full ExperimentConfig. Two moons follow the paper's demo
 * (n 1000, noise 0.05, Lipschitz GroupSort2 net 64-64-64) unless the preset says otherwise. Pure; no DOM.
 */
import {
  DEFAULT_CONFIG,
  type DataConfig,
  type ExperimentConfig,
  type LossConfig,
  type ModelConfig,
  type TrainConfig,
} from '../../core/config';
import { parseSweep, type Sweep } from '../../core/sweep';

export interface ConfigPatch {
  data?: Partial<DataConfig>;
  model?: Partial<ModelConfig>;
  loss?: Partial<LossConfig>;
  train?: Partial<TrainConfig>;
}

export interface Preset {
  /** Stable slug, for links and tests. */
  id: string;
  /** The button's text. */
  title: string;
  /** One sentence on what to look for. */
  description: string;
  patch: ConfigPatch;
  /** A comparison: one model per value (the URL's `sweep` syntax), all else the patch's. */
  sweep?: string;
}

const MOONS: Partial<DataConfig> = { name: 'moons', n: 1000, noise: 0.05 };
const LIPSCHITZ_64x3: Partial<ModelConfig> = { kind: 'lipschitz', hidden: [64, 64, 64], activation: 'groupsort2', lipschitz: 1 };

export const PRESETS: readonly Preset[] = [
  {
    id: 'moons-tau-10',
    title: 'Two moons, τ = 10',
    description: 'High temperature: about 100% accuracy, a tight boundary and small certified radii.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'tau-bce', tau: 10 } },
  },
  {
    id: 'moons-tau-5',
    title: 'Two moons, τ = 5',
    description: 'The middle of the paper’s sweep: accuracy and margin traded off.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'tau-bce', tau: 5 } },
  },
  {
    id: 'moons-tau-0.5',
    title: 'Two moons, τ = 0.5',
    description: 'Low temperature: a nearly straight boundary, lower accuracy, large certified radii.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'tau-bce', tau: 0.5 } },
  },
  {
    id: 'moons-hkr',
    title: 'HKR α = 10, m = 0.29',
    description: 'Hinge plus Kantorovich-Rubinstein, as in the deel-lip two-moons demo.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'hkr', alpha: 10, margin: 0.29 } },
  },
  {
    id: 'snowflake-tau-100',
    title: 'Snowflake (τ = 100, 4×64)',
    description:
      'A 1-Lipschitz net fits the Koch snowflake: any boundary is reachable. Measured with the runner: 99.1% of the training points after 6000 steps, 98.7-99.4% after (τ = 20 stalls near 96%); about 2 minutes in the browser here (53 steps/s, 2 cores).',
    patch: {
      data: { name: 'snowflake', n: 2000, noise: 0 },
      model: { ...LIPSCHITZ_64x3, hidden: [64, 64, 64, 64] },
      loss: { name: 'tau-bce', tau: 100 },
      train: { batchSize: 1024 },
    },
  },
  {
    id: 'lipschitz-vs-standard',
    title: 'Lipschitz vs standard',
    description:
      'The same GroupSort2 net and loss (τ = 10), constrained or not: equal accuracy, but the standard net’s Lipschitz bound grows while the 1-Lipschitz net’s stays 1, so its certificate is much looser.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'tau-bce', tau: 10 } },
    sweep: 'model:lipschitz,standard',
  },
  {
    id: 'tau-sweep',
    title: 'τ sweep',
    description: 'τ = 0.1, 1, 10, 100 side by side: accuracy rises with τ while the certified radii shrink (the paper’s trade-off).',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'tau-bce' } },
    sweep: 'tau:0.1..100/4',
  },
  {
    id: 'hkr-alpha-sweep',
    title: 'HKR α sweep',
    description: 'HKR with margin 0.29 and α = 0.25, 1, 10, 100: small α keeps large margins, large α fits the data.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'hkr', margin: 0.29 } },
    sweep: 'alpha:0.25,1,10,100',
  },
  {
    id: 'paper-figure-2',
    title: 'Paper, figure 2',
    description:
      "The paper's figure-2 setting (5000 moons, 256-128-64 GroupSort2, two-logit head, Adam 1e-3, batch 1024) at τ = 0.5, 5, 10. Switch the ε axis: the paper's raw margin reads up to twice the sound radius. Slow on this 2-core machine without a GPU: 3 to 7 steps a second, so 1000 steps take 3 to 5 minutes.",
    patch: {
      data: { name: 'moons', n: 5000, noise: 0.05 },
      model: { kind: 'lipschitz', hidden: [256, 128, 64], activation: 'groupsort2', lipschitz: 1, head: 'two-logit' },
      loss: { name: 'tau-bce', tau: 10 },
      train: { optimizer: 'adam', lr: 0.001, batchSize: 1024 },
    },
    sweep: 'tau:0.5,5,10',
  },
  {
    id: 'layer-zoo-moons',
    title: 'Layer zoo (two moons)',
    description:
      'Six 1-Lipschitz parametrisations on the same data and seed: Björck, Cayley and SOC (orthogonal: |∇f| reaches 1 with GroupSort2), AOL (rescaled), SLL and CPL (residual, ReLU inside): AOL, SLL and CPL keep |∇f| below 1, so their certified radii are smaller for the same fit.',
    patch: { data: MOONS, model: LIPSCHITZ_64x3, loss: { name: 'tau-bce', tau: 10 } },
    sweep: 'layer:bjorck,cayley,soc,aol,sll,cpl',
  },
  {
    id: 'layer-zoo-snowflake',
    title: 'Layer zoo (snowflake)',
    description: 'The same six layers on the Koch snowflake (τ = 100): which parametrisation fits a hard boundary, and at what cost per step.',
    patch: {
      data: { name: 'snowflake', n: 2000, noise: 0 },
      model: LIPSCHITZ_64x3,
      loss: { name: 'tau-bce', tau: 100 },
      train: { batchSize: 1024 },
    },
    sweep: 'layer:bjorck,cayley,soc,aol,sll,cpl',
  },
  {
    id: 'robust-training',
    title: 'Robust training (standard net)',
    description:
      'A standard ReLU net with BCE, plain and with LMT or GloRo at ε = 0.1 (they ask y f > ε K, K the product of spectral norms): the same accuracy, a smaller K, and most test points certified at 0.1 instead of few.',
    patch: { data: MOONS, model: { kind: 'standard', hidden: [32, 32], activation: 'relu' }, loss: { name: 'bce' }, train: { robustEps: 0.1 } },
    sweep: 'robust:none,lmt,gloro',
  },
  {
    id: 'moons-standard-bce',
    title: 'Standard net, BCE',
    description: 'An unconstrained ReLU net with plain cross-entropy: compare its loose certificate.',
    patch: { data: MOONS, model: { kind: 'standard', hidden: [64, 64, 64], activation: 'relu' }, loss: { name: 'bce' } },
  },
];

/** The full configuration of a preset: DEFAULT_CONFIG with the preset's patch applied, section by section. */
export function presetConfig(preset: Preset): ExperimentConfig {
  const base = structuredClone(DEFAULT_CONFIG);
  const { data, model, loss, train } = structuredClone(preset.patch);
  return {
    v: 1,
    data: { ...base.data, ...data },
    model: { ...base.model, ...model },
    loss: { ...base.loss, ...loss },
    train: { ...base.train, ...train },
  };
}

/** Structural equality of plain JSON values (configs), ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The preset's sweep, parsed (presets' sweeps are valid: a test checks every one). */
export function presetSweep(preset: Preset): Sweep | null {
  if (!preset.sweep) return null;
  const parsed = parseSweep(preset.sweep);
  return parsed.ok ? parsed.value : null;
}

/** The preset whose configuration and sweep are exactly these, if any (to mark it as current). */
export function matchingPreset(config: ExperimentConfig, sweep: Sweep | null = null): Preset | undefined {
  return PRESETS.find((p) => sameJson(presetConfig(p), config) && sameJson(presetSweep(p), sweep));
}
