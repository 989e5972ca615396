/**
 * Level sets to draw: which levels (multiples of a user-set spacing), and their segments in data
 * coordinates from the project's one contour algorithm (analysis/contour.ts), the one that also gives the
 * bold decision boundary, so level lines and boundary follow the same rules (NaN holes included).
 */
import type { Domain } from '../../core/geometry';
import { contourLevels } from '../../analysis/contour';

/** One level set: segments [x1, y1, x2, y2, ...] in data coordinates (as `contour` returns them). */
export interface LevelSet {
  level: number;
  segments: Float32Array;
}

/** Levels k * spacing inside [min, max]; `spacing` is widened by an integer stride when there would be too many. */
export interface LevelChoice {
  levels: number[];
  /** The spacing actually used: the requested one times a whole number. */
  spacing: number;
}

/**
 * Multiples k * s of the spacing s with min <= k s <= max, k != 0 when `skipZero` (the zero line is drawn
 * on its own, bold). When there would be more than `maxLevels`, only every m-th multiple is kept (m the
 * smallest whole number that fits), so the kept levels stay multiples of the requested spacing and 0 stays
 * on the lattice. Empty for a non-positive or non-finite spacing or range.
 */
export function chooseLevels(spacing: number, min: number, max: number, skipZero = true, maxLevels = 30): LevelChoice {
  if (!(spacing > 0) || !Number.isFinite(spacing) || !Number.isFinite(min) || !Number.isFinite(max) || max < min) {
    return { levels: [], spacing };
  }
  const kMin = Math.ceil(min / spacing);
  const kMax = Math.floor(max / spacing);
  const count = kMax - kMin + 1;
  const stride = Math.max(1, Math.ceil(count / maxLevels));
  const levels: number[] = [];
  for (let k = Math.ceil(kMin / stride) * stride; k <= kMax; k += stride) {
    if (k === 0 && skipZero) continue;
    levels.push(k * spacing);
  }
  return { levels, spacing: spacing * stride };
}

/**
 * The level sets {v = level} of grid values (gridNodes x gridNodes nodes spanning `domain`, row-major, row 0
 * at yMin, as FieldSnapshot.f) for each level, by `contourLevels` (one pass over the grid for all levels).
 */
export function levelSets(values: Float32Array, gridNodes: number, domain: Domain, levels: number[]): LevelSet[] {
  if (levels.length === 0) return [];
  const segments = contourLevels(values, { domain, cols: gridNodes, rows: gridNodes }, levels);
  return levels.map((level, k) => ({ level, segments: segments[k] }));
}
