/**
 * A residual block's effective weights read back (row-major), with its own Lipschitz bound: what the
 * training worker sends the field worker and what a model file's `residual` entry holds. The block is
 * z = x + act(x V + b) U with V (`inner`) width x hidden and U (`outer`) hidden x width (lip/residualBlock.ts).
 * Plain data, no tfjs, so the page's types can name it.
 */
export interface ResidualWeights {
  width: number;
  hidden: number;
  inner: Float32Array;
  bias: Float32Array;
  outer: Float32Array;
  /** The block's Lipschitz bound, as the trained block states it (its theorem, or a sound generic bound). */
  bound: number;
}
