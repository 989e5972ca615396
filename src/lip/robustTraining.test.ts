import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_CONFIG, type LossConfig, type ModelConfig } from '../core/config';
import { spectralNorm } from './linalg';
import { makeLoss } from './losses';
import { buildModel, type Mlp } from './model';
import { describeRobustTraining, gloroLoss, gloroTemperature, LipschitzEstimate, lmtLoss, makeTrainingLoss, POWER_ITERATIONS_FROM_START } from './robustTraining';

const value = (s: tf.Scalar) => s.dataSync()[0];
const standard = (over: Partial<ModelConfig> = {}): ModelConfig => ({
  ...DEFAULT_CONFIG.model,
  kind: 'standard',
  activation: 'relu',
  hidden: [12, 8],
  ...over,
});
const build = (cfg: ModelConfig, seed = 3) => buildModel(cfg, { seed, checkTolerance: true });
const loss = (over: Partial<LossConfig>): LossConfig => ({ ...DEFAULT_CONFIG.loss, ...over });

/** The exact K of a model: |outputScale| times the product of the exact spectral norms of its score weights. */
function exactBound(model: Mlp): number {
  model.invalidate();
  const weights = model.effectiveWeights();
  return model.layers.reduce((k, l, i) => k * spectralNorm(weights[i].dataSync(), l.inputs, l.scoreOutputs), Math.abs(model.outputScale));
}

const estimateOf = (bound: LipschitzEstimate) => tf.tidy(() => value(bound.value()));

describe('K, the training-time Lipschitz bound', () => {
  beforeAll(() => useNodeBackend('cpu'));

  for (const head of ['one-logit', 'two-logit'] as const) {
    it(`equals the exact product of spectral norms after enough power iterations (standard net, ${head} head)`, () => {
      const model = build(standard({ head }));
      const bound = LipschitzEstimate.forModel(model, 1);
      const exact = exactBound(model);
      const early = estimateOf(bound); // built: POWER_ITERATIONS_FROM_START iterations from the seeded start
      for (let i = 0; i < 200; i++) bound.advance(); // then one per call
      expect(estimateOf(bound)).toBeCloseTo(exact, 4);
      // Power iteration approaches sigma_max from below: the estimate never exceeds the exact bound.
      expect(early).toBeLessThanOrEqual(exact * (1 + 1e-5));
      expect(exact).toBeGreaterThan(1); // a Glorot net is far from 1-Lipschitz: the test is not trivial
      bound.dispose();
      model.dispose();
    });
  }

  it('is L for a Lipschitz net (constrained layers count 1, the head its exact column norm), close to the exact product', () => {
    const model = build({ ...DEFAULT_CONFIG.model, hidden: [8, 8], lipschitz: 2.5 });
    const bound = LipschitzEstimate.forModel(model, 1);
    bound.advance();
    expect(estimateOf(bound)).toBeCloseTo(2.5, 5);
    expect(exactBound(model)).toBeCloseTo(2.5, 2);
    bound.dispose();
    model.dispose();
  });

  it('the power vectors are seeded: the same seed gives the same estimate, another seed another one', () => {
    const model = build(standard());
    // One iteration from the start (an estimate far from converged) shows the start vectors.
    const a = LipschitzEstimate.forModel(model, 7, { startIterations: 1 });
    const b = LipschitzEstimate.forModel(model, 7, { startIterations: 1 });
    const c = LipschitzEstimate.forModel(model, 8, { startIterations: 1 });
    expect(estimateOf(a)).toBe(estimateOf(b));
    expect(estimateOf(a)).not.toBe(estimateOf(c));
    [a, b, c].forEach((k) => k.dispose());
    model.dispose();
  });

  it('is usable when built (converged from the seeded start), and reset goes back to exactly that', () => {
    const model = build(standard());
    const bound = LipschitzEstimate.forModel(model, 1);
    const first = estimateOf(bound);
    const fresh = LipschitzEstimate.forModel(model, 1, { startIterations: 0 });
    expect(first).toBeGreaterThan(estimateOf(fresh)); // the seeded vectors themselves: a poor estimate
    expect(first).toBeCloseTo(exactBound(model), 1);
    bound.advance();
    bound.advance();
    expect(estimateOf(bound)).not.toBe(first);
    bound.reset();
    expect(estimateOf(bound)).toBe(first);
    expect(POWER_ITERATIONS_FROM_START).toBeGreaterThan(1);
    fresh.dispose();
    bound.dispose();
    model.dispose();
  });

  it('its gradient in a hidden kernel matches finite differences of the exact bound (gradient flows through sigma)', () => {
    const model = build(standard({ hidden: [6, 5] }));
    const bound = LipschitzEstimate.forModel(model, 1);
    for (let i = 0; i < 100; i++) bound.advance();
    const kernel = model.layers[1].kernel; // 6 x 5, a power-iteration factor
    const { grads } = tf.variableGrads(() => bound.value(), [kernel]);
    const grad = grads[kernel.name].dataSync();
    const w = Float64Array.from(kernel.dataSync());
    const others = exactBound(model) / spectralNorm(w, 6, 5);
    const h = 1e-4;
    for (const k of [0, 7, 13, 29]) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[k] += h;
      minus[k] -= h;
      const numeric = (others * (spectralNorm(plus, 6, 5) - spectralNorm(minus, 6, 5))) / (2 * h);
      expect(grad[k]).toBeCloseTo(numeric, 2);
    }
    expect(Math.max(...Array.from(grad, Math.abs))).toBeGreaterThan(0.05);
    tf.dispose(grads);
    bound.dispose();
    model.dispose();
  });
});

describe('the robust losses on hand-computed cases', () => {
  beforeAll(() => useNodeBackend('cpu'));
  const f = () => tf.tensor1d([2, -1, 0.5, -3]);
  const y = () => tf.tensor1d([1, -1, -1, 1]);
  const epsK = (v: number) => tf.scalar(v);

  it('LMT is the base loss on f - y eps K', () => {
    // eps K = 0.5: f - y eps K = [1.5, -0.5, 1, -3.5], y (f - y eps K) = [1.5, 0.5, -1, -3.5]
    // hinge m = 1: relu(1 - that) = [0, 0.5, 2, 4.5] -> mean 1.75 (plain hinge: 5.5 / 4 = 1.375)
    expect(value(lmtLoss(makeLoss(loss({ name: 'hinge', margin: 1 })), f(), y(), epsK(0.5)))).toBeCloseTo(1.75, 6);
    // kr: mean over y=-1 of [-0.5, 1] minus mean over y=+1 of [1.5, -3.5] = 0.25 + 1 = 1.25 (= kr(f) + 2 eps K)
    expect(value(lmtLoss(makeLoss(loss({ name: 'kr' })), f(), y(), epsK(0.5)))).toBeCloseTo(1.25, 6);
    // bce: mean log(1 + exp(-[1.5, 0.5, -1, -3.5]))
    const bce = [1.5, 0.5, -1, -3.5].reduce((s, m) => s + Math.log1p(Math.exp(-m)), 0) / 4;
    expect(value(lmtLoss(makeLoss(loss({ name: 'bce' })), f(), y(), epsK(0.5)))).toBeCloseTo(bce, 6);
  });

  it('GloRo: log 5, log 3 and log 6 at y f = 0, ln 2 and -ln 2 with eps K = ln 3 (tau 1)', () => {
    // logits (correct, wrong, bottom) relative to the correct one: (0, -m, eps K - max(m, 0));
    // m = 0: log(1 + 1 + 3); m = ln 2: log(1 + 1/2 + 3/2) = log 3; m = -ln 2: log(1 + 2 + 3) = log 6.
    const ln2 = Math.log(2);
    const got = value(gloroLoss(tf.tensor1d([0, ln2, ln2]), tf.tensor1d([1, 1, -1]), epsK(Math.log(3)), 1));
    expect(got).toBeCloseTo((Math.log(5) + Math.log(3) + Math.log(6)) / 3, 6);
  });

  it("GloRo equals cross-entropy over (f/2, -f/2, bottom), bottom = the non-predicted logit + eps K, at any tau", () => {
    const fs = [2.3, -0.7, 0.05, -4, 0.9, 0];
    const ys = [1, 1, -1, -1, -1, 1];
    for (const [tau, ek] of [[1, 0.3], [5, 0.8], [0.5, 2]]) {
      const expected =
        fs.reduce((s, fv, i) => {
          const logits = [fv / 2, -fv / 2]; // class +1, class -1
          const predicted = fv > 0 ? 0 : 1; // GloRo's j = argmax (at f = 0: either, the same bottom)
          const bottom = logits[1 - predicted] + ek;
          const correct = ys[i] > 0 ? logits[0] : logits[1];
          const all = [...logits, bottom].map((l) => tau * l);
          const max = Math.max(...all);
          return s + (max + Math.log(all.reduce((a, l) => a + Math.exp(l - max), 0)) - tau * correct) / tau;
        }, 0) / fs.length;
      expect(value(gloroLoss(tf.tensor1d(fs), tf.tensor1d(ys), epsK(ek), tau))).toBeCloseTo(expected, 5);
    }
  });

  it('LMT and GloRo differ where the papers differ: at eps 0, and on a misclassified point', () => {
    const bce = makeLoss(loss({ name: 'bce' }));
    // Correct point m = 1, eps K = 0: bce log(1 + e^-1); GloRo log(1 + 2 e^-1) (the bottom doubles the wrong logit).
    const one = () => [tf.tensor1d([1]), tf.tensor1d([1])] as const;
    expect(value(lmtLoss(bce, ...one(), epsK(0)))).toBeCloseTo(Math.log1p(Math.exp(-1)), 6);
    expect(value(gloroLoss(...one(), epsK(0), 1))).toBeCloseTo(Math.log(1 + 2 * Math.exp(-1)), 6);
    // Misclassified m = -1, eps K = 2: LMT log(1 + e^(2 + 1)); GloRo log(1 + e^2 + e^1).
    const wrong = () => [tf.tensor1d([-1]), tf.tensor1d([1])] as const;
    expect(value(lmtLoss(bce, ...wrong(), epsK(2)))).toBeCloseTo(Math.log1p(Math.exp(3)), 5);
    expect(value(gloroLoss(...wrong(), epsK(2), 1))).toBeCloseTo(Math.log(1 + Math.exp(2) + Math.exp(1)), 5);
  });
});

describe('makeTrainingLoss', () => {
  beforeAll(() => useNodeBackend('cpu'));

  const x = () => tf.tensor2d([0.3, -0.2, -1, 0.5, 0.8, 0.9, -0.4, -1.1, 1.2, 0.1], [5, 2]);
  const y = () => tf.tensor1d([1, -1, 1, -1, 1]);

  it('eps = 0 gives back the plain loss for LMT (every loss), and robust none is the plain loss', () => {
    const model = build(standard());
    const bound = LipschitzEstimate.forModel(model, 1);
    bound.advance();
    for (const name of ['kr', 'hinge', 'hkr', 'tau-bce', 'bce'] as const) {
      const cfg = loss({ name });
      const plain = tf.tidy(() => value(makeLoss(cfg)(model.forwardTrainable(x()), y())));
      const lmt0 = tf.tidy(() => value(makeTrainingLoss({ robust: 'lmt', robustEps: 0 }, cfg, bound)(model.forwardTrainable(x()), y())));
      const none = tf.tidy(() => value(makeTrainingLoss({ robust: 'none', robustEps: 0.3 }, cfg, null)(model.forwardTrainable(x()), y())));
      expect(lmt0).toBe(plain);
      expect(none).toBe(plain);
    }
    bound.dispose();
    model.dispose();
  });

  it('asks for a bound when robust', () => {
    expect(() => makeTrainingLoss({ robust: 'gloro', robustEps: 0.1 }, loss({}), null)).toThrow(/Lipschitz estimate/);
  });

  /** The gradients in the kernels of `objective`, flattened per kernel. */
  function kernelGrads(model: Mlp, objective: () => tf.Scalar): number[] {
    const kernels = model.layers.map((l) => l.kernel);
    return tf.tidy(() => {
      const { grads } = tf.variableGrads(objective, kernels);
      return kernels.flatMap((k) => Array.from(grads[k.name].dataSync()));
    });
  }
  const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

  for (const robust of ['lmt', 'gloro'] as const) {
    it(`${robust}: gradients reach the kernels through K (they differ from eps = 0 and from K held constant)`, () => {
      const model = build(standard());
      const bound = LipschitzEstimate.forModel(model, 1);
      bound.advance();
      const cfg = loss({ name: 'bce' });
      const eps = 0.4;
      const withK = kernelGrads(model, () => makeTrainingLoss({ robust, robustEps: eps }, cfg, bound)(model.forwardTrainable(x()), y()));
      const plain = kernelGrads(model, () => makeTrainingLoss({ robust, robustEps: 0 }, cfg, bound)(model.forwardTrainable(x()), y()));
      // The same loss value with K a constant: only f carries the gradient.
      const k = estimateOf(bound);
      const constantK = kernelGrads(model, () => {
        const f = model.forwardTrainable(x());
        const epsK = tf.scalar(eps * k);
        return robust === 'lmt' ? lmtLoss(makeLoss(cfg), f, y(), epsK) : gloroLoss(f, y(), epsK, 1);
      });
      expect(maxDiff(withK, plain)).toBeGreaterThan(1e-3);
      expect(maxDiff(withK, constantK)).toBeGreaterThan(1e-3);
      bound.dispose();
      model.dispose();
    });
  }

  it('lmt with kr is kr + 2 eps K exactly, so its gradient is kr\'s plus 2 eps times the gradient of K', () => {
    const model = build(standard());
    const bound = LipschitzEstimate.forModel(model, 1);
    bound.advance();
    const eps = 0.3;
    const cfg = loss({ name: 'kr' });
    const lmt = kernelGrads(model, () => makeTrainingLoss({ robust: 'lmt', robustEps: eps }, cfg, bound)(model.forwardTrainable(x()), y()));
    const kr = kernelGrads(model, () => makeLoss(cfg)(model.forwardTrainable(x()), y()));
    const gradK = kernelGrads(model, () => bound.value());
    expect(maxDiff(lmt, kr.map((g, i) => g + 2 * eps * gradK[i]))).toBeLessThan(1e-5);
    expect(Math.max(...gradK.map(Math.abs))).toBeGreaterThan(0.05);
    bound.dispose();
    model.dispose();
  });
});

describe('what the runner says about the training method', () => {
  it('names the method, eps, and what becomes of the configured loss', () => {
    expect(describeRobustTraining({ robust: 'none', robustEps: 0.1 }, loss({ name: 'hinge' }))).toBe('plain training: the hinge loss on f');
    expect(describeRobustTraining({ robust: 'lmt', robustEps: 0.2 }, loss({ name: 'tau-bce' }))).toBe(
      'Lipschitz margin training (lmt), eps 0.2: the tau-bce loss on f - y eps K',
    );
    expect(describeRobustTraining({ robust: 'gloro', robustEps: 0.1 }, loss({ name: 'tau-bce', tau: 5 }))).toMatch(/tau 5$/);
    expect(describeRobustTraining({ robust: 'gloro', robustEps: 0.1 }, loss({ name: 'hkr' }))).toMatch(/tau 1; replaces the configured hkr loss$/);
    expect([gloroTemperature(loss({ name: 'bce', tau: 7 })), gloroTemperature(loss({ name: 'kr', tau: 7 }))]).toEqual([1, 1]);
  });
});
