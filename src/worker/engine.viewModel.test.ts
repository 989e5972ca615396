import { beforeAll, describe, expect, it } from 'vitest';
import { gridPoints } from '../analysis/grid';
import type { BackendReport } from '../backend/names';
import { useNodeBackend } from '../backend/node';
import { forwardMlpJson, type MlpActivationJson, type MlpJson } from '../core/mlpJson';
import { spectralNorm } from '../lip/linalg';
import { Random } from '../core/random';
import { SMALL_LIPSCHITZ, until } from '../testing/support';
import { WorkerEngine } from './engine';
import { FIXED_MODEL_NOTICE, type FromWorker } from './protocol';

/** A model file of random weights: 2 -> 8 -> 8 -> 1 with `activations` between the layers. */
function randomFile(activations: MlpActivationJson[], seed: number): MlpJson {
  const random = new Random(seed);
  const dense = (inputs: number, outputs: number) => ({
    type: 'dense' as const,
    weights: Array.from({ length: inputs }, () => Array.from({ length: outputs }, () => random.uniform(-1, 1))),
    bias: Array.from({ length: outputs }, () => random.uniform(-0.5, 0.5)),
  });
  const head = dense(8, 1);
  const file: MlpJson = { format: 'lipschitz-playground/mlp', version: 1, input: 2, lipschitz: 2, layers: [dense(2, 8), activations[0], dense(8, 8), activations[1], head] };
  head.bias[0] -= forwardMlpJson(file, 0, 0); // f(0, 0) = 0: the boundary crosses the plot
  return file;
}

function makeEngine() {
  const messages: FromWorker[] = [];
  const report: BackendReport = { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
  const engine = new WorkerEngine({ post: (m) => messages.push(m), selectBackend: async () => report, metricsIntervalMs: 0 });
  return { engine, messages };
}

describe("the worker engine's viewModel", () => {
  beforeAll(() => useNodeBackend('wasm'));

  it("draws the file's f (its forward pass) with the bound of its weights, and never trains", async () => {
    const file = randomFile([{ type: 'activation', name: 'groupsort2' }, { type: 'activation', name: 'groupsort2' }], 3);
    const { engine, messages } = makeEngine();
    engine.view(1, 'viewed', file, SMALL_LIPSCHITZ);
    engine.setFieldOptions(1, { gridNodes: 21, distance: true, intervalMs: 0 });
    await until(() => messages.some((m) => m.type === 'field'));
    await engine.idle();
    const field = messages.find((m): m is Extract<FromWorker, { type: 'field' }> => m.type === 'field')!.field;
    expect(field.step).toBe(0);
    const xy = gridPoints({ domain: field.domain, cols: 21, rows: 21 });
    let largest = 0;
    for (let k = 0; k < field.f.length; k++) {
      const expected = forwardMlpJson(file, xy[2 * k], xy[2 * k + 1]);
      expect(Math.abs(field.f[k] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
      largest = Math.max(largest, Math.abs(expected));
    }
    expect(largest).toBeGreaterThan(0.1); // not a net of zeros that would match anything small
    expect(field.boundary.length).toBeGreaterThan(0);
    // The bound is the file's, the product of its layers' spectral norms (not the L it claims).
    const norms = file.layers.flatMap((l) => (l.type === 'dense' ? [spectralNorm(l.weights.flat(), l.weights.length, l.bias.length)] : []));
    expect(field.lipschitzBound).toBeCloseTo(norms.reduce((a, b) => a * b, 1), 3);
    expect(messages.some((m) => m.type === 'metrics' && m.modelId === 'viewed' && m.step === 0 && m.trainAccuracy >= 0)).toBe(true);

    const before = messages.length;
    engine.play(1);
    engine.step(1, 5);
    await engine.idle();
    const after = messages.slice(before);
    expect(after.filter((m) => m.type === 'notice' && m.message === FIXED_MODEL_NOTICE)).toHaveLength(2);
    expect(after.some((m) => m.type === 'state' && m.playing)).toBe(false);
    expect(after.some((m) => m.type === 'metrics' && m.step > 0)).toBe(false);
  });

  it('refuses a file mixing activations with an error, and a later run trains as usual', async () => {
    const file = randomFile([{ type: 'activation', name: 'relu' }, { type: 'activation', name: 'tanh' }], 4);
    const { engine, messages } = makeEngine();
    engine.view(1, 'viewed', file, SMALL_LIPSCHITZ);
    await engine.idle();
    expect(messages.find((m) => m.type === 'error')).toMatchObject({ message: expect.stringMatching(/mixes activations \(relu, tanh\)/) });
    engine.load(2, [{ id: 'm', config: SMALL_LIPSCHITZ }], false);
    engine.step(2, 3);
    await until(() => messages.some((m) => m.type === 'metrics' && m.runId === 2 && m.step === 3));
  });

  it('views a residual (version 2) file: f is its forward pass, the bound multiplies in each block\'s own, and a later run trains', async () => {
    const random = new Random(7);
    const matrix = (rows: number, cols: number, scale: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * random.uniform(-1, 1)));
    const block = { type: 'residual' as const, inner: matrix(8, 8, 0.5), bias: matrix(1, 8, 0.3)[0], activation: 'relu' as const, outer: matrix(8, 8, 0.2) };
    const file: MlpJson = {
      format: 'lipschitz-playground/mlp',
      version: 2,
      input: 2,
      lipschitz: null,
      layers: [{ type: 'dense', weights: matrix(2, 8, 1), bias: matrix(1, 8, 0.5)[0] }, { type: 'activation', name: 'relu' }, block, { type: 'dense', weights: matrix(8, 1, 1), bias: [0] }],
    };
    const { engine, messages } = makeEngine();
    engine.view(1, 'viewed', file, SMALL_LIPSCHITZ);
    engine.setFieldOptions(1, { gridNodes: 21, distance: false, intervalMs: 0 });
    await until(() => messages.some((m) => m.type === 'field'));
    await engine.idle();
    const field = messages.find((m): m is Extract<FromWorker, { type: 'field' }> => m.type === 'field')!.field;
    const xy = gridPoints({ domain: field.domain, cols: 21, rows: 21 });
    for (let k = 0; k < field.f.length; k++) {
      const expected = forwardMlpJson(file, xy[2 * k], xy[2 * k + 1]);
      expect(Math.abs(field.f[k] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
    }
    // Above the dense layers' product (the block's bound is at least 1) and below the generic 1 + |V| |U| for it.
    const dense = file.layers.flatMap((l) => (l.type === 'dense' ? [spectralNorm(l.weights.flat(), l.weights.length, l.bias.length)] : []));
    const product = dense.reduce((a, b) => a * b, 1);
    const generic = 1 + spectralNorm(block.inner.flat(), 8, 8) * spectralNorm(block.outer.flat(), 8, 8);
    expect(field.lipschitzBound).toBeGreaterThanOrEqual(product * (1 - 1e-6));
    expect(field.lipschitzBound).toBeLessThanOrEqual(product * generic * (1 + 1e-5));
    expect(messages.some((m) => m.type === 'error')).toBe(false);
    engine.load(2, [{ id: 'm', config: SMALL_LIPSCHITZ }], false);
    engine.step(2, 3);
    await until(() => messages.some((m) => m.type === 'metrics' && m.runId === 2 && m.step === 3));
  });
});
