/**
 * Reading grid values at arbitrary data points, and placing d3-contour output in the data plane.
 *
 * Grid layout (analysis/grid.ts): node (i, j) sits at x_i = xMin + i dx, y_j = yMin + j dy with
 * dx = (xMax - xMin) / (n - 1), dy likewise; values are row-major with row 0 at yMin.
 *
 * d3-contour (v4) works in "cell units": it treats value (i, j) as the centre of the unit pixel
 * [i, i + 1] x [j, j + 1], i.e. at (i + 0.5, j + 0.5), and interpolates linearly between those centres.
 * So a contour point (u, v) is at data x = xMin + (u - 0.5) dx, y = yMin + (v - 0.5) dy. Contours that
 * leave the grid are closed by d3 along u in {0, n} or v in {0, n}, half a cell outside the domain;
 * clipping to the domain removes those border runs.
 */
import type { Domain } from '../../core/geometry';
import type { DataPoint } from './scales';

/**
 * f at a data point by bilinear interpolation of the four surrounding nodes:
 * (1 - s)(1 - t) v00 + s (1 - t) v10 + (1 - s) t v01 + s t v11, with s, t the point's fractional position
 * in its cell. Exact for fields linear in x and y. NaN outside the domain.
 */
export function bilinear(values: ArrayLike<number>, gridNodes: number, domain: Domain, p: DataPoint): number {
  const n = gridNodes;
  const u = ((p.x - domain.xMin) / (domain.xMax - domain.xMin)) * (n - 1);
  const v = ((p.y - domain.yMin) / (domain.yMax - domain.yMin)) * (n - 1);
  if (!(u >= 0 && u <= n - 1 && v >= 0 && v <= n - 1)) return NaN;
  const i = Math.min(Math.floor(u), n - 2);
  const j = Math.min(Math.floor(v), n - 2);
  const s = u - i;
  const t = v - j;
  const k = j * n + i;
  return (
    (1 - s) * (1 - t) * values[k] + s * (1 - t) * values[k + 1] + (1 - s) * t * values[k + n] + s * t * values[k + n + 1]
  );
}

/** Data coordinates of a d3-contour point (u, v) in cell units on a gridNodes x gridNodes grid (module comment). */
export function contourPointToData(u: number, v: number, gridNodes: number, domain: Domain): DataPoint {
  const dx = (domain.xMax - domain.xMin) / (gridNodes - 1);
  const dy = (domain.yMax - domain.yMin) / (gridNodes - 1);
  return { x: domain.xMin + (u - 0.5) * dx, y: domain.yMin + (v - 0.5) * dy };
}
