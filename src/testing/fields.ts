import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../lip/model';

/** f at interleaved points through the model's inference path. */
export function evaluate(model: Mlp, xy: Float32Array): Float32Array {
  return tf.tidy(() => model.predict(tf.tensor2d(xy, [xy.length / 2, 2])).dataSync() as Float32Array);
}

/**
 * |grad f| by central finite differences (step h), independent of autodiff. Evaluated in float32, so
 * the error is about 1e-7 |f| / h.
 */
export function finiteDifferenceGradientNorms(model: Mlp, xy: Float32Array, h = 1e-2): Float32Array {
  const n = xy.length / 2;
  const shifted = new Float32Array(8 * n);
  for (let i = 0; i < n; i++) {
    const [x, y] = [xy[2 * i], xy[2 * i + 1]];
    shifted.set([x + h, y, x - h, y, x, y + h, x, y - h], 8 * i);
  }
  const f = evaluate(model, shifted);
  return Float32Array.from({ length: n }, (_, i) =>
    Math.hypot((f[4 * i] - f[4 * i + 1]) / (2 * h), (f[4 * i + 2] - f[4 * i + 3]) / (2 * h)),
  );
}
