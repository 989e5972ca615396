/**
 * Which tfjs backend runs the playground, chosen by policy and by measurement
 * (docs/design.md, "Backend choice"; docs/environment.md, "WebGPU software adapter"):
 *   - a hardware WebGPU adapter wins outright;
 *   - otherwise (no adapter, or a software fallback adapter such as SwiftShader) a short measured trial of a
 *     2-64-64-1 MLP forward pass over wasm, webgl and cpu picks the fastest that works;
 *   - an explicit preference is honoured when that backend starts, else the choice falls back to auto.
 * The pure policy is `chooseBackend`; `selectBackend` gathers its inputs (adapter probe, trials) and applies it.
 * Framework-free: imports tfjs only and touches no DOM apart from `navigator.gpu`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import type { AdapterReport, BackendName, BackendPreference, BackendReport, TrialResult } from './names';
export { BACKEND_NAMES, parsePreference, type BackendName, type BackendPreference } from './names';
export type { AdapterReport, BackendReport, TrialResult } from './names';

/** The backends raced by the measured trial, in trial order. WebGPU only runs when its adapter is hardware. */
const TRIAL_BACKENDS: readonly BackendName[] = ['wasm', 'webgl', 'cpu'];

/**
 * What a trial measures on the active backend: a score in ms (lower is better), optionally with the
 * figures it came from. The default is one small forward pass; the training worker passes the real
 * training step of the configured model (train/backendTrial.ts).
 */
export type TrialMeasure = () => Promise<number | { msPerOp: number; msPerStep: number; msPerGrid: number }>;

export interface BackendChoice {
  name: BackendName;
  reason: string;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/** True when the adapter computes on the CPU: the browser marks it fallback, or its names say so. */
export function isSoftwareAdapter(adapter: AdapterReport): boolean {
  if (adapter.isFallback) return true;
  return [adapter.vendor, adapter.architecture, adapter.device, adapter.description].some((s) =>
    SOFTWARE_ADAPTER.test(s),
  );
}

/** Human-readable adapter summary, e.g. "google swiftshader (software fallback)". */
export function describeAdapter(adapter: AdapterReport): string {
  const names = [adapter.vendor, adapter.architecture, adapter.device, adapter.description]
    .filter((s, i, all) => s !== '' && all.indexOf(s) === i)
    .join(' ');
  return `${names || 'unnamed adapter'}${isSoftwareAdapter(adapter) ? ' (software fallback)' : ''}`;
}

function isSuccess(t: TrialResult): t is Extract<TrialResult, { msPerOp: number }> {
  return 'msPerOp' in t && Number.isFinite(t.msPerOp);
}

/**
 * The selection policy, pure: the fastest successful trial wins, WebGPU included when its adapter is real
 * hardware (a default step is hundreds of small ops, and tens of microseconds per GPU dispatch can make a
 * real GPU slower than wasm for small nets while far faster for big ones: measure, don't assume). A
 * software WebGPU adapter is never chosen, however fast its trial. Failed trials are skipped; when every
 * trial failed, cpu (which always exists in tfjs) is the answer.
 */
export function chooseBackend(adapter: AdapterReport | undefined, trials: readonly TrialResult[]): BackendChoice {
  const hardwareGpu = adapter !== undefined && !isSoftwareAdapter(adapter);
  const candidates = trials.filter((t) => t.name !== 'webgpu' || hardwareGpu).filter(isSuccess);
  if (candidates.length === 0) {
    return { name: 'cpu', reason: 'every trial failed; cpu is the backend of last resort' };
  }
  const best = candidates.reduce((a, b) => (b.msPerOp < a.msPerOp ? b : a));
  const gpu =
    adapter === undefined
      ? 'no WebGPU adapter'
      : !hardwareGpu
        ? 'WebGPU adapter is software, not preferred'
        : `hardware WebGPU adapter: ${describeAdapter(adapter)}`;
  const others = candidates.filter((t) => t !== best).map((t) => `${t.name} ${t.msPerOp.toFixed(1)} ms`);
  const unit = best.msPerStep !== undefined ? 'per training step (with its share of a grid pass)' : 'per pass';
  return {
    name: best.name,
    reason:
      `${gpu}; fastest in trial: ${best.name} ${best.msPerOp.toFixed(1)} ms ${unit}` +
      (others.length > 0 ? ` (vs ${others.join(', ')})` : ''),
  };
}

/** The tiny slice of WebGPU types used here (TypeScript's DOM lib does not declare navigator.gpu). */
interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** Ask the browser for the adapter tfjs's WebGPU backend would get; undefined when there is none. */
export async function probeWebGpuAdapter(): Promise<AdapterReport | undefined> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return undefined;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return undefined;
    const info = adapter.info ?? {};
    return {
      isFallback: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
    };
  } catch {
    return undefined;
  }
}

let wasmConfigured = false;

/**
 * Point the wasm backend at the binaries Vite emitted, single-threaded
 * (docs/environment.md, "Threaded wasm"). Idempotent.
 */
function configureWasm(): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
}

/** Make `name` the active backend. Resolves false (never throws) when it cannot start. */
export async function startBackend(name: BackendName): Promise<boolean> {
  if (name === 'wasm') configureWasm();
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

const TRIAL_POINTS = 4096;
const TRIAL_WARMUP_RUNS = 2;
const TRIAL_TIMED_RUNS = 5;
const TRIAL_TIMEOUT_MS = 30_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time of one 2-64-64-1 forward pass over TRIAL_POINTS points on the active backend. */
async function timeForwardPass(): Promise<number> {
  const widths = [2, 64, 64, 1];
  const weights = widths
    .slice(1)
    .map((out, i) => tf.randomUniform([widths[i], out], -0.3, 0.3, 'float32', 7 + i) as tf.Tensor2D);
  const x = tf.randomUniform([TRIAL_POINTS, 2], -1, 1, 'float32', 1) as tf.Tensor2D;
  const forward = () =>
    tf.tidy(() => {
      let h = x;
      weights.forEach((w, i) => {
        h = tf.matMul(h, w);
        if (i < weights.length - 1) h = tf.relu(h);
      });
      return h;
    });
  try {
    const times: number[] = [];
    for (let run = 0; run < TRIAL_WARMUP_RUNS + TRIAL_TIMED_RUNS; run++) {
      const start = performance.now();
      const y = forward();
      await y.data();
      const elapsed = performance.now() - start;
      y.dispose();
      if (run >= TRIAL_WARMUP_RUNS) times.push(elapsed);
    }
    return median(times);
  } finally {
    tf.dispose([x, ...weights]);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e); },
    );
  });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Start `name` and run `measure` on it; errors become a failed trial. */
async function runTrial(name: BackendName, measure: TrialMeasure): Promise<TrialResult> {
  if (!(await startBackend(name))) return { name, error: 'backend did not start' };
  try {
    const result = await withTimeout(measure(), TRIAL_TIMEOUT_MS, `${name} trial`);
    return typeof result === 'number' ? { name, msPerOp: result } : { name, ...result };
  } catch (err) {
    return { name, error: message(err) };
  }
}

/** What a selection may be told to skip, and whom to tell between trials. */
export interface SelectOptions {
  /** Backends not to use (lost earlier in this worker: a dead GPU context, a lost device). */
  exclude?: readonly BackendName[];
  /** Called before each trial (a trial of a big model takes a while: the worker says so, and breathes). */
  onTrial?: (name: BackendName, index: number, total: number) => void | Promise<void>;
}

/** Runs the trial on every backend that may win: WebGPU too when its adapter is hardware. */
async function selectAuto(
  adapter: AdapterReport | undefined,
  measure: TrialMeasure,
  options: SelectOptions,
): Promise<BackendChoice & { trials: TrialResult[] }> {
  const exclude = options.exclude ?? [];
  const all = adapter && !isSoftwareAdapter(adapter) ? ['webgpu' as const, ...TRIAL_BACKENDS] : TRIAL_BACKENDS;
  const names = all.filter((name) => !exclude.includes(name));
  const trials: TrialResult[] = [];
  for (const [index, name] of names.entries()) {
    // cpu is tfjs's plain-JS fallback: it only matters when wasm cannot run, so it is not timed beside it.
    const wasmRuns = trials.some((t) => t.name === 'wasm' && 'msPerOp' in t);
    if (name === 'cpu' && wasmRuns) trials.push({ name, error: 'not tried: wasm runs, and cpu is its slower fallback' });
    else {
      await options.onTrial?.(name, index, names.length);
      trials.push(await runTrial(name, measure));
    }
  }
  return { ...chooseBackend(adapter, trials), trials };
}

/**
 * Select and activate a backend. 'auto' (the default) follows `chooseBackend` over trials of `measure`
 * (by default one small forward pass), unless `cached` holds an earlier automatic choice for the same
 * work on this browser that still starts; an explicit name is used when it starts, and otherwise auto
 * decides and `reason` says why. Backends in `options.exclude` are never used (cpu is, as the last
 * resort). Always resolves with an active backend.
 */
export async function selectBackend(
  preference: BackendPreference = 'auto',
  measure: TrialMeasure = timeForwardPass,
  cached?: BackendReport,
  options: SelectOptions = {},
): Promise<BackendReport> {
  const exclude = options.exclude ?? [];
  const adapter = await probeWebGpuAdapter();
  const usableCache = cached && cached.requested === 'auto' && !exclude.includes(cached.name);
  if (preference === 'auto' && usableCache && (await startBackend(cached.name))) {
    return { ...cached, adapter, reason: `${cached.reason} (measured earlier in this browser; cached)` };
  }
  let prefix = '';
  if (preference !== 'auto') {
    // Without an adapter tfjs's WebGPU factory fails with a TypeError; do not even try.
    const noAdapter = preference === 'webgpu' && adapter === undefined;
    const excluded = exclude.includes(preference);
    if (!noAdapter && !excluded && (await startBackend(preference))) {
      const note = preference === 'webgpu' && adapter ? `; adapter: ${describeAdapter(adapter)}` : '';
      return { name: preference, requested: preference, adapter, trials: [], reason: `requested ${preference}${note}` };
    }
    const why = noAdapter ? ' (no WebGPU adapter)' : excluded ? ' (it was lost earlier)' : '';
    prefix = `requested ${preference} could not start${why}, chose automatically: `;
  }
  const choice = await selectAuto(adapter, measure, options);
  let name = choice.name;
  let reason = prefix + choice.reason;
  if (!(await startBackend(name))) {
    // The winner started during its trial; if it refuses now, cpu is always there.
    await startBackend('cpu');
    reason += `; ${name} failed to restart, using cpu`;
    name = 'cpu';
  }
  return { name, requested: preference, adapter, trials: choice.trials, reason };
}


let queue: Promise<unknown> = Promise.resolve();

/**
 * Run `fn` with `name` as the active backend, then restore the backend that was active before. Calls are
 * serialised so two callers never switch backends under each other. Rejects when `name` cannot start.
 */
export function withBackend<T>(name: BackendName, fn: () => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    const previous = tf.getBackend() as BackendName;
    if (!(await startBackend(name))) {
      await startBackend(previous);
      throw new Error(`backend ${name} could not start`);
    }
    try {
      return await fn();
    } finally {
      await startBackend(previous);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
