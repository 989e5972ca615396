/**
 * Evaluating a model as a scalar field over the plane: values f(x) and gradient norms |grad_x f(x)| at many
 * points (a grid, the data), in batches, with explicit tensor ownership.
 *
 * Discipline: every batch is computed inside tf.tidy, which returns exactly one tensor; that tensor is read
 * with `await data()` outside the tidy and then disposed, so nothing leaks and nothing blocks on dataSync.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * A model seen as a function of the input: maps an n x 2 tensor of points to the n values f(x_k).
 * It may allocate intermediate tensors; callers run it inside tf.tidy. Rows must be independent (no
 * batch statistics), which makes the gradient of sum_k f(x_k) with respect to x_k equal to grad f(x_k).
 * An n x 1 output is accepted too and flattened.
 */
export type ScalarField = (x: tf.Tensor2D) => tf.Tensor1D;

const DEFAULT_BATCH = 16384;

function assertPoints(xy: Float32Array): number {
  if (xy.length % 2 !== 0) throw new Error(`xy length must be even (interleaved x, y), got ${xy.length}`);
  return xy.length / 2;
}

function assertBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be an integer >= 1, got ${batchSize}`);
}

/** f on a batch, checked to have one value per row and flattened to shape [m]. Call inside tf.tidy. */
function applyField(f: ScalarField, x: tf.Tensor2D): tf.Tensor1D {
  const m = x.shape[0];
  const y = f(x);
  if (y.size !== m) throw new Error(`the field returned shape [${y.shape}] for ${m} points; expected [${m}] or [${m}, 1]`);
  return y.rank === 1 ? y : tf.reshape(y, [m]);
}

/**
 * Runs `perBatch` on consecutive batches of at most batchSize points and gathers its outputs, `width`
 * values per point (row-major: point k's values at k * width ...). `perBatch` runs inside tf.tidy; its
 * result is read asynchronously outside and disposed.
 */
async function mapBatches(
  xy: Float32Array,
  batchSize: number,
  perBatch: (x: tf.Tensor2D) => tf.Tensor,
  width = 1,
): Promise<Float32Array> {
  const n = assertPoints(xy);
  assertBatchSize(batchSize);
  const out = new Float32Array(n * width);
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const result = tf.tidy(() => perBatch(tf.tensor2d(xy.slice(2 * start, 2 * (start + m)), [m, 2])));
    try {
      if (result.size !== m * width) throw new Error(`a batch of ${m} points gave ${result.size} values; expected ${m * width}`);
      out.set(await result.data(), start * width);
    } finally {
      result.dispose();
    }
  }
  return out;
}

/**
 * Values f(x_k) at the points of `xy` (interleaved x, y; n points -> n values), evaluated batchSize points
 * at a time so that a large grid never needs one huge tensor.
 */
export async function evaluateField(f: ScalarField, xy: Float32Array, batchSize = DEFAULT_BATCH): Promise<Float32Array> {
  return mapBatches(xy, batchSize, (x) => applyField(f, x));
}

/**
 * f(x_k) and |grad_x f(x_k)| together, from a pass that computes both (n x 2 per batch: f, then the norm),
 * batchSize points at a time.
 */
export async function evaluateValueAndGradientNorm(
  pass: (x: tf.Tensor2D) => tf.Tensor2D,
  xy: Float32Array,
  batchSize = DEFAULT_BATCH,
): Promise<{ f: Float32Array; gradientNorm: Float32Array }> {
  const both = await mapBatches(xy, batchSize, pass, 2);
  const n = both.length / 2;
  const f = new Float32Array(n);
  const gradientNorm = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    f[k] = both[2 * k];
    gradientNorm[k] = both[2 * k + 1];
  }
  return { f, gradientNorm };
}

/**
 * Gradient norms |grad_x f(x_k)| = sqrt((df/dx)^2 + (df/dy)^2) at each point, by reverse-mode autodiff of
 * sum_k f(x_k) with respect to the whole batch: rows are independent, so row k of that gradient is
 * grad f(x_k). For an L-Lipschitz f every norm is <= L; their maximum is an empirical lower bound of the
 * Lipschitz constant (see `lipschitzEmpiricalFromGradients`).
 */
export async function gradientNorms(f: ScalarField, xy: Float32Array, batchSize = DEFAULT_BATCH): Promise<Float32Array> {
  const gradOfSum = tf.grad((x: tf.Tensor) => tf.sum(applyField(f, x as tf.Tensor2D)));
  return mapBatches(xy, batchSize, (x) => {
    const g = gradOfSum(x);
    return tf.sqrt(tf.sum(tf.square(g), 1)) as tf.Tensor1D;
  });
}

/**
 * Gradient norms by central differences, independent of autodiff (a check on `gradientNorms`):
 *   df/dx ~ (f(x + h e1) - f(x - h e1)) / (2h), likewise for y, norm sqrt of the sum of squares.
 * The denominators use the float32-rounded shifted coordinates actually evaluated, so the step size error
 * does not enter. Accurate to O(h^2) where f is smooth; meaningless within h of a kink.
 * @internal A reference for tests: autodiff's gradient norms and the Lipschitz claims are checked against it.
 */
export async function finiteDifferenceGradientNorms(
  f: ScalarField,
  xy: Float32Array,
  h = 1e-3,
  batchSize = DEFAULT_BATCH,
): Promise<Float32Array> {
  const n = assertPoints(xy);
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`h must be finite and > 0, got ${h}`);
  // Four shifted copies of each point: x + h, x - h, y + h, y - h.
  const shifted = new Float32Array(8 * n);
  for (let k = 0; k < n; k++) {
    const x = xy[2 * k];
    const y = xy[2 * k + 1];
    shifted.set([x + h, y, x - h, y, x, y + h, x, y - h], 8 * k);
  }
  const values = await evaluateField(f, shifted, batchSize);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const s = 8 * k;
    const gx = (values[4 * k] - values[4 * k + 1]) / (shifted[s] - shifted[s + 2]);
    const gy = (values[4 * k + 2] - values[4 * k + 3]) / (shifted[s + 5] - shifted[s + 7]);
    out[k] = Math.hypot(gx, gy);
  }
  return out;
}
