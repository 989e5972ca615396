/**
 * The learned decision boundary {f = 0} and how well |f| / L_bound certifies distances to it, in one call:
 * extract the boundary from grid samples (marching squares), measure each point's true distance to it,
 * and compare with the certified radius.
 *
 * Accuracy: every extracted boundary point is within one cell diagonal of the true boundary (see `contour`),
 * so true distance <= measured distance + diagonal. Hence with tolerance = diagonal a reported violation
 * |f| / L_bound > measured + diagonal proves |f| / L_bound > true distance: f is not L_bound-Lipschitz.
 * The other way round the measurement can err: parts of the boundary outside the grid's domain, or smaller
 * than a cell, are missed, which can only make the measured distance too large.
 */
import { certificateTightness, certificateViolations } from './certificates';
import { contour } from './contour';
import { distancesToSegments } from './distance';
import { gridSpacing, type Grid } from './grid';

/** What `analyseBoundary` needs: f at the grid nodes, and points with their f values. */
export interface BoundaryInput {
  /** f at the nodes of `grid`, row-major with row 0 at yMin (as from `gridPoints`). */
  gridValues: Float32Array;
  grid: Grid;
  /** Points, interleaved x, y (n points). */
  xy: Float32Array;
  /** f at those points (n values). */
  f: Float32Array;
  /** The model's Lipschitz bound: certified radius = |f| / lipschitzBound. */
  lipschitzBound: number;
}

/** The boundary and the per-point comparison of certified radius with true distance. */
export interface BoundaryAnalysis {
  /** The zero level set of the grid field, [x1, y1, x2, y2, ...]. */
  segments: Float32Array;
  /** Distance of each point to `segments` (Infinity when the boundary does not cross the grid). */
  distances: Float32Array;
  /** |f| / (lipschitzBound * distance) per point, in [0, 1] for a sound certificate (see certificateTightness). */
  tightness: Float32Array;
  /** Indices of points with |f| / lipschitzBound > distance + tolerance. */
  violations: Uint32Array;
  /** The tolerance used: the grid's cell diagonal. */
  tolerance: number;
}

/**
 * Zero level set of the grid field, distances from the points to it, certificate tightness
 * |f| / (L_bound dist) and the points whose certified radius exceeds the distance by more than the grid's
 * cell diagonal (each one a proof that the model is not L_bound-Lipschitz; see the module comment).
 */
export function analyseBoundary(input: BoundaryInput): BoundaryAnalysis {
  const { gridValues, grid, xy, f, lipschitzBound } = input;
  if (xy.length !== 2 * f.length) {
    throw new Error(`analyseBoundary: ${xy.length / 2} points but ${f.length} values of f`);
  }
  const segments = contour(gridValues, grid, 0);
  const distances = distancesToSegments(segments, xy);
  const tolerance = gridSpacing(grid).diagonal;
  return {
    segments,
    distances,
    tightness: certificateTightness(f, lipschitzBound, distances),
    violations: certificateViolations(f, lipschitzBound, distances, tolerance),
    tolerance,
  };
}
