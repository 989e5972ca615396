/**
 * Level sets of a scalar field sampled on grid nodes, by marching squares with linear interpolation: the one
 * contour algorithm of the project. The decision boundary (level 0, `contour`) and the level lines the UI
 * draws (`contourLevels`) both come from here, so they agree cell by cell. Pure JS (no tfjs): the UI imports it.
 *
 * For each cell with corners v00 (i, j), v10 (i+1, j), v11 (i+1, j+1), v01 (i, j+1), a corner is ABOVE when
 * v >= level and BELOW otherwise. An edge whose two corners differ is crossed at the linear interpolate
 * p = a + t (b - a), t = (level - v_a) / (v_b - v_a), and the crossings of a cell are joined in pairs:
 * - two crossings: one segment;
 * - four crossings (saddle: diagonal corners alike): the cell-centre value c = (v00 + v10 + v11 + v01) / 4
 *   decides. The corners whose class differs from c's are cut off, each by the segment joining the crossings
 *   of its two edges; so the two corners sharing c's class stay connected through the cell.
 *
 * Conventions, chosen so the output has no duplicates or holes:
 * - a value exactly equal to the level is ABOVE, so a level set running along a grid line is produced once
 *   (by the cells on its below side), not by the cells on both sides;
 * - an edge crossing is computed from the edge alone, in a fixed direction, so the two cells sharing an edge
 *   produce bitwise identical endpoints and closed level sets come out as closed chains;
 * - invalid values (NaN, +-Infinity) follow the one rule of `isContourValue`: a cell with an invalid corner
 *   is a hole, with no segment at any level;
 * - zero-length segments (level touching a cell at a single node) are dropped.
 *
 * Guarantee (field continuous, node values exact): every point of every segment lies within one cell
 * diagonal of a true point of the level set, because a segment stays inside its cell and each of its
 * endpoints lies on an edge whose corners bracket the level, which therefore holds a true level point by the
 * intermediate value theorem. The converse does not hold: features smaller than a cell can be missed.
 * For a field that is linear on a cell the segment is exact.
 */
import { assertValidGrid, nodeX, nodeY, type Grid } from './grid';

/**
 * The rule for invalid node values, shared by every level: a value is valid when it is finite. NaN (a diverged
 * model) and +-Infinity (e.g. a distance where there is no boundary) are invalid, and a cell with ANY invalid
 * corner is treated as a hole: it yields no segment at any level, so each level set stops at the hole's edge
 * instead of being drawn around it (as it would if NaN counted as "below every level"). Cells without an
 * invalid corner are unaffected by holes elsewhere.
 */
export function isContourValue(v: number): boolean {
  return Number.isFinite(v);
}

/** A growable list of segments x1, y1, x2, y2 stored in a Float32Array. */
class SegmentBuffer {
  private data = new Float32Array(256);
  private size = 0;

  /** Appends a segment unless it has zero length once rounded to float32. */
  push(x1: number, y1: number, x2: number, y2: number): void {
    if (Math.fround(x1) === Math.fround(x2) && Math.fround(y1) === Math.fround(y2)) return;
    if (this.size + 4 > this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = x1;
    this.data[this.size++] = y1;
    this.data[this.size++] = x2;
    this.data[this.size++] = y2;
  }

  result(): Float32Array {
    return this.data.slice(0, this.size);
  }
}

/** Throws unless `field` has one value per node of `grid` and every level is finite. */
function assertFieldMatches(field: Float32Array, grid: Grid, levels: ArrayLike<number>): void {
  assertValidGrid(grid);
  if (field.length !== grid.rows * grid.cols) {
    throw new Error(
      `field has ${field.length} values but the grid has ${grid.rows} x ${grid.cols} = ${grid.rows * grid.cols} nodes`,
    );
  }
  for (let k = 0; k < levels.length; k++) {
    if (!Number.isFinite(levels[k])) throw new Error(`contour level must be finite, got ${levels[k]}`);
  }
}

// Crossing points of the current cell, in the cyclic order bottom, right, top, left (edges 0..3). Scratch
// shared by every call (marching is synchronous), so a cell allocates nothing.
const px = new Float64Array(4);
const py = new Float64Array(4);

/**
 * Appends to `out` the segments of {f = level} in the cell [x0, x1] x [y0, y1] with valid corner values
 * v00, v10, v01, v11 that straddle the level (some corner below, some above).
 */
function marchCell(
  out: SegmentBuffer,
  level: number,
  v00: number,
  v10: number,
  v01: number,
  v11: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): void {
  const a00 = v00 >= level;
  const a10 = v10 >= level;
  const a01 = v01 >= level;
  const a11 = v11 >= level;

  // Each crossing is interpolated from the lower-index node of its edge, as the neighbour cell does.
  const bottom = a00 !== a10;
  const right = a10 !== a11;
  const top = a01 !== a11;
  const left = a00 !== a01;
  if (bottom) {
    px[0] = x0 + ((level - v00) / (v10 - v00)) * (x1 - x0);
    py[0] = y0;
  }
  if (right) {
    px[1] = x1;
    py[1] = y0 + ((level - v10) / (v11 - v10)) * (y1 - y0);
  }
  if (top) {
    px[2] = x0 + ((level - v01) / (v11 - v01)) * (x1 - x0);
    py[2] = y1;
  }
  if (left) {
    px[3] = x0;
    py[3] = y0 + ((level - v00) / (v01 - v00)) * (y1 - y0);
  }

  if (bottom && right && top && left) {
    // Saddle. Edges k and k+1 meet at a corner: bottom/right at v10, right/top at v11, top/left at v01,
    // left/bottom at v00. Cut off the pair of diagonal corners whose class differs from the centre's.
    const centreAbove = (v00 + v10 + v11 + v01) / 4 >= level;
    if (a10 !== centreAbove) {
      out.push(px[0], py[0], px[1], py[1]);
      out.push(px[2], py[2], px[3], py[3]);
    } else {
      out.push(px[1], py[1], px[2], py[2]);
      out.push(px[3], py[3], px[0], py[0]);
    }
    return;
  }

  // Exactly two edges are crossed: join them.
  let first = -1;
  for (let k = 0; k < 4; k++) {
    const crossed = k === 0 ? bottom : k === 1 ? right : k === 2 ? top : left;
    if (!crossed) continue;
    if (first < 0) first = k;
    else out.push(px[first], py[first], px[k], py[k]);
  }
}

/**
 * One segment list per level: `contourLevels(field, grid, levels)[k]` is the level set {f = levels[k]} of a
 * field sampled at the nodes of `grid` (row-major, row 0 at yMin, as produced from `gridPoints`), in data
 * coordinates [x1, y1, x2, y2, ...], one segment per 4 entries, unordered and unoriented. See the module
 * comment for the conventions and the accuracy guarantee. For an L-Lipschitz f, consecutive levels c and
 * c + d are at least d / L apart.
 *
 * One pass over the cells for all levels: a cell is marched only for the levels it straddles
 * (min corner < level <= max corner), found by binary search in the sorted levels, so the cost is one
 * pass plus the output, whatever the number of levels.
 */
export function contourLevels(field: Float32Array, grid: Grid, levels: ArrayLike<number>): Float32Array[] {
  assertFieldMatches(field, grid, levels);
  const count = levels.length;
  if (count === 0) return [];
  // The levels in ascending order, and where each one's segments go.
  const order = Array.from({ length: count }, (_, k) => k).sort((p, q) => levels[p] - levels[q]);
  const sorted = Float64Array.from(order, (k) => levels[k]);
  const buffers = Array.from({ length: count }, () => new SegmentBuffer());
  const outs = order.map((k) => buffers[k]);

  const { cols, rows } = grid;
  const xs = new Float64Array(cols);
  const ys = new Float64Array(rows);
  for (let i = 0; i < cols; i++) xs[i] = nodeX(grid, i);
  for (let j = 0; j < rows; j++) ys[j] = nodeY(grid, j);

  for (let j = 0; j < rows - 1; j++) {
    const y0 = ys[j];
    const y1 = ys[j + 1];
    const row0 = j * cols;
    const row1 = row0 + cols;
    for (let i = 0; i < cols - 1; i++) {
      const v00 = field[row0 + i];
      const v10 = field[row0 + i + 1];
      const v01 = field[row1 + i];
      const v11 = field[row1 + i + 1];
      if (!(isContourValue(v00) && isContourValue(v10) && isContourValue(v01) && isContourValue(v11))) continue;
      const lo = Math.min(v00, v10, v01, v11);
      const hi = Math.max(v00, v10, v01, v11);
      if (lo === hi) continue;
      // First sorted level above lo; the cell straddles every level in (lo, hi].
      let a = 0;
      let b = count;
      while (a < b) {
        const m = (a + b) >> 1;
        if (sorted[m] > lo) b = m;
        else a = m + 1;
      }
      for (let k = a; k < count && sorted[k] <= hi; k++) {
        marchCell(outs[k], sorted[k], v00, v10, v01, v11, xs[i], xs[i + 1], y0, y1);
      }
    }
  }
  return buffers.map((b) => b.result());
}

/**
 * Segments of the level set {f = level} (by default the decision boundary f = 0), in data coordinates:
 * [x1, y1, x2, y2, ...], one segment per 4 entries. The same as `contourLevels(field, grid, [level])[0]`.
 */
export function contour(field: Float32Array, grid: Grid, level = 0): Float32Array {
  return contourLevels(field, grid, [level])[0];
}
