import * as tf from '@tensorflow/tfjs';
import type { PowerIterationConfig } from '../core/config';
import { squaredDistance } from './orthonormalize';

/**
 * The spectral state of a Björck layer kept on the host, for backends whose read-backs cost microseconds
 * (wasm, cpu; `canCheckTolerance`): the warm-started power-iteration vector u of the largest singular value
 * sigma of V, and a second warm-started vector v for the smallest one (the scaled Björck schedule's lower
 * bound). One refresh per change of the kernel costs three products and two small read-backs; the same in
 * tensors (orthonormalize.ts `powerIteration`, GPU backends) takes about a dozen kernels per iteration.
 *
 * sigma is a plain number here, so the layer divides V by a constant: no gradient flows through sigma.
 * Björck's limit, the orthonormal polar factor, does not change when V is scaled, so that gradient is
 * zero in the limit; it is kept (tensors, differentiable) only where the gradient is asked to be exact
 * (`gradientIterations` 0) or where there is no Björck (`iterations` 0, pure spectral normalisation).
 */
export class HostSpectralState {
  /** Unit vector, 1 x out: V's top right singular vector, warm-started across refreshes. */
  private u: Float32Array;
  /** Unit vector on V's short side (min(in, out)): the smallest singular value's direction. */
  private v: Float32Array;
  /** Estimate of V's largest singular value (never above it), from the last refresh. */
  sigma: number | undefined;
  /** Estimate of the smallest singular value of V / (sigma + eps), from the last refresh. */
  smallest: number | undefined;

  constructor(
    private readonly inputs: number,
    private readonly outputs: number,
    initialU: Float32Array,
    /** Added to sigma before dividing (deel-lip's epsilon). */
    private readonly epsilon: number,
  ) {
    this.u = unit(Float32Array.from(initialU));
    this.v = unit(Float32Array.from({ length: Math.min(inputs, outputs) }, (_, i) => Math.cos(1.7 * i + 0.3)));
  }

  /** V / (sigma + eps)'s divisor, for the layer. */
  get divisor(): number | undefined {
    return this.sigma === undefined ? undefined : this.sigma + this.epsilon;
  }

  /** The current u (a copy). */
  powerVector(): Float32Array {
    return Float32Array.from(this.u);
  }

  /**
   * Power iteration from the warm start, u <- normalise(u V^T V) until |du| < tolerance or `iterations`
   * steps, with sigma = |u V^T V| / |u V^T| (a Rayleigh-type estimate, never above the largest singular
   * value and at least |u V^T|); then one warm-started step for the smallest singular value (see
   * `smallestStep`). When V is square or tall (in >= out) both vectors live on the output side and share
   * the first products. Non-finite products (a diverged kernel) leave the vectors as they were and sigma NaN.
   */
  refresh(kernel: tf.Tensor2D, power: PowerIterationConfig): void {
    const tall = this.inputs >= this.outputs;
    const kernelT = tf.transpose(kernel);
    try {
      let smallestProduct: Float32Array | null = null;
      for (let i = 0; i < Math.max(1, power.iterations); i++) {
        const both = i === 0 && tall;
        const rows = both ? 2 : 1;
        const [t, q] = tf.tidy(() => {
          const x = tf.tensor2d(both ? concat(this.u, this.v) : this.u, [rows, this.outputs]);
          const t = tf.matMul(x, kernelT);
          return [t.dataSync() as Float32Array, tf.matMul(t, kernel).dataSync() as Float32Array];
        });
        if (both) smallestProduct = q.slice(this.outputs);
        const tNorm = norm(t.subarray(0, this.inputs));
        const q0 = q.subarray(0, this.outputs);
        const qNorm = norm(q0);
        if (!(qNorm > 0 && tNorm > 0) || !Number.isFinite(qNorm)) {
          this.sigma = Number.NaN;
          this.smallest = undefined;
          return;
        }
        this.sigma = qNorm / tNorm;
        const next = q0.map((x) => x / qNorm);
        const change = Math.sqrt(squaredDistance(next, this.u));
        this.u = next;
        if (change < power.tolerance) break;
      }
      if (!smallestProduct) {
        // Wide V (in < out): the nonzero singular values live on the input side, v V V^T.
        smallestProduct = tf.tidy(() => tf.matMul(tf.matMul(tf.tensor2d(this.v, [1, this.inputs]), kernel), kernelT).dataSync() as Float32Array);
      }
      this.smallestStep(smallestProduct);
    } finally {
      kernelT.dispose();
    }
  }

  /**
   * One power-iteration step on I - M, M the Gram matrix of V / (sigma + eps) on V's short side
   * (eigenvalues s_i^2, so I - M's largest is 1 - s_min^2): m = v - v M; the estimate is
   * sqrt(1 - |m|), never below the true smallest singular value while every s_i <= 1 (too high an
   * estimate costs Björck iterations, never exactness). `product` is v times the unscaled Gram matrix.
   */
  private smallestStep(product: Float32Array): void {
    const scale = (this.sigma! + this.epsilon) ** 2;
    const m = this.v.map((x, i) => x - product[i] / scale);
    const size = norm(m);
    if (!(size > 0) || !Number.isFinite(size)) {
      this.smallest = undefined;
      return;
    }
    this.v = m.map((x) => x / size);
    this.smallest = Math.sqrt(Math.max(0, 1 - size));
  }
}

function norm(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum);
}

function unit(x: Float32Array): Float32Array {
  const n = norm(x);
  return n > 0 ? x.map((v) => v / n) : x.fill(1 / Math.sqrt(x.length));
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
