/**
 * A regular lattice of sample NODES over a data-space box, the common frame of every grid analysis
 * (field maps, gradient-norm maps, marching squares).
 *
 * Layout: column i (0 <= i < cols) sits at x_i = xMin + i (xMax - xMin) / (cols - 1), row j (0 <= j < rows)
 * at y_j = yMin + j (yMax - yMin) / (rows - 1). The first and last nodes lie exactly on the domain's edges.
 * Arrays of per-node values are row-major with row 0 at yMin: node (i, j) is entry j * cols + i.
 */
import type { Domain } from '../core/geometry';

/** A lattice of cols x rows nodes spanning `domain` (corners included). */
export interface Grid {
  domain: Domain;
  /** Nodes along x (at least 2). */
  cols: number;
  /** Nodes along y (at least 2). */
  rows: number;
}

/** Distances between neighbouring nodes, in data units. */
export interface GridSpacing {
  /** x_{i+1} - x_i = (xMax - xMin) / (cols - 1). */
  dx: number;
  /** y_{j+1} - y_j = (yMax - yMin) / (rows - 1). */
  dy: number;
  /** sqrt(dx^2 + dy^2): the largest distance between two points of one cell. */
  diagonal: number;
}

/** Throws a descriptive error unless the grid has at least 2 x 2 nodes and a finite, non-empty domain. */
export function assertValidGrid(grid: Grid): void {
  const { cols, rows, domain } = grid;
  if (!Number.isInteger(cols) || cols < 2) throw new Error(`grid.cols must be an integer >= 2, got ${cols}`);
  if (!Number.isInteger(rows) || rows < 2) throw new Error(`grid.rows must be an integer >= 2, got ${rows}`);
  const { xMin, xMax, yMin, yMax } = domain;
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite)) {
    throw new Error(`grid.domain must be finite, got ${JSON.stringify(domain)}`);
  }
  if (!(xMax > xMin) || !(yMax > yMin)) {
    throw new Error(`grid.domain must have xMax > xMin and yMax > yMin, got ${JSON.stringify(domain)}`);
  }
}

/**
 * x coordinate of column i: xMin + i (xMax - xMin) / (cols - 1), computed as the blend
 * (1 - t) xMin + t xMax with t = i / (cols - 1) so that column 0 is exactly xMin and column cols - 1
 * exactly xMax.
 */
export function nodeX(grid: Grid, i: number): number {
  const t = i / (grid.cols - 1);
  return (1 - t) * grid.domain.xMin + t * grid.domain.xMax;
}

/** y coordinate of row j: yMin + j (yMax - yMin) / (rows - 1), exact at both ends (see nodeX). */
export function nodeY(grid: Grid, j: number): number {
  const t = j / (grid.rows - 1);
  return (1 - t) * grid.domain.yMin + t * grid.domain.yMax;
}

/**
 * All node coordinates, interleaved x, y (length 2 rows cols), row-major with row 0 at yMin: node (i, j)
 * is at offset 2 (j cols + i). Feed it to a field evaluator; the resulting values are then laid out the
 * way `contour` expects.
 */
export function gridPoints(grid: Grid): Float32Array {
  assertValidGrid(grid);
  const { cols, rows } = grid;
  const xs = new Float64Array(cols);
  for (let i = 0; i < cols; i++) xs[i] = nodeX(grid, i);
  const out = new Float32Array(2 * cols * rows);
  for (let j = 0; j < rows; j++) {
    const y = nodeY(grid, j);
    let k = 2 * j * cols;
    for (let i = 0; i < cols; i++) {
      out[k++] = xs[i];
      out[k++] = y;
    }
  }
  return out;
}

/**
 * Node spacing {dx, dy} and the cell diagonal sqrt(dx^2 + dy^2). The diagonal bounds how far any point of
 * a cell is from any other point of the same cell, hence the accuracy of anything extracted per cell
 * (see `contour`).
 */
export function gridSpacing(grid: Grid): GridSpacing {
  assertValidGrid(grid);
  const dx = (grid.domain.xMax - grid.domain.xMin) / (grid.cols - 1);
  const dy = (grid.domain.yMax - grid.domain.yMin) / (grid.rows - 1);
  return { dx, dy, diagonal: Math.hypot(dx, dy) };
}
