/**
 * Backend names, the parsing of a requested backend, and the report of a backend choice, without
 * importing tfjs: the playground's page reads `?backend=` and shows the worker's report, but leaves every
 * tensor to the training worker (select.ts, which does load tfjs, re-exports these).
 */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendPreference = 'auto' | BackendName;

/** Reads a backend preference such as a URL value; undefined when it names no backend. */
export function parsePreference(value: string | null | undefined): BackendPreference | undefined {
  if (value == null) return undefined;
  const v = value.trim().toLowerCase();
  return v === 'auto' || (BACKEND_NAMES as readonly string[]).includes(v) ? (v as BackendPreference) : undefined;
}

/** What the WebGPU adapter says about itself. */
export interface AdapterReport {
  /** True for a software fallback adapter (the browser's own flag, or a known software rasteriser). */
  isFallback: boolean;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/**
 * One backend's trial, or why it could not run. `msPerOp` is the score the choice compares (lower wins):
 * with a model to try, the real training step plus its share of a field-grid pass (`msPerStep`,
 * `msPerGrid`, see train/backendTrial.ts); without, one small forward pass.
 */
export type TrialResult =
  | { name: BackendName; msPerOp: number; msPerStep?: number; msPerGrid?: number }
  | { name: BackendName; error: string };

export interface BackendReport {
  /** The backend now active in tfjs. */
  name: BackendName;
  /** What was asked for (URL or caller). */
  requested: BackendPreference;
  /** The WebGPU adapter, when `navigator.gpu` offered one. */
  adapter?: AdapterReport;
  trials: TrialResult[];
  /** One sentence a person can read: why this backend. */
  reason: string;
  /** The model size the trials were run for (train/backendTrial.ts, `trialSizeKey`), when they used a model. */
  sizeKey?: string;
}
