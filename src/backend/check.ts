/**
 * A fixed, deterministic computation that proves a tfjs backend computes what the others compute:
 * a 2-64-64-1 MLP forward pass (dense, GroupSort2, dense, tanh, dense) with weights from a closed formula,
 * on a fixed 16 x 16 grid of points. Every backend should return the same 256 numbers up to float32
 * rounding. (A stand-in until the real model exists.)
 */
import type * as TF from '@tensorflow/tfjs';

type Tfjs = typeof TF;

export const CHECK_WIDTHS = [2, 64, 64, 1] as const;
export const CHECK_GRID_SIDE = 16;
export const CHECK_POINTS = CHECK_GRID_SIDE * CHECK_GRID_SIDE;

/** Weight of layer `layer` from input unit i to output unit j: sin(1 + 7 layer + 0.37 i + 1.13 j) sqrt(2 / fanIn). */
export function checkWeight(layer: number, i: number, j: number, fanIn: number): number {
  return Math.sin(1 + 7 * layer + 0.37 * i + 1.13 * j) * Math.sqrt(2 / fanIn);
}

/** Bias of layer `layer`, unit j: 0.1 cos(layer + 0.5 j). */
export function checkBias(layer: number, j: number): number {
  return 0.1 * Math.cos(layer + 0.5 * j);
}

/** The check points: a 16 x 16 grid over [-2, 2]^2, row-major (x fastest), as a flat [x0, y0, x1, y1, ...]. */
export function checkPoints(): Float32Array {
  const out = new Float32Array(CHECK_POINTS * 2);
  for (let r = 0; r < CHECK_GRID_SIDE; r++) {
    for (let c = 0; c < CHECK_GRID_SIDE; c++) {
      const k = r * CHECK_GRID_SIDE + c;
      out[2 * k] = -2 + (4 * c) / (CHECK_GRID_SIDE - 1);
      out[2 * k + 1] = -2 + (4 * r) / (CHECK_GRID_SIDE - 1);
    }
  }
  return out;
}

/**
 * GroupSort2 on the last axis: each neighbour pair (h_2k, h_2k+1) becomes (min, max). A permutation of the
 * inputs, hence 1-Lipschitz and gradient-norm preserving.
 */
function groupSort2(tf: Tfjs, h: TF.Tensor2D): TF.Tensor2D {
  const [n, width] = h.shape;
  const pairs = tf.reshape(h, [n, width / 2, 2]);
  const lo = tf.min(pairs, 2, true);
  const hi = tf.max(pairs, 2, true);
  return tf.reshape(tf.concat([lo, hi], 2), [n, width]);
}

/** Run the check network on the active backend of `tf` and return its 256 outputs. */
export async function runCheckComputation(tf: Tfjs): Promise<number[]> {
  const y = tf.tidy(() => {
    let h: TF.Tensor2D = tf.tensor2d(checkPoints(), [CHECK_POINTS, 2]);
    for (let layer = 0; layer < CHECK_WIDTHS.length - 1; layer++) {
      const fanIn = CHECK_WIDTHS[layer];
      const fanOut = CHECK_WIDTHS[layer + 1];
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < fanIn; i++) for (let j = 0; j < fanOut; j++) w[i * fanOut + j] = checkWeight(layer, i, j, fanIn);
      const b = Float32Array.from({ length: fanOut }, (_, j) => checkBias(layer, j));
      h = tf.add(tf.matMul(h, tf.tensor2d(w, [fanIn, fanOut])), tf.tensor1d(b));
      if (layer === 0) h = groupSort2(tf, h);
      else if (layer === 1) h = tf.tanh(h);
    }
    return h;
  });
  try {
    return Array.from(await y.data());
  } finally {
    y.dispose();
  }
}

/** The sum of the check outputs: one number to show a person. */
export function checkSummary(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
