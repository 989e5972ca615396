/**
 * The scalar URL keys (one number or one name each) and the config field each one sets, with the values
 * that field allows. One table for the URL codec (app/url.ts) and the sweep syntax (core/sweep.ts), so
 * `tau` means `loss.tau` in a link, in `sweep=` and in the runner's `--vary` alike. The limits are
 * config.ts's LIMITS; `integer` mirrors parseConfig (scalarKeys.test.ts checks both against it).
 */
import { ACTIVATIONS, HEADS, LAYERS, LIMITS, LOSS_NAMES, MODEL_KINDS, OPTIMIZERS, ROBUST_METHODS } from './config';

type Domain =
  | { kind: 'number'; min: number; max: number; integer: boolean }
  | { kind: 'choice'; options: readonly string[] };

export interface ScalarKey {
  key: string;
  /** Dotted config field, `section.name`. */
  field: string;
  /** The setting's name for people (a panel's accessible name): `τ`, `activation`. */
  label: string;
  domain: Domain;
}

const num = (range: { min: number; max: number }, integer = false): Domain => ({ kind: 'number', min: range.min, max: range.max, integer });
const choice = (options: readonly string[]): Domain => ({ kind: 'choice', options });

/** The keys a sweep may vary, in the order (then the paper's head and data scale). */
export const SCALAR_KEYS: readonly ScalarKey[] = [
  { key: 'tau', field: 'loss.tau', label: 'τ', domain: num(LIMITS.tau) },
  { key: 'alpha', field: 'loss.alpha', label: 'α', domain: num(LIMITS.alpha) },
  { key: 'margin', field: 'loss.margin', label: 'margin', domain: num(LIMITS.margin) },
  { key: 'L', field: 'model.lipschitz', label: 'L', domain: num(LIMITS.lipschitz) },
  { key: 'lr', field: 'train.lr', label: 'lr', domain: num(LIMITS.lr) },
  { key: 'model', field: 'model.kind', label: 'model', domain: choice(MODEL_KINDS) },
  { key: 'act', field: 'model.activation', label: 'activation', domain: choice(ACTIVATIONS) },
  { key: 'loss', field: 'loss.name', label: 'loss', domain: choice(LOSS_NAMES) },
  { key: 'noise', field: 'data.noise', label: 'noise', domain: num(LIMITS.noise) },
  { key: 'tseed', field: 'train.seed', label: 'training seed', domain: num(LIMITS.seed, true) },
  { key: 'opt', field: 'train.optimizer', label: 'optimizer', domain: choice(OPTIMIZERS) },
  { key: 'batch', field: 'train.batchSize', label: 'batch', domain: num(LIMITS.batchSize, true) },
  { key: 'head', field: 'model.head', label: 'head', domain: choice(HEADS) },
  { key: 'scale', field: 'data.scale', label: 'data scale', domain: num(LIMITS.scale) },
  { key: 'layer', field: 'model.layer', label: 'layer', domain: choice(LAYERS) },
  { key: 'robust', field: 'train.robust', label: 'robust training', domain: choice(ROBUST_METHODS) },
  { key: 'reps', field: 'train.robustEps', label: 'robust eps', domain: num(LIMITS.robustEps) },
];

const BY_NAME = new Map<string, ScalarKey>(SCALAR_KEYS.flatMap((s) => [[s.key, s], [s.field, s]] as const));

/** The entry for a URL key (`tau`) or its dotted field (`loss.tau`); undefined for anything else. */
export function findScalarKey(name: string): ScalarKey | undefined {
  return BY_NAME.get(name);
}
