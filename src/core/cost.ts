/**
 * What a configuration costs to train, as a function of the config alone: floating-point operations
 * (FLOPs), time here and bytes of one training step, and FLOPs and time of one evaluation of every data
 * point. The limits below keep a config inside what a browser tab can do here without freezing or running
 * out of memory (docs/limits.md gives the model, how its rates were measured, and the figures);
 * `checkCost` turns them into validation issues that name the field to change.
 *
 * The model (float32, `B` the batch, `n` the points, layer i maps in_i -> out_i):
 *   - matrix products: a point's forward pass costs F = 2 sum in_i out_i FLOPs; a training step runs
 *     forward and backward (about twice the forward) on B points: 3 B F.
 *   - each hidden layer of a Lipschitz net (r x c, r >= c) orthonormalises its kernel every step at the
 *     configured counts, the worst case (early stopping on the tolerance only ever saves): Björck's
 *     forward 4 r c^2 per iteration, its backward 6 r c^2 per exact iteration and 2 r c^2 per detached
 *     one; power iteration 4 r c per iteration.
 *   - time: FLOPs over the rates measured here (RATES); a step's batch products run slower than Björck's
 *     square products (smaller and transposed products, elementwise work, the optimizer's update).
 *   - bytes: weights with their gradients, Adam's two moments, the cached effective weights and the
 *     optimizer's temporaries (20 floats per parameter, measured with tf.profile); Björck keeps every
 *     iteration's W^T, W^T W, A and next W for its backward pass (2 r c + 2 c^2 floats per iteration,
 *     measured); a batch keeps about 6 floats per unit and point (pre-activations, activations and their
 *     gradients); the data 6 floats per point.
 *   - an evaluation (every metrics snapshot) is one forward pass over all n points: n F. It runs in
 *     chunks (the worker answers between them), so it bounds how often the numbers refresh, not memory.
 * Pure and framework-free: the page and the worker compute the same numbers.
 */
import type { ExperimentConfig, LayerName, ModelConfig } from './config';

/** What one configuration costs. */
export interface CostEstimate {
  parameters: number;
  /** FLOPs of one forward pass of one point. */
  forwardFlopsPerPoint: number;
  /** FLOPs of one training step, Björck and power iteration at their configured counts (the worst case). */
  stepFlops: number;
  /** Milliseconds of one training step on wasm here (RATES). */
  stepMs: number;
  /** Peak bytes one training step holds (weights and optimizer state, Björck temporaries, batch, data). */
  stepBytes: number;
  /** FLOPs of one evaluation of every point (train and test): what each metrics snapshot costs. */
  evaluationFlops: number;
  /** Milliseconds of that evaluation here. */
  evaluationMs: number;
}

/**
 * FLOPs per second measured here (2 cores, wasm SIMD, one thread, load 3; .probe figures in
 * docs/limits.md), rounded down: Björck's square products in Lipschitz steps at 3 x 128 to 3 x 192 ran at
 * 14-18 GFLOP/s (10-13 under load 8); a step's batch products at 13-15 for wide standard nets, 8 for a
 * narrow net on a batch of 8192 (elementwise work weighs more there); an evaluation at about 10.
 */
const RATES = { orthonormalisation: 12e9, batch: 8e9, evaluation: 10e9 } as const;

/**
 * The limits. Steps estimated at about 120 ms measured 60-90 ms here (load 3) and up to 140 ms under
 * load 8, so the worker, which answers Pause between two steps, does so within 200 ms at any allowed
 * size; an evaluation of about a second means metrics refresh every few seconds at worst; a step's memory
 * stays far below the wasm heap's 4 GB.
 */
export const COST_LIMITS = {
  stepMs: 120,
  stepBytes: 1024 * 1024 ** 2,
  evaluationMs: 1000,
} as const;

/** Widths of every dense layer's input and output, as lip/model.ts `layerShapes` builds them. */
export function denseShapes(model: Pick<ModelConfig, 'hidden' | 'activation' | 'head'>): [number, number][] {
  const shapes: [number, number][] = [];
  let inputs = 2;
  for (const width of model.hidden) {
    shapes.push([inputs, width]);
    inputs = model.activation === 'maxmin' ? 2 * width : width;
  }
  shapes.push([inputs, model.head === 'two-logit' ? 2 : 1]);
  return shapes;
}

/** Points in all, and in the training set (what a batch is drawn from). */
function pointCounts(config: ExperimentConfig): { all: number; train: number } {
  const all = config.data.name === 'user' ? config.data.points.length : config.data.n;
  return { all, train: Math.max(1, Math.round(all * (1 - config.data.testFraction))) };
}

/** Björck and power iteration FLOPs and bytes of one training step, for one r x c kernel (r >= c). */
function orthonormalisationCost(r: number, c: number, model: ModelConfig): { flops: number; floats: number } {
  const { iterations, gradientIterations } = model.bjorck;
  const exact = gradientIterations === 0 ? iterations : Math.min(gradientIterations, iterations);
  const rc2 = r * c * c;
  const flops = 4 * rc2 * iterations + 6 * rc2 * exact + 2 * rc2 * (iterations - exact) + 4 * r * c * model.power.iterations;
  return { flops, floats: iterations * (2 * r * c + 2 * c * c) };
}

/**
 * The cost of one layer of the zoo relative to Björck's on the same kernel, from the ratios measured on
 * wasm (docs/layers-dense.md, docs/layers-residual.md): Cayley's small inverse is cheaper, AOL has no
 * iteration, SOC exponentiates the full max(in, out) square (about 3x Björck at width 256), and an SLL or
 * CPL block costs about what a Björck layer of its width does. Conservative where the figures varied.
 */
function zooLayerCost(layer: LayerName, inputs: number, outputs: number, model: ModelConfig): { flops: number; floats: number } {
  const r = Math.max(inputs, outputs);
  const c = Math.min(inputs, outputs);
  const scaled = (factor: number, cost: { flops: number; floats: number }) => ({ flops: factor * cost.flops, floats: factor * cost.floats });
  switch (layer) {
    case 'cayley':
      return scaled(0.8, orthonormalisationCost(r, c, model));
    case 'soc':
      return scaled(3, orthonormalisationCost(r, r, model));
    case 'aol':
      return scaled(0.3, orthonormalisationCost(r, c, model));
    default:
      return orthonormalisationCost(r, c, model);
  }
}

/** The cost of training and evaluating `config` (see the model in this file's comment). */
export function estimateCost(config: ExperimentConfig): CostEstimate {
  const shapes = denseShapes(config.model);
  const points = pointCounts(config);
  const batch = Math.min(config.train.batchSize, points.train);
  const products = shapes.reduce((sum, [inputs, outputs]) => sum + inputs * outputs, 0);
  const units = shapes.reduce((sum, [, outputs]) => sum + outputs, 0);
  const parameters = products + units;
  // Activations and bias additions cost a few FLOPs per unit: small beside the products, but not zero.
  const forwardFlopsPerPoint = 2 * products + 4 * units;
  let orthoFlops = 0;
  let orthoFloats = 0;
  if (config.model.kind === 'lipschitz') {
    // Every layer but the head (Frobenius-normalised: a norm, nothing more) is orthonormalised (or
    // parametrised by its zoo layer; a residual net's blocks cost about what Björck layers do).
    for (const [inputs, outputs] of shapes.slice(0, -1)) {
      const cost = zooLayerCost(config.model.layer, inputs, outputs, config.model);
      orthoFlops += cost.flops;
      orthoFloats += cost.floats;
    }
  }
  const floats = 20 * parameters + orthoFloats + 6 * batch * (units + 2) + 6 * points.all;
  const batchFlops = 3 * batch * forwardFlopsPerPoint;
  const evaluationFlops = points.all * forwardFlopsPerPoint;
  return {
    parameters,
    forwardFlopsPerPoint,
    stepFlops: batchFlops + orthoFlops,
    stepMs: 1000 * (batchFlops / RATES.batch + orthoFlops / RATES.orthonormalisation),
    stepBytes: 4 * floats,
    evaluationFlops,
    evaluationMs: (1000 * evaluationFlops) / RATES.evaluation,
  };
}

/**
 * Points per chunk of an evaluation of `model`: about 0.2 GFLOP and at most 32 MB of activations per
 * chunk, so a chunk takes tens of milliseconds and the worker answers commands between chunks.
 */
export function evaluationChunkPoints(model: Pick<ModelConfig, 'hidden' | 'activation' | 'head'>): number {
  const shapes = denseShapes(model);
  const products = shapes.reduce((sum, [inputs, outputs]) => sum + inputs * outputs, 0);
  const widest = Math.max(...shapes.map(([inputs, outputs]) => Math.max(inputs, outputs)));
  const byFlops = 0.2e9 / (2 * products + 1);
  const byBytes = (32 * 1024 ** 2) / (4 * 6 * widest);
  return Math.max(256, Math.min(16384, Math.floor(Math.min(byFlops, byBytes))));
}

/** An issue of the cost check: the field to change and why (the same shape as config.ts's ConfigIssue). */
export interface CostIssue {
  path: string;
  message: string;
}

/** Fields whose value drives the cost, with how to read and reset them. */
interface Lever {
  path: string;
  describe(config: ExperimentConfig): string;
  reset(config: ExperimentConfig, defaults: ExperimentConfig): void;
}

const LEVERS: readonly Lever[] = [
  {
    path: 'model.hidden',
    describe: (c) => describeHidden(c.model.hidden),
    reset: (c, d) => (c.model.hidden = [...d.model.hidden]),
  },
  {
    path: 'train.batchSize',
    describe: (c) => `batch ${c.train.batchSize}`,
    reset: (c, d) => (c.train.batchSize = d.train.batchSize),
  },
  {
    path: 'model.bjorck.iterations',
    describe: (c) => `${c.model.bjorck.iterations} Björck iterations`,
    reset: (c, d) => (c.model.bjorck.iterations = d.model.bjorck.iterations),
  },
  {
    path: 'model.power.iterations',
    describe: (c) => `${c.model.power.iterations} power iterations`,
    reset: (c, d) => (c.model.power.iterations = d.model.power.iterations),
  },
  {
    path: 'data.n',
    describe: (c) => `${c.data.n.toLocaleString('en-US')} points`,
    reset: (c, d) => (c.data.n = d.data.n),
  },
];

/** "4 x 1024" for equal widths, else "256, 128, 64". */
function describeHidden(hidden: readonly number[]): string {
  if (hidden.length === 0) return 'no hidden layer';
  return hidden.every((w) => w === hidden[0]) ? `${hidden.length} x ${hidden[0]}` : hidden.join(', ');
}

function gflops(flops: number): string {
  return flops >= 10e9 ? `${Math.round(flops / 1e9).toLocaleString('en-US')} GFLOP` : `${(flops / 1e9).toPrecision(2)} GFLOP`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;
}

function duration(ms: number): string {
  if (ms >= 10_000) return `${Math.round(ms / 1000).toLocaleString('en-US')} s`;
  return ms >= 1000 ? `${(ms / 1000).toPrecision(2)} s` : `${Math.round(ms)} ms`;
}

type Measure = 'stepBytes' | 'stepMs' | 'evaluationMs';

/** The limits a cost passes, most binding first (memory, then step time, then evaluation time). */
function overLimits(cost: CostEstimate): Measure[] {
  return (['stepBytes', 'stepMs', 'evaluationMs'] as const).filter((m) => cost[m] > COST_LIMITS[m]);
}

/**
 * "needs about 4.8 GFLOP per training step, about 960 ms on wasm here, during which Pause waits (the
 * limit is 120 ms)": what the config needs of each measure over its limit, with the limits.
 */
function describeOver(over: readonly Measure[], cost: CostEstimate): string {
  const needs: string[] = [];
  if (over.includes('stepBytes') || over.includes('stepMs')) {
    const what = over.includes('stepBytes') ? `${megabytes(cost.stepBytes)} and ${gflops(cost.stepFlops)}` : gflops(cost.stepFlops);
    const limits = [
      over.includes('stepBytes') ? megabytes(COST_LIMITS.stepBytes) : null,
      over.includes('stepMs') ? duration(COST_LIMITS.stepMs) : null,
    ].filter((x) => x !== null);
    needs.push(
      `${what} per training step, about ${duration(cost.stepMs)} on wasm here, during which Pause waits ` +
        `(the limit${limits.length > 1 ? 's are' : ' is'} ${limits.join(' and ')})`,
    );
  }
  if (over.includes('evaluationMs')) {
    needs.push(
      `${gflops(cost.evaluationFlops)} per evaluation of every point, about ${duration(cost.evaluationMs)} for each ` +
        `metrics update (the limit is ${duration(COST_LIMITS.evaluationMs)})`,
    );
  }
  return `needs about ${needs.join(' and ')}`;
}

/**
 * Which fields to try first, per measure: the knobs most particular to it first (an iteration count or
 * a batch raised by hand before the widths; the number of points first for an evaluation).
 */
const BLAME_ORDER: Record<Measure, readonly string[]> = {
  stepBytes: ['model.bjorck.iterations', 'model.power.iterations', 'train.batchSize', 'model.hidden', 'data.n'],
  stepMs: ['model.bjorck.iterations', 'model.power.iterations', 'train.batchSize', 'model.hidden', 'data.n'],
  evaluationMs: ['data.n', 'model.hidden'],
};

/**
 * The field to reset for the first limit `config` passes: the first one (BLAME_ORDER) whose default alone
 * brings the config within every limit, else the one whose default lowers that measure most.
 */
function blame(config: ExperimentConfig, defaults: ExperimentConfig, measure: Measure, exclude: readonly string[]): Lever | null {
  const cost = estimateCost(config)[measure];
  let best: { lever: Lever; value: number } | null = null;
  for (const path of BLAME_ORDER[measure]) {
    const lever = LEVERS.find((l) => l.path === path)!;
    if (exclude.includes(path)) continue;
    const trial = structuredClone(config);
    lever.reset(trial, defaults);
    const after = estimateCost(trial);
    if (!(after[measure] < cost)) continue; // already the default, or not what costs
    if (overLimits(after).length === 0) return lever;
    if (best === null || after[measure] < best.value) best = { lever, value: after[measure] };
  }
  return best?.lever ?? null;
}

/**
 * Checks `config` against COST_LIMITS. Over a limit, the field to change (`blame`) is reported and reset
 * to its default in `config`, and the check runs again, so the config that comes back is within the
 * limits (given `defaults` within them). Mutates `config`; returns one issue per field reset.
 */
export function checkCost(config: ExperimentConfig, defaults: ExperimentConfig): CostIssue[] {
  const issues: CostIssue[] = [];
  for (let round = 0; round < LEVERS.length; round++) {
    const cost = estimateCost(config);
    const over = overLimits(cost);
    if (over.length === 0) break;
    const lever = blame(config, defaults, over[0], issues.map((i) => i.path));
    if (!lever) break;
    const what = lever.describe(config);
    const context = lever.path === 'model.hidden' ? '' : ` with ${describeHidden(config.model.hidden)}`;
    issues.push({ path: lever.path, message: `${what}${context} ${describeOver(over, cost)}. Using the default instead.` });
    lever.reset(config, defaults);
  }
  return issues;
}
