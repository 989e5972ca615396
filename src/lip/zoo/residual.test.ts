import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../backend/node';
import { DEFAULT_CONFIG, type ActivationName } from '../../core/config';
import { Random } from '../../core/random';
import { orthogonal } from '../init';
import { singularValues, symmetricEigenvalues } from '../linalg';
import { expectClose } from '../../testing/support';
import { ResidualLayer, type ResidualLayerName } from './residual';
import { residualForward } from '../residualBlock';
import { cplBound } from './residualBound';

/**
 * The residual layers (sll, cpl) against a float64 reference of their formulas, written here from the
 * papers independently of residual.ts, on random weights: 1-Lipschitz (pairs, Jacobians), the bounds,
 * gradients against finite differences, not gradient-norm preserving, deterministic per seed.
 */

const KINDS: ResidualLayerName[] = ['sll', 'cpl'];
const ACTIVATIONS: ActivationName[] = ['relu', 'tanh'];
const SETTINGS = { power: DEFAULT_CONFIG.model.power, checkTolerance: true };
/** A power iteration run to convergence (fixed count): cpl's sigma is then |W|_2 to float32 precision. */
const CONVERGED = { power: { iterations: 500, tolerance: 0 }, checkTolerance: false };

/** The variables of a block, in float64. */
interface Params {
  kind: ResidualLayerName;
  width: number;
  w: Float64Array;
  b: Float64Array;
  logQ: Float64Array;
  u: Float64Array;
}

function readParams(layer: ResidualLayer): Params {
  const read = (t: tf.Tensor | null) => (t ? Float64Array.from(t.dataSync()) : new Float64Array(0));
  return { kind: layer.kind, width: layer.width, w: read(layer.kernel), b: read(layer.bias), logQ: read(layer.logQ), u: read(layer.powerVector) };
}

/** The paper's formulas in float64: V = W, U = -2 T^-1 W^T (sll) or -c W^T (cpl). Row-major. */
function referenceOuter(p: Params): Float64Array {
  const n = p.width;
  const scale = new Float64Array(n);
  if (p.kind === 'sll') {
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) {
        let g = 0;
        for (let r = 0; r < n; r++) g += p.w[r * n + i] * p.w[r * n + j];
        t += (Math.abs(g) * Math.exp(p.logQ[j])) / Math.exp(p.logQ[i]);
      }
      scale[i] = -2 / (t + 1e-6);
    }
  } else {
    let sigma2 = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += p.u[k] * p.w[i * n + k];
      sigma2 += s * s;
    }
    scale.fill(-2 / (sigma2 + 1e-6));
  }
  const outer = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) outer[k * n + i] = scale[k] * p.w[i * n + k];
  return outer;
}

const act = (name: ActivationName, x: number) => (name === 'relu' ? Math.max(0, x) : Math.tanh(x));
const slope = (name: ActivationName, x: number) => (name === 'relu' ? (x > 0 ? 1 : 0) : 1 - Math.tanh(x) ** 2);

/** A block's weights as plain arrays (float64 or the float32 read back). */
interface Block {
  width: number;
  hidden: number;
  inner: ArrayLike<number>;
  bias: ArrayLike<number>;
  outer: ArrayLike<number>;
}

/** z = x + act(x V + b) U in float64, one point. */
function blockForward(blk: Block, activation: ActivationName, x: ArrayLike<number>): Float64Array {
  const { width, hidden } = blk;
  const z = Float64Array.from(x);
  for (let k = 0; k < hidden; k++) {
    let pre = blk.bias[k];
    for (let i = 0; i < width; i++) pre += x[i] * blk.inner[i * hidden + k];
    const a = act(activation, pre);
    if (a !== 0) for (let i = 0; i < width; i++) z[i] += a * blk.outer[k * width + i];
  }
  return z;
}

/** J = I + V D U (dz = dx J) at x, float64. */
function blockJacobian(blk: Block, activation: ActivationName, x: ArrayLike<number>): Float64Array {
  const { width, hidden } = blk;
  const j = new Float64Array(width * width);
  for (let i = 0; i < width; i++) j[i * width + i] = 1;
  for (let k = 0; k < hidden; k++) {
    let pre = blk.bias[k];
    for (let i = 0; i < width; i++) pre += x[i] * blk.inner[i * hidden + k];
    const d = slope(activation, pre);
    for (let i = 0; i < width; i++) for (let l = 0; l < width; l++) j[i * width + l] += blk.inner[i * hidden + k] * d * blk.outer[k * width + l];
  }
  return j;
}

/** The effective weights computed by the layer, read back (float32). */
function readEffective(layer: ResidualLayer): Block {
  return tf.tidy(() => {
    const e = layer.effective();
    return { width: layer.width, hidden: layer.hidden, inner: e.inner.dataSync(), bias: e.bias.dataSync(), outer: e.outer.dataSync() };
  });
}

function gaussian(n: number, rng: Random, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

/** Any weights: a Gaussian kernel of random scale, random bias and q; cpl's power vector converged on them. */
function perturb(layer: ResidualLayer, rng: Random): void {
  const n = layer.width;
  tf.tidy(() => {
    layer.kernel.assign(tf.tensor2d(gaussian(n * n, rng, 10 ** rng.uniform(-0.7, 0.3)), [n, n]));
    layer.bias.assign(tf.tensor1d(gaussian(n, rng)));
    layer.logQ?.assign(tf.tensor1d(gaussian(n, rng, 1.5)));
  });
  layer.refreshPowerVector();
}

function randomPoint(n: number, rng: Random, scale = 1.5): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** max |z(x) - z(y)| / |x - y| over random pairs at distances from 1e-3 to 3, in float64. */
function maxPairRatio(blk: Block, activation: ActivationName, rng: Random, pairs: number): number {
  let worst = 0;
  for (let p = 0; p < pairs; p++) {
    const x = randomPoint(blk.width, rng);
    const dir = randomPoint(blk.width, rng, 1);
    const length = 10 ** rng.uniform(-3, 0.5) / Math.hypot(...dir);
    const y = x.map((xi, i) => xi + length * dir[i]);
    const zx = blockForward(blk, activation, x);
    const zy = blockForward(blk, activation, y);
    worst = Math.max(worst, Math.hypot(...zx.map((v, i) => v - zy[i])) / Math.hypot(...x.map((v, i) => v - y[i])));
  }
  return worst;
}

/** Every kind and activation, each on a few seeded layers: initial weights, then perturbed ones. */
function* cases(width: number, perturbations: number, settings = CONVERGED) {
  for (const kind of KINDS) {
    for (const activation of ACTIVATIONS) {
      const rng = new Random(width * 100 + KINDS.indexOf(kind) * 10 + ACTIVATIONS.indexOf(activation));
      const layer = new ResidualLayer(kind, width, activation, rng, settings);
      try {
        layer.refreshPowerVector();
        yield { kind, activation, layer, rng, label: `${kind} ${activation} initial` };
        for (let k = 0; k < perturbations; k++) {
          perturb(layer, rng);
          yield { kind, activation, layer, rng, label: `${kind} ${activation} random weights ${k}` };
        }
      } finally {
        layer.dispose();
      }
    }
  }
}

describe('residual layers (sll, cpl)', () => {
  beforeAll(() => useNodeBackend('cpu'));

  it('effective weights are V = W and the paper outer matrix, and residualForward is the block written out', () => {
    for (const { activation, layer, rng, label } of cases(6, 3)) {
      const p = readParams(layer);
      const outer = referenceOuter(p);
      const eff = readEffective(layer);
      expectClose(eff.inner, p.w, 0, `${label}: inner`);
      expectClose(eff.bias, p.b, 0, `${label}: bias`);
      const outerScale = Math.max(...outer.map(Math.abs));
      expectClose(eff.outer, outer, 2e-6 * outerScale, `${label}: outer`);
      const x = Array.from({ length: 5 }, () => randomPoint(6, rng));
      const z = tf.tidy(() => {
        const e = layer.effective();
        return residualForward(tf.tensor2d(x.map((r) => Array.from(r))), e, activation).dataSync();
      });
      const expected = x.flatMap((r) => Array.from(blockForward({ width: 6, hidden: 6, inner: p.w, bias: p.b, outer }, activation, r)));
      expectClose(z, expected, 1e-4 * Math.max(1, outerScale), `${label}: z`);
    }
  });

  it('is 1-Lipschitz on random pairs, for the initial weights and for random ones (and readBound covers it)', async () => {
    for (const { activation, layer, rng, label } of cases(8, 4)) {
      const blk = readEffective(layer);
      const ratio = maxPairRatio(blk, activation, rng, 400);
      expect(ratio, label).toBeLessThanOrEqual(1 + 1e-5);
      const bound = await layer.readBound();
      expect(bound, label).toBeGreaterThanOrEqual(ratio);
      expect(bound, label).toBeLessThan(1 + 1e-5);
    }
  });

  it('the pair test catches a block that is not 1-Lipschitz (sll with T = diag(W^T W), without the off-diagonal terms)', () => {
    const rng = new Random(7);
    const n = 8;
    const w = Float64Array.from(gaussian(n * n, rng, 0.3));
    const outer = new Float64Array(n * n);
    for (let k = 0; k < n; k++) {
      let gkk = 0;
      for (let r = 0; r < n; r++) gkk += w[r * n + k] ** 2;
      for (let i = 0; i < n; i++) outer[k * n + i] = (-2 / gkk) * w[i * n + k];
    }
    const blk = { width: n, hidden: n, inner: w, bias: new Float64Array(n).fill(20), outer }; // every unit on
    expect(maxPairRatio(blk, 'relu', rng, 400)).toBeGreaterThan(1.05);
  });

  it("the Jacobian's spectral norm is <= 1 at random points (autodiff agrees with I + V D U)", () => {
    for (const { activation, layer, rng, label } of cases(6, 3)) {
      const blk = readEffective(layer);
      // Autodiff, one output at a time, at two points: column l of J is grad_x z_l.
      for (let p = 0; p < 2; p++) {
        const x = randomPoint(6, rng);
        const columns = tf.tidy(() =>
          Array.from({ length: 6 }, (_, l) =>
            tf
              .grad((xt: tf.Tensor) => {
                const e = layer.effective();
                return tf.sum(tf.slice(residualForward(xt as tf.Tensor2D, e, activation), [0, l], [1, 1]));
              })(tf.tensor2d([Array.from(x)]))
              .dataSync(),
          ),
        );
        const closed = blockJacobian(blk, activation, x);
        for (let l = 0; l < 6; l++) expectClose(columns[l], Array.from({ length: 6 }, (_, i) => closed[i * 6 + l]), 1e-4, `${label}: J column ${l}`);
      }
      for (let p = 0; p < 200; p++) {
        const top = singularValues(blockJacobian(blk, activation, randomPoint(6, rng)), 6, 6)[0];
        expect(top, label).toBeLessThanOrEqual(1 + 1e-5);
      }
    }
  });

  it('gradients with respect to the variables match central finite differences of the float64 formula', () => {
    // Random weights only: at the orthogonal start W^T W = I up to rounding, so sll's |W^T W|_ij sits on the
    // kink of |.| (off-diagonal entries ~1e-8): a subgradient there, no derivative to compare with.
    for (const { activation, layer, rng, label } of cases(5, 3)) {
      if (label.endsWith('initial')) continue;
      const batch = Array.from({ length: 4 }, () => Array.from(randomPoint(5, rng)));
      const weights = Array.from({ length: 4 }, () => Array.from(randomPoint(5, rng, 1)));
      const vars = layer.trainableVariables();
      const grads = tf.tidy(() => {
        const { grads: g } = tf.variableGrads(() => {
          const e = layer.effective();
          return tf.sum(tf.mul(residualForward(tf.tensor2d(batch), e, activation), tf.tensor2d(weights))) as tf.Scalar;
        }, vars);
        return vars.map((v) => g[v.name].dataSync() as Float32Array);
      });
      const base = readParams(layer);
      const loss = (p: Params) => {
        const blk = { width: 5, hidden: 5, inner: p.w, bias: p.b, outer: referenceOuter(p) };
        let sum = 0;
        batch.forEach((x, r) => blockForward(blk, activation, x).forEach((z, i) => (sum += z * weights[r][i])));
        return sum;
      };
      const fields: (keyof Params)[] = ['w', 'b', 'logQ'];
      vars.forEach((_, v) => {
        const field = fields[v];
        const values = base[field] as Float64Array;
        const numeric = values.map((_, i) => {
          const h = 1e-6;
          const plus = { ...base, [field]: values.map((x, j) => (j === i ? x + h : x)) };
          const minus = { ...base, [field]: values.map((x, j) => (j === i ? x - h : x)) };
          return (loss(plus) - loss(minus)) / (2 * h);
        });
        const scale = Math.max(1, ...numeric.map(Math.abs));
        expectClose(grads[v], numeric, 2e-3 * scale, `${label}: d/d${field}`);
      });
    }
  });

  it('sll: T >= W^T W for any W and q (float64), so its own bound is 1 up to rounding', async () => {
    for (const { kind, layer, label } of cases(8, 4)) {
      if (kind !== 'sll') continue;
      const p = readParams(layer);
      const n = p.width;
      const outer = referenceOuter(p);
      // T - W^T W with t_k = -2 W_ik / U_ki recovered from the reference outer (t + 1e-6 there).
      const diff = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let g = 0;
          for (let r = 0; r < n; r++) g += p.w[r * n + i] * p.w[r * n + j];
          diff[i * n + j] = -g;
        }
        const col = Array.from({ length: n }, (_, r) => p.w[r * n + i]).findIndex((x) => x !== 0);
        diff[i * n + i] += (-2 * p.w[col * n + i]) / outer[i * n + col];
      }
      expect(Math.min(...symmetricEigenvalues(diff, n)), label).toBeGreaterThan(0);
      const bound = await layer.readBound();
      expect(bound).toBeGreaterThanOrEqual(1);
      expect(bound).toBeLessThan(1 + 1e-5);
    }
  });

  it('cpl: the bound max(1, c |W|_2^2 - 1) is 1 with a converged power vector and above 1 with a stale one, where the block reaches it', async () => {
    const n = 8;
    const rng = new Random(11);
    const a = orthogonal(n, n, rng);
    const b = orthogonal(n, n, rng);
    const sv = [2, 1.5, 1, 0.8, 0.5, 0.4, 0.2, 0.1];
    const w = new Float32Array(n * n); // A diag(sv) B: rows of B are the right singular vectors
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) w[i * n + j] += a[i * n + k] * sv[k] * b[k * n + j];
    const layer = new ResidualLayer('cpl', n, 'relu', rng, CONVERGED);
    try {
      tf.tidy(() => {
        layer.kernel.assign(tf.tensor2d(w, [n, n]));
        layer.bias.assign(tf.fill([n], 50) as tf.Tensor1D); // every unit on in the box below: J = I - c W W^T
      });
      const scale = (blk: Block) => {
        let dot = 0;
        let sq = 0;
        for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) (dot += blk.outer[k * n + i] * blk.inner[i * n + k]), (sq += blk.inner[i * n + k] ** 2);
        return -dot / sq;
      };
      const topJacobian = (blk: Block) => Math.max(...Array.from({ length: 50 }, () => singularValues(blockJacobian(blk, 'relu', randomPoint(n, rng)), n, n)[0]));

      layer.refreshPowerVector();
      const fresh = readEffective(layer);
      expectClose(scale(fresh), 2 / 4, 1e-5, 'c with a converged sigma');
      expect(cplBound(w, n, scale(fresh))).toBeLessThan(1 + 1e-5);
      expect(await layer.readBound()).toBeLessThan(1 + 1e-5);
      expect(topJacobian(fresh)).toBeLessThanOrEqual(1 + 1e-5);

      // Stale: u = the right singular vector of sigma = 1, so c = 2 and the bound 2 * 2^2 - 1 = 7.
      tf.tidy(() => layer.powerVector!.assign(tf.tensor2d(b.slice(2 * n, 3 * n), [1, n])));
      const stale = readEffective(layer);
      expectClose(scale(stale), 2, 1e-4, 'c with a stale sigma');
      const theorem = cplBound(w, n, scale(stale));
      expectClose(theorem, 7, 1e-3, 'cplBound');
      const own = await layer.readBound();
      expectClose(own, theorem, 1e-5 * theorem, 'readBound against cplBound');
      const reached = topJacobian(stale);
      expect(reached).toBeLessThanOrEqual(own);
      expect(reached).toBeGreaterThan(7 - 1e-3); // the bound is reached: the block is 7-Lipschitz here
      expect(maxPairRatio(stale, 'relu', rng, 400)).toBeGreaterThan(1.5);
    } finally {
      layer.dispose();
    }
  });

  it('is gradient-norm preserving only at the start with relu (a reflection); tanh, or any other weights, shrink gradients in some directions', () => {
    for (const { activation, layer, rng, label } of cases(8, 2)) {
      const blk = readEffective(layer);
      const spectra = Array.from({ length: 30 }, () => singularValues(blockJacobian(blk, activation, randomPoint(8, rng)), 8, 8));
      const smallest = Math.min(...spectra.map((s) => s[7]));
      if (activation === 'relu' && label.endsWith('initial')) {
        // Orthogonal W, T = I or c = 2: J = I - 2 W D W^T with D in {0, 1}, an orthogonal matrix.
        for (const s of spectra) for (const v of s) expect(Math.abs(v - 1), label).toBeLessThan(1e-5);
      } else {
        expect(smallest, label).toBeLessThan(0.9);
      }
    }
    // A direction where a backpropagated gradient shrinks, by autodiff: f(x) = <z(x), a>, |grad f| < |a| = 1.
    const rng = new Random(21);
    const layer = new ResidualLayer('sll', 8, 'relu', rng, SETTINGS);
    try {
      perturb(layer, rng);
      const blk = readEffective(layer);
      const x = randomPoint(8, rng);
      // The right singular vector of J for its smallest singular value: eigenvector of J^T J, by inverse-free
      // search over the unit vectors e_i and random ones (enough to find one below 0.9 here).
      const j = blockJacobian(blk, 'relu', x);
      let best = { norm: Infinity, a: new Float64Array(8) };
      for (let t = 0; t < 2000; t++) {
        const a = randomPoint(8, rng, 1);
        const len = Math.hypot(...a);
        const ja = Array.from({ length: 8 }, (_, i) => a.reduce((s, ak, l) => s + j[i * 8 + l] * ak, 0) / len);
        const norm = Math.hypot(...ja);
        if (norm < best.norm) best = { norm, a: a.map((v) => v / len) };
      }
      const gradNorm = tf.tidy(() => {
        const g = tf.grad((xt: tf.Tensor) => {
          const e = layer.effective();
          return tf.sum(tf.mul(residualForward(xt as tf.Tensor2D, e, 'relu'), tf.tensor2d([Array.from(best.a)])));
        })(tf.tensor2d([Array.from(x)]));
        return tf.norm(g).dataSync()[0];
      });
      expectClose(gradNorm, best.norm, 1e-4, '|grad f|');
      expect(gradNorm).toBeLessThan(0.9);
    } finally {
      layer.dispose();
    }
  });

  it('is deterministic per seed and starts from orthogonal W, b = 0, q = 1 (outer = -2 W^T)', () => {
    for (const kind of KINDS) {
      const make = (seed: number) => new ResidualLayer(kind, 8, 'relu', new Random(seed), SETTINGS);
      const [a, b, c] = [make(3), make(3), make(4)];
      try {
        const [pa, pb, pc] = [a, b, c].map(readParams);
        expect(pa.w).toEqual(pb.w);
        expect(pa.u).toEqual(pb.u);
        expect(pa.w).not.toEqual(pc.w);
        expect(pa.b).toEqual(new Float64Array(8));
        if (kind === 'sll') expect(pa.logQ).toEqual(new Float64Array(8));
        else expectClose(Math.hypot(...pa.u), 1, 1e-6, '|u|');
        const gram = singularValues(pa.w, 8, 8);
        for (const s of gram) expect(Math.abs(s - 1)).toBeLessThan(1e-6);
        const eff = readEffective(a);
        expectClose(eff.outer, Array.from({ length: 64 }, (_, idx) => -2 * pa.w[(idx % 8) * 8 + Math.floor(idx / 8)]), 1e-5, `${kind} outer at the start`);
      } finally {
        for (const l of [a, b, c]) l.dispose();
      }
    }
  });

  it('refreshPowerVector moves only cpl, and nothing leaks (effective in tidy, readBound, dispose)', async () => {
    const before = tf.memory().numTensors;
    for (const kind of KINDS) {
      const layer = new ResidualLayer(kind, 8, 'tanh', new Random(5), SETTINGS);
      perturb(layer, new Random(6));
      const u0 = layer.powerVector?.dataSync().slice();
      tf.tidy(() => layer.kernel.assign(tf.mul(layer.kernel, tf.tensor2d(gaussian(64, new Random(8)), [8, 8]))));
      layer.refreshPowerVector();
      if (kind === 'cpl') expect(layer.powerVector!.dataSync()).not.toEqual(u0);
      else expect(layer.powerVector).toBeNull();
      tf.tidy(() => {
        layer.effective();
      });
      await layer.readBound();
      expect(layer.trainableVariables().length).toBe(kind === 'sll' ? 3 : 2);
      layer.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an activation without a slope in [0, 1]', () => {
    expect(() => new ResidualLayer('sll', 8, 'groupsort2', new Random(1), SETTINGS)).toThrow(/relu or tanh/);
  });
});
