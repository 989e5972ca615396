/**
 * Level sets to draw: which levels (multiples of a user-set spacing) and their curves in data
 * coordinates, from d3-contour's marching squares on the grid values.
 */
import { contours } from 'd3';
import type { Domain } from '../../core/geometry';
import { contourPointToData } from './sampling';

/** One level set: closed rings of [x, y] data points (rings that leave the domain run outside it). */
export interface LevelSet {
  level: number;
  rings: [number, number][][];
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

/** Finite minimum and maximum of the values ([NaN, NaN] when none is finite). */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/**
 * The level sets {v = level} of grid values (gridNodes x gridNodes, row 0 at yMin) for each level, by
 * d3.contours with linear interpolation, converted from cell units to data coordinates (sampling.ts).
 * Exact for a field that is linear on each cell. NaN nodes count as below every level.
 */
export function levelSets(values: ArrayLike<number>, gridNodes: number, domain: Domain, levels: number[]): LevelSet[] {
  if (levels.length === 0) return [];
  const generator = contours().size([gridNodes, gridNodes]).smooth(true);
  const grid = values as unknown as number[];
  return levels.map((level) => {
    const multi = generator.contour(grid, level);
    const rings: [number, number][][] = [];
    for (const polygon of multi.coordinates) {
      for (const ring of polygon) {
        for (const point of ring) {
          const p = contourPointToData(point[0], point[1], gridNodes, domain);
          point[0] = p.x;
          point[1] = p.y;
        }
        rings.push(ring as [number, number][]);
      }
    }
    return { level, rings };
  });
}
