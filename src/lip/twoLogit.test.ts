import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type ModelConfig } from '../core/config';
import { evaluateField, gradientNorms } from '../analysis/field';
import { boxPoints, expectClose, pairRatioMax } from '../testing/support';
import { exportMlp, forwardMlpJson, lipschitzBoundOf, readNetWeights } from './export';
import { tauBceLoss } from './losses';
import { buildModel, layerShapes, type Mlp } from './model';

/** The paper's figure 2 head (docs/math.md, "Two-logit head"): two logits, each normalised on its own. */
const twoLogit = (over: Partial<ModelConfig>): ModelConfig => ({ ...DEFAULT_CONFIG.model, head: 'two-logit', ...over });
const build = (over: Partial<ModelConfig>, seed = 1) => buildModel(twoLogit(over), { seed, checkTolerance: true });

/** Sets a layer's kernel and bias (row-major in x out) and marks the cached weights stale. */
function setLayer(m: Mlp, i: number, kernel: number[][], bias: number[]): void {
  tf.tidy(() => {
    m.layers[i].kernel.assign(tf.tensor2d(kernel));
    m.layers[i].bias.assign(tf.tensor1d(bias));
  });
  m.invalidate();
}

/** Random kernels and biases in every layer, so no test rests on the orthogonal initialisation. */
function scramble(m: Mlp, seed: number): void {
  m.layers.forEach((l, i) => {
    tf.tidy(() => {
      l.kernel.assign(tf.randomNormal([l.inputs, l.outputs], 0, 1, 'float32', seed + i));
      l.bias.assign(tf.randomNormal([l.outputs], 0, 0.5, 'float32', seed + 100 + i));
    });
  });
  m.invalidate();
}

const predictAt = (m: Mlp, xy: Float32Array) => evaluateField((x) => m.predict(x), xy);

async function logitsAt(m: Mlp, xy: Float32Array): Promise<Float32Array> {
  const t = tf.tidy(() => m.logits(tf.tensor2d(xy, [xy.length / 2, 2])));
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

/** Hand-built head: columns (3, 0) and (-0.6, 0.8) normalise to w0 = (1, 0), w1 = (-0.6, 0.8); |w0 - w1| = sqrt(3.2). */
const HEAD = [
  [3, -0.6],
  [0, 0.8],
];
const DIFF_NORM = Math.sqrt(3.2);

describe('the two-logit head', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('has a 2-output last layer', () => {
    expect(layerShapes({ hidden: [8, 4], activation: 'relu', head: 'two-logit' })).toEqual([[2, 8], [8, 4], [4, 2]]);
  });

  for (const activation of ['groupsort2', 'relu'] as const) {
    it(`scores f = f0 - f1 of its two outputs, in training and inference (${activation})`, async () => {
      const m = build({ hidden: [16, 16], activation });
      scramble(m, 3);
      const xy = boxPoints(500, 3, 11);
      const f = await predictAt(m, xy);
      const logits = await logitsAt(m, xy);
      const trainable = await evaluateField((x) => m.forwardTrainable(x), xy);
      const differences = f.map((_, k) => logits[2 * k] - logits[2 * k + 1]);
      expectClose(f, differences, 1e-5, 'f vs f0 - f1');
      expectClose(trainable, f, 1e-5, 'training vs inference f');
      // Not a trivially zero or symmetric score.
      expect(Math.max(...f.map(Math.abs))).toBeGreaterThan(0.1);
      m.dispose();
    });
  }

  it('normalises each output neuron on its own (each logit 1-Lipschitz), not the whole head', async () => {
    const m = build({ hidden: [] });
    setLayer(m, 0, HEAD, [0, 0]);
    const w = tf.tidy(() => m.layers[0].weight().arraySync());
    expectClose(w.flat(), [1, -0.6, 0, 0.8], 1e-6, 'per-neuron normalised head');
    m.dispose();
  });

  it('reports L_bound = |w0 - w1| x hidden norms on hand-built nets, and it is reached: up to 2, not 1', async () => {
    // No hidden layer: f = x (w0 - w1) + b0 - b1, Lipschitz constant exactly |w0 - w1|.
    const linear = build({ hidden: [] });
    setLayer(linear, 0, HEAD, [0.3, -0.2]);
    expectClose(lipschitzBoundOf(await readNetWeights(linear), linear.outputScale), DIFF_NORM, 1e-6, 'linear bound');
    const g = await gradientNorms((x) => linear.predict(x), boxPoints(50, 2));
    expectClose(Math.max(...g), DIFF_NORM, 1e-5, 'linear |grad f|');
    // Opposite neurons: the largest it can be, 2.
    setLayer(linear, 0, [[1, -2], [0, 0]], [0, 0]);
    expectClose(lipschitzBoundOf(await readNetWeights(linear), linear.outputScale), 2, 1e-6, 'opposite neurons');
    linear.dispose();

    // One hidden 2 x 2 rotation (|W|_2 = 1) and groupsort2: |grad f| = |w0 - w1| everywhere, and L = 2 doubles it.
    for (const L of [1, 2]) {
      const m = build({ hidden: [2], lipschitz: L });
      const c = Math.cos(0.4);
      const s = Math.sin(0.4);
      setLayer(m, 0, [[c, s], [-s, c]], [0.1, -0.1]);
      setLayer(m, 1, HEAD, [0.2, 0]);
      const bound = lipschitzBoundOf(await readNetWeights(m), m.outputScale);
      expectClose(bound, L * DIFF_NORM, 2e-3 * L, `bound, L = ${L}`);
      const grads = await gradientNorms((x) => m.predict(x), boxPoints(2000, 3, 5));
      expect(Math.max(...grads)).toBeGreaterThan(L * DIFF_NORM * 0.999);
      expect(Math.max(...grads)).toBeLessThanOrEqual(bound * (1 + 1e-5));
      m.dispose();
    }
  });

  it('reports a bound at least the empirical Lipschitz constant of the score (random points and pairs)', async () => {
    for (const [activation, seed] of [['groupsort2', 21], ['relu', 22], ['fullsort', 23]] as const) {
      const m = build({ hidden: [32, 32], activation }, seed);
      scramble(m, seed);
      // Nearly opposite neurons, so that the bound is near 2 and a bound of 1 would be visibly unsound.
      tf.tidy(() => {
        const head = m.layers[2];
        const col = tf.randomNormal([head.inputs, 1], 0, 1, 'float32', seed);
        head.kernel.assign(tf.concat([col, tf.add(tf.neg(col), tf.randomNormal([head.inputs, 1], 0, 0.05, 'float32', seed + 1))], 1) as tf.Tensor2D);
      });
      m.invalidate();
      const bound = lipschitzBoundOf(await readNetWeights(m), m.outputScale);
      expect(bound).toBeGreaterThan(1.9);
      const grads = await gradientNorms((x) => m.predict(x), boxPoints(4000, 3, seed));
      expect(Math.max(...grads), activation).toBeLessThanOrEqual(bound * (1 + 1e-5));
      expect(await pairRatioMax((xy) => predictAt(m, xy), 4000), activation).toBeLessThanOrEqual(bound * (1 + 1e-4));
      m.dispose();
    }
  });

  it('exports the score as a one-output MLP (w0 - w1, b0 - b1) that reproduces f', async () => {
    const m = build({ hidden: [16, 8], lipschitz: 1.5 });
    scramble(m, 5);
    const mlp = await exportMlp(m);
    const last = mlp.layers[mlp.layers.length - 1];
    expect(last.type === 'dense' && last.bias.length).toBe(1);
    const xy = boxPoints(300, 3, 9);
    const f = await predictAt(m, xy);
    const exported = Array.from(f, (_, k) => forwardMlpJson(mlp, xy[2 * k], xy[2 * k + 1]));
    expectClose(exported, f, 1e-5, 'exported f');
    m.dispose();
  });
});

describe('tau-bce on the two-logit score', () => {
  beforeAll(() => useNodeBackend('wasm'));

  // x = (0.5, 1), y = +1 and x = (-1, 0.5), y = -1 through the hand-built head with b = (0.1, -0.2):
  // logits (0.6, 0.3) and (-0.9, 0.8). Class +1 is logit 0.
  const XY = [0.5, 1, -1, 0.5];
  const Y = [1, -1];
  const LOGITS = [
    [0.6, 0.3],
    [-0.9, 0.8],
  ];
  const TAU = 5;

  /** Softmax cross-entropy on (tau f0, tau f1), divided by tau (deel-lip's TauCategoricalCrossentropy), by hand. */
  const softmaxCe = (): number => {
    const terms = LOGITS.map(([a, b], k) => {
      const own = Y[k] === 1 ? a : b;
      return -(TAU * own - Math.log(Math.exp(TAU * a) + Math.exp(TAU * b))) / TAU;
    });
    return (terms[0] + terms[1]) / 2;
  };

  it('equals softmax cross-entropy on (tau f0, tau f1) / tau: value and gradient (so the same step)', async () => {
    const m = build({ hidden: [] });
    setLayer(m, 0, HEAD, [0.1, -0.2]);
    const x = tf.tensor2d(XY, [2, 2]);
    const y = tf.tensor1d(Y);
    const vars = m.trainableVariables();
    const ours = tf.variableGrads(() => tauBceLoss(m.forwardTrainable(x), y, TAU), vars);
    expectClose(await ours.value.data(), [softmaxCe()], 1e-6, 'tau-bce on f0 - f1 vs hand softmax CE');
    // The same loss written as softmax CE over the two logits with tf's own op: equal gradients.
    const oneHot = tf.tensor2d(Y.map((l) => (l === 1 ? [1, 0] : [0, 1])));
    const theirs = tf.variableGrads(() => {
      const head = m.layers[0];
      const logits = tf.add(tf.matMul(x, head.weight()), head.bias);
      return tf.div(tf.losses.softmaxCrossEntropy(oneHot, tf.mul(logits, TAU)), TAU) as tf.Scalar;
    }, vars);
    expectClose(await theirs.value.data(), [softmaxCe()], 1e-6, 'tf softmax CE');
    for (const v of vars) expectClose(await ours.grads[v.name].data(), await theirs.grads[v.name].data(), 1e-6, `gradient of ${v.name}`);
    tf.dispose([x, y, oneHot, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
    m.dispose();
  });
});
