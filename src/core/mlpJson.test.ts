/**
 * The model file's format, versions 1 and 2: the forward pass on hand-computed cases (a residual block is
 * z = x + act(x V + b) U with row vectors) and the reader's refusals, each naming the layer and the field.
 * The v1 reader's other messages are tested in bridge/python.test.ts ("the model file reader").
 */
import { describe, expect, it } from 'vitest';
import { forwardMlpJson, hasResidualLayers, parseMlpJson, type MlpJson, type MlpResidualJson } from './mlpJson';

/** 2 -> 2 dense layer (x W + b), relu, dense 2 -> 1: f(1, 0) = relu([1 + 1, 2 - 1]) [1, -1] = 2 - 1 = 1. */
const V1: MlpJson = {
  format: 'lipschitz-playground/mlp',
  version: 1,
  input: 2,
  lipschitz: null,
  layers: [
    { type: 'dense', weights: [[1, 2], [3, 4]], bias: [1, -1] },
    { type: 'activation', name: 'relu' },
    { type: 'dense', weights: [[1], [-1]], bias: [0] },
  ],
};

/** The residual block of the hand cases: 2-d, inner V 2 x 3, bias 3, outer U 3 x 2. */
const BLOCK: MlpResidualJson = {
  type: 'residual',
  inner: [
    [1, 0, -1],
    [0.5, 1, 2],
  ],
  bias: [0.5, 1, 0],
  activation: 'relu',
  outer: [
    [2, -1],
    [3, 3],
    [1, 1],
  ],
};

/** The block on the input, then the head f = z0 + z1 + 0.25. */
function v2(block: MlpResidualJson = BLOCK): MlpJson {
  return {
    format: 'lipschitz-playground/mlp',
    version: 2,
    input: 2,
    lipschitz: 1,
    layers: [block, { type: 'dense', weights: [[1], [1]], bias: [0.25] }],
  };
}

describe('the forward pass', () => {
  it('version 1: dense, activation, dense as before', () => {
    expect(forwardMlpJson(V1, 1, 0)).toBe(1);
    // (0, 1): [3 + 1, 4 - 1] = [4, 3] -> 4 - 3 = 1; (-1, 0): [0, -3] -> relu [0, 0] -> 0.
    expect(forwardMlpJson(V1, 0, 1)).toBe(1);
    expect(forwardMlpJson(V1, -1, 0)).toBe(0);
    expect(hasResidualLayers(V1)).toBe(false);
  });

  it('version 2: a residual block is z = x + relu(x V + b) U, by hand', () => {
    // x = (1, -2): x V = [0, -2, -5], + b = [0.5, -1, -5], relu [0.5, 0, 0], times U = [1, -0.5];
    // z = [2, -2.5], f = z0 + z1 + 0.25 = -0.25. Only the first hidden unit is on.
    expect(forwardMlpJson(v2(), 1, -2)).toBe(-0.25);
    // x = (2, 1): x V = [2.5, 1, 0], + b = [3, 2, 0], relu [3, 2, 0], times U = [12, 3]; z = [14, 4], f = 18.25.
    expect(forwardMlpJson(v2(), 2, 1)).toBe(18.25);
    // x = (0, 0): relu(b) = [0.5, 1, 0], times U = [4, 2.5]; f = 6.75: the bias is inside the activation.
    expect(forwardMlpJson(v2(), 0, 0)).toBe(6.75);
    expect(hasResidualLayers(v2())).toBe(true);
  });

  it('version 2 with tanh inside the block, against the formula written out', () => {
    const [t0, t1, t2] = [Math.tanh(0.5), Math.tanh(-1), Math.tanh(-5)]; // x V + b at (1, -2), as above
    const z = [1 + 2 * t0 + 3 * t1 + t2, -2 - t0 + 3 * t1 + t2];
    expect(forwardMlpJson(v2({ ...BLOCK, activation: 'tanh' }), 1, -2)).toBeCloseTo(z[0] + z[1] + 0.25, 14);
  });

  it('version 2: blocks chain between dense layers at any width, the same as the formula applied in turn', () => {
    // dense 2 -> 3 (x W + c), residual on 3 units with a 3 x 2 inner (hidden 2), head 3 -> 1.
    const W = [[1, -1, 0.5], [0.25, 2, -1]];
    const c = [0.1, -0.2, 0.3];
    const block: MlpResidualJson = { type: 'residual', inner: [[1, 0], [0, -1], [2, 1]], bias: [-0.5, 0.25], activation: 'relu', outer: [[1, 2, 3], [-1, 0.5, 0]] };
    const head = { type: 'dense' as const, weights: [[1], [-2], [0.5]], bias: [0.125] };
    const mlp: MlpJson = { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: null, layers: [{ type: 'dense', weights: W, bias: c }, block, head] };
    expect(parseMlpJson(mlp)).toEqual({ mlp });
    const times = (h: number[], M: number[][]) => M[0].map((_, j) => h.reduce((s, v, i) => s + v * M[i][j], 0));
    for (const [x, y] of [[0.3, -1.2], [1.5, 0.7], [-2, 2]]) {
      const h = times([x, y], W).map((v, j) => v + c[j]);
      const a = times(h, block.inner).map((v, j) => Math.max(0, v + block.bias[j]));
      const z = times(a, block.outer).map((v, j) => h[j] + v);
      expect(forwardMlpJson(mlp, x, y)).toBeCloseTo(times(z, head.weights)[0] + 0.125, 13);
    }
  });
});

describe('the reader', () => {
  const broken = (edit: (block: Record<string, unknown>, mlp: Record<string, unknown>) => void) => {
    const mlp = structuredClone(v2()) as unknown as Record<string, unknown>;
    edit((mlp.layers as Record<string, unknown>[])[0], mlp);
    return parseMlpJson(mlp);
  };

  it('reads version 1 and version 2 files as they are', () => {
    expect(parseMlpJson(V1)).toEqual({ mlp: V1 });
    expect(parseMlpJson(v2())).toEqual({ mlp: v2() });
    expect(parseMlpJson({ ...V1, version: 2 })).toEqual({ mlp: { ...V1, version: 2 } }); // v2 without residual blocks
  });

  it('takes maxmin inside a block with one outer row per output of maxmin (2 x hidden)', () => {
    const block = { ...BLOCK, activation: 'maxmin' as const, outer: [...BLOCK.outer, [0, 1], [1, 0], [-1, -1]] };
    expect(parseMlpJson(v2(block))).toEqual({ mlp: v2(block) });
    // x = (2, 1): u = [3, 2, 0] -> [relu(u), relu(-u)] = [3, 2, 0, 0, 0, 0]: the same z as relu, f = 18.25.
    expect(forwardMlpJson(v2(block), 2, 1)).toBe(18.25);
    expect(parseMlpJson(v2({ ...block, outer: BLOCK.outer }))).toEqual({
      error: 'layer 0 (residual): outer must be 6 rows (one per output of maxmin, 2 x 3), got 3',
    });
  });

  it('refuses versions other than 1 and 2, and residual blocks in version 1', () => {
    expect(broken((_, m) => (m.version = 3))).toEqual({ error: 'unsupported version 3 (this reads versions 1 and 2)' });
    expect(broken((_, m) => (m.version = '2'))).toEqual({ error: 'unsupported version "2" (this reads versions 1 and 2)' });
    expect(broken((_, m) => (m.version = 1))).toEqual({ error: 'layer 0: residual blocks need version 2 of the format (this file says version 1)' });
  });

  it('names the layer and the field of a residual block of the wrong shape', () => {
    expect(broken((b) => (b.inner as number[][]).pop())).toEqual({ error: 'layer 0 (residual): inner must be 2 rows (one per input), got 1' });
    expect(broken((b) => delete b.inner)).toEqual({ error: 'layer 0 (residual): inner must be 2 rows (one per input), got no list' });
    expect(broken((b) => (b.inner as number[][])[1].pop())).toEqual({ error: 'layer 0 (residual): inner row 1 must hold 3 numbers (one per hidden unit, as the bias)' });
    expect(broken((b) => (b.bias = []))).toEqual({ error: 'layer 0 (residual): bias must be a non-empty list of numbers' });
    expect(broken((b) => (b.bias as number[]).push(0))).toEqual({ error: 'layer 0 (residual): inner row 0 must hold 4 numbers (one per hidden unit, as the bias)' });
    expect(broken((b) => (b.outer as number[][]).pop())).toEqual({ error: 'layer 0 (residual): outer must be 3 rows (one per hidden unit), got 2' });
    expect(broken((b) => (b.outer as number[][])[2].push(1))).toEqual({
      error: 'layer 0 (residual): outer row 2 must hold 2 numbers (one per output: the block keeps the width 2)',
    });
  });

  it('names the layer and the field of a non-finite number in a residual block', () => {
    expect(broken((b) => ((b.inner as number[][])[0][2] = NaN))).toEqual({ error: 'layer 0 (residual): inner row 0 holds a value that is not a finite number' });
    expect(broken((b) => ((b.bias as unknown[])[1] = null))).toEqual({ error: 'layer 0 (residual): bias holds a value that is not a finite number' });
    expect(broken((b) => ((b.outer as number[][])[1][0] = -Infinity))).toEqual({ error: 'layer 0 (residual): outer row 1 holds a value that is not a finite number' });
    expect(broken((b) => ((b.outer as unknown[][])[1][1] = '3'))).toEqual({ error: 'layer 0 (residual): outer row 1 holds a value that is not a finite number' });
  });

  it('names the layer of an unknown activation inside a block, and of groupsort2 on an odd width', () => {
    expect(broken((b) => (b.activation = 'gelu'))).toEqual({
      error: 'layer 0 (residual): activation must be one of groupsort2, fullsort, maxmin, relu, tanh, abs, got "gelu"',
    });
    expect(broken((b) => delete b.activation)).toEqual({
      error: 'layer 0 (residual): activation must be one of groupsort2, fullsort, maxmin, relu, tanh, abs, got undefined',
    });
    expect(broken((b) => (b.activation = 'groupsort2'))).toEqual({ error: 'layer 0 (residual): groupsort2 needs an even width, got 3' });
  });

  it('names a layer that is no layer, and ends on a dense layer of one output', () => {
    expect(broken((_, m) => ((m.layers as unknown[])[0] = 7))).toEqual({ error: 'layer 0 must be an object (a dense, activation or residual layer)' });
    expect(broken((b) => (b.type = 'skip'))).toEqual({ error: 'layer 0: type must be dense, activation or residual, got "skip"' });
    expect(broken((_, m) => (m.layers as unknown[]).pop())).toEqual({ error: 'the last layer must be dense (the output f)' });
    // A second block after the first keeps the width 2, so its inner needs 2 rows; the head after it still reads.
    const twice = v2();
    twice.layers.splice(1, 0, structuredClone(BLOCK), { type: 'activation', name: 'abs' });
    expect(parseMlpJson(twice)).toEqual({ mlp: twice });
    const wrongWidth = structuredClone(twice);
    wrongWidth.layers.splice(0, 0, { type: 'dense', weights: [[1, 0, 0], [0, 1, 0]], bias: [0, 0, 0] });
    expect(parseMlpJson(wrongWidth)).toEqual({ error: 'layer 1 (residual): inner must be 3 rows (one per input), got 2' });
  });
});
