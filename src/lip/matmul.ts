import * as tf from '@tensorflow/tfjs';

/**
 * Matrix product a b whose gradient transposes explicitly instead of using matMul's transpose flags.
 * The maths is the textbook rule (dL/da = g b^T, dL/db = a^T g); only the kernels differ. On tfjs's wasm
 * backend a 64x64 matMul with a transpose flag is about 7x slower than a plain one plus an explicit
 * transpose (docs/environment.md, "wasm matMul with transpose flags"), and Björck orthonormalisation is a
 * chain of such products, so this nearly doubles training speed there. Tests check it against tf.matMul's
 * own gradient.
 */
export const matMul: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(
  // tfjs types the custom function's arguments as (Tensor | GradSaveFunc)[]: the last one is `save`.
  ((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as tf.Tensor2D[];
        return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0],
) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
