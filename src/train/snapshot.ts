import type { EvaluatedOn } from '../analysis/modelNumbers';
import type { GradientHistogram } from '../analysis/gradientHistogram';
import type { ActivationName, ModelKind } from '../core/config';
import type { Domain } from '../core/geometry';
import type { ResidualWeights } from '../core/residualWeights';

/**
 * The shapes of what the worker sends the page for drawing, computed by fieldSnapshot.ts. Types only and
 * free of tfjs, so the page can name them without loading tfjs (worker/protocol.ts re-exports them).
 */

/** The points of a run's dataset, sent once per run so the UI can draw them. */
export interface DatasetSnapshot {
  trainXy: Float32Array;
  trainLabels: Float32Array;
  testXy: Float32Array;
  testLabels: Float32Array;
  domain: Domain;
}

/**
 * What the plots and the metrics panel need of one model at one step. Grids are row-major over
 * `gridNodes` x `gridNodes` nodes of the dataset's domain, row 0 at yMin (analysis/grid.ts).
 */
export interface FieldSnapshot {
  step: number;
  gridNodes: number;
  domain: Domain;
  /** f at the grid nodes. */
  f: Float32Array;
  /** |grad f| at the grid nodes (always measured: it is half of the empirical Lipschitz estimate). */
  gradientNorm: Float32Array;
  /** Distance of each grid node to the zero level set {f = 0}, when FieldOptions.distance. */
  distance: Float32Array | null;
  /** The zero level set as segments [x1, y1, x2, y2, ...] (marching squares on the grid). */
  boundary: Float32Array;
  /** L_bound, an upper bound of Lip(f): certified radius = |f| / lipschitzBound. */
  lipschitzBound: number;
  /** max |grad f| over the grid nodes and the data points (a lower bound of Lip(f)); NaN if any is NaN. */
  lipschitzEmpirical: number;
  /** f at the training and test points (same order as DatasetSnapshot). */
  fTrain: Float32Array;
  fTest: Float32Array;
  /** Certified accuracy over eps on the test points (train points when there is no test point). */
  certified: { eps: number[]; accuracy: number[]; on: EvaluatedOn };
  /**
   * The same points on the paper's axis: the fraction with y f > eps, the raw margin with L_bound taken as
   * 1 (report.ts certifiedAccuracyPaperAxis). Not a certified radius: for the two-logit head it reads up to
   * twice the sound one; for a one-logit 1-Lipschitz net it is the same curve.
   */
  paperAxis: { eps: number[]; accuracy: number[] };
  /** MCR = E[y f] / L_bound on the same points. */
  mcr: number;
  /** |grad f| over the data points (train and test), relative to the net's constant L. */
  gradientOnData: GradientHistogram;
}

/** One dense layer's effective weights, row-major (inputs x outputs): y = x W + b. */
export interface LayerWeights {
  inputs: number;
  outputs: number;
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * A model's effective weights (after Björck and Frobenius normalisation) with what its forward pass needs:
 * what the training worker sends the field worker, which rebuilds the same f from it.
 */
export interface ModelWeights {
  kind: ModelKind;
  activation: ActivationName;
  /** The factor applied to the head's output (L for a Lipschitz net, 1 otherwise), not folded in. */
  outputScale: number;
  layers: LayerWeights[];
  /** Residual blocks between the first dense layer and the head (the zoo's sll and cpl), with their bounds. */
  residual: ResidualWeights[];
}
