/**
 * File names of the Export menu, from the configuration: `lipschitz-playground-<data>-<loss>[-standard]
 * [-vs-<swept key>]-step<N>[-<what>].<ext>`, e.g. lipschitz-playground-moons-tau10-step1200.png. The loss
 * part names the constants that matter for it (tau, alpha, margin), so two figures of a tau sweep differ.
 */
import type { ExperimentConfig } from '../core/config';
import type { Sweep } from '../core/sweep';

/** A number as it reads in a file name: shortest form, no exponent sign trouble (1e-7 -> 1e-7). */
function num(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** Keeps letters, digits, dot and dash; anything else becomes a dash (a swept key may hold odd text). */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
}

function lossPart(config: ExperimentConfig): string {
  const { name, tau, alpha, margin } = config.loss;
  switch (name) {
    case 'tau-bce':
      return `tau${num(tau)}`;
    case 'hkr':
      return `hkr-a${num(alpha)}-m${num(margin)}`;
    case 'hinge':
      return `hinge-m${num(margin)}`;
    default:
      return name;
  }
}

/**
 * The name of one exported file. `what` tells the files of one run apart (omitted for the figure:
 * "model", "config", ...); `ext` without its dot.
 */
export function exportFileName(config: ExperimentConfig, sweep: Sweep | null, step: number, ext: string, what?: string): string {
  const parts = ['lipschitz-playground', config.data.name, lossPart(config)];
  if (config.model.kind === 'standard') parts.push('standard');
  if (sweep) parts.push(`vs-${sweep.key}`);
  parts.push(`step${Math.max(0, Math.floor(step))}`);
  if (what) parts.push(what);
  return `${parts.map(safe).filter(Boolean).join('-')}.${safe(ext)}`;
}
