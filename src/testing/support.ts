/**
 * Test support shared by the unit tests: tolerance assertions, fixtures (fields, grids, seeded points) and
 * small measurements of results. Imported by *.test.ts only (it imports vitest); production code never
 * imports src/testing.
 */
import type { ClientApi } from '../app/store';
import type { ToWorker } from '../worker/protocol';
import type { ClientEvent } from '../worker/client';
import { expect } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { Random } from '../core/random';
import type { Domain } from '../core/geometry';
import { gridPoints, type Grid } from '../analysis/grid';

/**
 * Asserts |actual - expected| <= tol, for two numbers or elementwise for two arrays of the same length.
 * The failure names `what` (default 'value') and, for arrays, the first index that differs.
 */
export function expectClose(actual: number, expected: number, tol: number, what?: string): void;
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what?: string): void;
export function expectClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tol: number,
  what = 'value',
): void {
  if (typeof actual === 'number' || typeof expected === 'number') {
    if (typeof actual !== 'number' || typeof expected !== 'number') {
      expect.fail(`${what}: cannot compare a number with an array`);
    }
    const error = Math.abs(actual - expected);
    if (!(error <= tol)) expect.fail(`${what}: expected ${expected} +- ${tol}, got ${actual} (off by ${error})`);
    return;
  }
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= tol)) {
      expect.fail(`${what}[${i}]: expected ${expected[i]} +- ${tol}, got ${actual[i]} (off by ${error})`);
    }
  }
}

/** The square [-2, 2]^2. */
export const SQUARE2: Domain = { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };

/** Signed distance to the unit circle: |p| - 1 (negative inside). */
export const circleSdf = (x: number, y: number): number => Math.hypot(x, y) - 1;

/** fn sampled at the nodes of `grid`, in the layout `contour` expects (and FieldSnapshot.f has). */
export function sampleOnGrid(grid: Grid, fn: (x: number, y: number) => number): Float32Array {
  return sampleAt(gridPoints(grid), fn);
}

/** fn at each point of interleaved `xy`. */
export function sampleAt(xy: Float32Array, fn: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(xy.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = fn(xy[2 * k], xy[2 * k + 1]);
  return out;
}

/** n points uniform in `domain`, interleaved x, y, from a seeded generator. */
export function randomPoints(seed: number, n: number, domain: Domain): Float32Array {
  const rng = new Random(seed);
  const out = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    out[2 * k] = rng.uniform(domain.xMin, domain.xMax);
    out[2 * k + 1] = rng.uniform(domain.yMin, domain.yMax);
  }
  return out;
}

/** A seeded list of points uniform in the box [-half, half]^2, interleaved x, y. */
export function boxPoints(count: number, half: number, seed = 7): Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return Float32Array.from({ length: 2 * count }, () => (2 * next() - 1) * half);
}

/** Total length sum_k |p2_k - p1_k| of a segment list [x1, y1, x2, y2, ...] (as from `contour`). */
export function segmentsLength(segments: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k + 3 < segments.length; k += 4) {
    total += Math.hypot(segments[k + 2] - segments[k], segments[k + 3] - segments[k + 1]);
  }
  return total;
}

/** max over random pairs of |f(a) - f(b)| / |a - b|, with pairs at all distances. */
export async function pairRatioMax(f: (xy: Float32Array) => Promise<Float32Array>, count: number): Promise<number> {
  const a = boxPoints(count, 2, 3);
  const offsets = boxPoints(count, 1, 4);
  const b = a.map((v, i) => v + offsets[i] * 10 ** -(i % 4));
  const fa = await f(a);
  const fb = await f(b);
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const d = Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
    if (d > 1e-3) worst = Math.max(worst, Math.abs(fa[i] - fb[i]) / d);
  }
  return worst;
}

/** A worker client that records commands and lets the test play the worker's part. */
export class FakeClient implements ClientApi {
  sent: { type: ToWorker['type']; payload?: unknown }[] = [];
  private listener: ((m: ClientEvent) => void) | null = null;
  runId = 0;
  subscribe(listener: (m: ClientEvent) => void) {
    this.listener = listener;
    return () => (this.listener = null);
  }
  emit(message: ClientEvent) {
    this.listener?.(message);
  }
  private record(type: ToWorker['type'], payload?: unknown) {
    this.sent.push({ type, payload });
  }
  types() {
    return this.sent.map((s) => s.type);
  }
  init(backend: unknown) { this.record('init', backend); }
  start(models: unknown) { this.record('start', models); return ++this.runId; }
  reset(models: unknown) { this.record('reset', models); return ++this.runId; }
  play() { this.record('play'); }
  pause() { this.record('pause'); }
  step(count?: number) { this.record('step', count); }
  setLoss(_id: string, loss: unknown) { this.record('setLoss', loss); }
  setLearningRate(_id: string, lr: number) { this.record('setLearningRate', lr); }
  setFieldOptions(options: unknown) { this.record('setFieldOptions', options); }
  setSpeed(sps: number | null) { this.record('setSpeed', sps); }
  attack(x: number, y: number) { this.record('attack', [x, y]); }
  report() { this.record('report'); }
  exportModel() { this.record('exportModel'); }
  viewModel(_id: string, model: unknown) { this.record('viewModel', model); return ++this.runId; }
  terminate() {}
}

/** A small Lipschitz net on 200 moons points, and the standard net of the same shape: quick engine runs. */
export const SMALL_LIPSCHITZ: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  data: { ...DEFAULT_CONFIG.data, n: 200 },
  model: { ...DEFAULT_CONFIG.model, hidden: [16, 16] },
  train: { ...DEFAULT_CONFIG.train, batchSize: 64 },
};
export const SMALL_STANDARD: ExperimentConfig = { ...SMALL_LIPSCHITZ, model: { ...SMALL_LIPSCHITZ.model, kind: 'standard', activation: 'relu' } };

/** Resolves once `predicate` holds, polling the event loop (engines tick on setTimeout). */
export async function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
