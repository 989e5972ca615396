import * as tf from '@tensorflow/tfjs';
import { minimumNormAttack, type AttackField, type AttackResult } from '../analysis/attack';
import type { Domain } from '../core/geometry';
import type { Mlp } from '../lip/model';

/**
 * The minimum-norm attack (analysis/attack.ts) on a model: f and grad f from its inference weights, in
 * batches. Each batch runs in tf.tidy and is read back as one tensor, then disposed: nothing leaks.
 */

/** Points per tfjs call; the attack asks for a few hundred at a time, so one batch in practice. */
const BATCH = 4096;

/** Runs `perBatch` (inside tf.tidy, returning m x `width` values) over batches of the points, and gathers its rows. */
async function mapRows(xy: Float32Array, width: number, perBatch: (x: tf.Tensor2D) => tf.Tensor): Promise<Float32Array> {
  const n = xy.length / 2;
  const out = new Float32Array(n * width);
  for (let start = 0; start < n; start += BATCH) {
    const m = Math.min(BATCH, n - start);
    const result = tf.tidy(() => perBatch(tf.tensor2d(xy.subarray(2 * start, 2 * (start + m)), [m, 2])));
    try {
      out.set(await result.data(), start * width);
    } finally {
      result.dispose();
    }
  }
  return out;
}

/** The model as the attack sees it. Rows are independent, so the gradient of sum f at row k is grad f(x_k). */
function modelField(model: Mlp): AttackField {
  const gradOfSum = tf.grad((x: tf.Tensor) => tf.sum(model.predict(x as tf.Tensor2D)));
  return {
    values: (xy) => mapRows(xy, 1, (x) => model.predict(x)),
    async valuesAndGradients(xy) {
      // One read per batch: f and the two gradient components side by side.
      const rows = await mapRows(xy, 3, (x) => tf.concat([tf.reshape(model.predict(x), [-1, 1]), gradOfSum(x)], 1));
      const n = xy.length / 2;
      const f = new Float32Array(n);
      const grad = new Float32Array(2 * n);
      for (let k = 0; k < n; k++) {
        f[k] = rows[3 * k];
        grad[2 * k] = rows[3 * k + 1];
        grad[2 * k + 1] = rows[3 * k + 2];
      }
      return { f, grad };
    },
  };
}

/** The attack on every point of `xy` (interleaved x, y), within `box` (the dataset's domain in reports). */
export function attackModel(model: Mlp, xy: Float32Array, box: Domain): Promise<AttackResult[]> {
  return minimumNormAttack(modelField(model), xy, box);
}
