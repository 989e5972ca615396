/**
 * Reading grid values at arbitrary data points.
 *
 * Grid layout (analysis/grid.ts): node (i, j) sits at x_i = xMin + i dx, y_j = yMin + j dy with
 * dx = (xMax - xMin) / (n - 1), dy likewise; values are row-major with row 0 at yMin.
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
