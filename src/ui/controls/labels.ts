/**
 * What a person reads for each option of the configuration's literal unions. `Record<Union, string>`
 * keeps every table complete when a union grows.
 */
import type { ActivationName, DatasetName, LayerName, LossName, ModelKind, OptimizerName, RobustMethod } from '../../core/config';
import type { SelectOption } from './SelectField';

export const DATASET_LABELS: Record<DatasetName, string> = {
  moons: 'Two moons',
  circles: 'Circles',
  xor: 'XOR',
  spiral: 'Spiral',
  blobs: 'Blobs',
  checkerboard: 'Checkerboard',
  snowflake: 'Koch snowflake',
  user: 'Your points',
};

export const MODEL_KIND_LABELS: Record<ModelKind, string> = {
  lipschitz: 'Lipschitz',
  standard: 'Standard',
};

export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  groupsort2: 'GroupSort2',
  fullsort: 'FullSort',
  maxmin: 'MaxMin',
  relu: 'ReLU',
  tanh: 'tanh',
  abs: 'abs',
};

/** The layer zoo (docs/layers-dense.md, docs/layers-residual.md): each name with its paper's short form. */
export const LAYER_LABELS: Record<LayerName, string> = {
  bjorck: 'Björck (orthonormal)',
  cayley: 'Cayley (orthogonal)',
  soc: 'SOC (matrix exponential)',
  aol: 'AOL (rescaled, no iteration)',
  sll: 'SLL (residual)',
  cpl: 'CPL (residual)',
};

export const ROBUST_LABELS: Record<RobustMethod, string> = {
  none: 'None',
  lmt: 'LMT (Lipschitz margin)',
  gloro: 'GloRo',
};

export const LOSS_LABELS: Record<LossName, string> = {
  kr: 'KR (Wasserstein)',
  hinge: 'Hinge',
  hkr: 'HKR (hinge + KR)',
  'tau-bce': 'τ-BCE (temperature)',
  bce: 'BCE',
};

/** One line per loss: its formula, as in docs/math.md, "Losses". */
export const LOSS_FORMULAS: Record<LossName, string> = {
  kr: 'mean f on class −1 minus mean f on class +1',
  hinge: 'mean relu(m − y f)',
  hkr: 'α · hinge_m + KR',
  'tau-bce': 'mean softplus(−τ y f) / τ',
  bce: 'mean softplus(−y f)',
};

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  adam: 'Adam',
  sgd: 'SGD',
};

/** Select options from a list of values and their labels. */
export function optionsOf<T extends string>(values: readonly T[], labels: Record<T, string>): SelectOption<T>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
