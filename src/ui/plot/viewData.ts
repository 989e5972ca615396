/**
 * What each view of the decision plot draws, computed from a FieldSnapshot: the heatmap values with their
 * colour map, and the families of contour lines. Element-wise arithmetic on arrays the worker sent; no
 * model evaluation here.
 */
import { finiteExtent } from '../../core/stats';
import type { ViewName } from '../../core/view';
import type { FieldSnapshot } from '../../worker/protocol';
import { certificateColormap, fColormap, gradientColormap, type Colormap } from './colormaps';
import { chooseLevels, levelSets, type LevelChoice, type LevelSet } from './levels';
import { bilinear } from './sampling';
import type { DataPoint } from './scales';

/** The three views of the same plot. */

/** Heatmap of a view: values at the grid nodes (null: not available yet, drawn grey) and their colours. */
export interface HeatmapLayer {
  values: Float32Array | null;
  colormap: Colormap;
}

/** Contour line families: level sets of f; certified radius |f| / L_bound; true distance to the boundary. */
export type ContourKind = 'level' | 'radius' | 'distance';

export interface ContourFamily {
  kind: ContourKind;
  sets: LevelSet[];
  /** Spacing actually drawn (the requested one, or a multiple when there would be too many lines). */
  spacing: number;
}

/** Certified radius |f(x)| / L_bound at every node (docs/math.md, "Certificates": r(x) = |f(x)| / L_bound). */
export function certifiedRadiusGrid(f: Float32Array, lipschitzBound: number): Float32Array {
  const out = new Float32Array(f.length);
  for (let k = 0; k < f.length; k++) out[k] = Math.abs(f[k]) / lipschitzBound;
  return out;
}

/**
 * Certificate tightness |f| / (L_bound dist) at every node, clamped to [0, 1] (values above 1 can only come
 * from the grid's measurement error of dist near the boundary; a sound certificate is <= 1). On the boundary
 * (dist = 0) the ratio is taken as 1; NaN inputs give NaN.
 */
export function tightnessGrid(f: Float32Array, distance: Float32Array, lipschitzBound: number): Float32Array {
  const out = new Float32Array(f.length);
  for (let k = 0; k < f.length; k++) {
    const r = Math.abs(f[k]) / lipschitzBound;
    const d = distance[k];
    if (Number.isNaN(r) || Number.isNaN(d)) out[k] = NaN;
    else out[k] = d > 0 ? Math.min(1, r / d) : 1;
  }
  return out;
}

/** The heatmap of `view` for a field. */
export function heatmapLayer(field: FieldSnapshot, view: ViewName, shared?: SharedScale): HeatmapLayer {
  switch (view) {
    case 'f':
      return { values: field.f, colormap: fColormap(field.f, shared?.fMax) };
    case 'certificate':
      return {
        values: field.distance ? tightnessGrid(field.f, field.distance, field.lipschitzBound) : null,
        colormap: certificateColormap(),
      };
    case 'gradient':
      return { values: field.gradientNorm, colormap: gradientColormap(field.gradientNorm, shared?.gradientMax) };
  }
}

/** One colour scale for several models side by side: the largest of their own scales' ends. */
export interface SharedScale {
  fMax?: number;
  gradientMax?: number;
}

/** Each snapshot's own scale ends, computed once per snapshot (a comparison redraws on every model's update). */
const ownEnds = new WeakMap<FieldSnapshot, { fMax: number; gradientMax: number }>();

function scaleEnds(field: FieldSnapshot): { fMax: number; gradientMax: number } {
  let ends = ownEnds.get(field);
  if (!ends) {
    ends = { fMax: fColormap(field.f).max, gradientMax: gradientColormap(field.gradientNorm).max };
    ownEnds.set(field, ends);
  }
  return ends;
}

/** The shared scale of `fields`: each view's end as the largest over the models (the f scale's robust end). */
export function sharedScale(fields: readonly (FieldSnapshot | null)[]): SharedScale {
  let fMax = 0;
  let gradientMax = 1;
  for (const field of fields) {
    if (!field) continue;
    const ends = scaleEnds(field);
    fMax = Math.max(fMax, ends.fMax);
    gradientMax = Math.max(gradientMax, ends.gradientMax);
  }
  return fMax > 0 ? { fMax, gradientMax } : { gradientMax };
}

function family(kind: ContourKind, values: Float32Array, field: FieldSnapshot, choice: LevelChoice): ContourFamily {
  return { kind, sets: levelSets(values, field.gridNodes, field.domain, choice.levels), spacing: choice.spacing };
}

/**
 * At most this many certified-radius levels, and the true-distance contours at the same levels: a handful
 * of pairs reads at a projector (each radius line must lie on the far side of its distance line, if the
 * certificate is sound), where 2 x 30 lines made a thicket and took the renderer 40 ms and more to draw.
 */
export const CERTIFICATE_MAX_LEVELS = 5;

/**
 * Contour families of `view` at multiples of `levelSpacing` (widened by a whole factor when there would be
 * too many; each family reports the spacing used): view 'f' has the level sets of f (zero excluded: the
 * boundary is drawn bold on its own); view 'certificate' has at most CERTIFICATE_MAX_LEVELS levels of the
 * certified radius and, when known, the true distance at the same levels; view 'gradient' has none.
 */
export function contourFamilies(field: FieldSnapshot, view: ViewName, levelSpacing: number): ContourFamily[] {
  if (view === 'f') {
    const [lo, hi] = finiteExtent(field.f);
    return [family('level', field.f, field, chooseLevels(levelSpacing, lo, hi))];
  }
  if (view === 'certificate') {
    // One set of levels for both families, over both ranges, so each radius line has its distance line.
    const radius = certifiedRadiusGrid(field.f, field.lipschitzBound);
    const top = Math.max(finiteExtent(radius)[1], field.distance ? finiteExtent(field.distance)[1] : -Infinity);
    const choice = chooseLevels(levelSpacing, 0, top, true, CERTIFICATE_MAX_LEVELS);
    const out = [family('radius', radius, field, choice)];
    if (field.distance) out.push(family('distance', field.distance, field, choice));
    return out;
  }
  return [];
}

/** What the hover tooltip shows at a data point. */
export interface HoverInfo {
  x: number;
  y: number;
  /** f by bilinear interpolation (NaN without a field or outside the grid). */
  f: number;
  /** Certified radius |f| / L_bound. */
  radius: number;
  /** |grad f| and distance to the boundary when the field has them (else null). */
  gradientNorm: number | null;
  distance: number | null;
}

/** Hover readout at `p` from the field's grids (bilinear interpolation). */
export function hoverInfo(field: FieldSnapshot | null, p: DataPoint): HoverInfo {
  if (!field) return { x: p.x, y: p.y, f: NaN, radius: NaN, gradientNorm: null, distance: null };
  const at = (v: Float32Array) => bilinear(v, field.gridNodes, field.domain, p);
  const f = at(field.f);
  return {
    x: p.x,
    y: p.y,
    f,
    radius: Math.abs(f) / field.lipschitzBound,
    gradientNorm: at(field.gradientNorm),
    distance: field.distance ? at(field.distance) : null,
  };
}
