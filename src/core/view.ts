/**
 * The view model: what the plot shows and how, independent of the model being trained. One source for
 * the set of views, their defaults and limits, the grid the field is sampled on, and the shape of a
 * training-history entry. Imports nothing.
 */

/** The plot's views: f with its level sets, the certificate against the true distance, and |grad f|. */
export const VIEWS = ['f', 'certificate', 'gradient'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface ViewSettings {
  view: ViewName;
  /** Spacing of the contour lines of f, in units of f; > 0. */
  levels: number;
  /** Whether test points are drawn. */
  showTest: boolean;
  /** The radius at which a comparison states certified accuracy (its panels and its trade-off plot). */
  eps: number;
}

export const DEFAULT_VIEW: ViewSettings = { view: 'f', levels: 0.1, showTest: true, eps: 0.1 };

/**
 * Contour spacings outside `levels` would draw nothing useful or thousands of lines; `eps` is a radius
 * in data units (the generated data spans a few units at scale 1).
 */
export const VIEW_LIMITS = { levels: { min: 1e-3, max: 1e3 }, eps: { min: 0, max: 1e3 } } as const;

/**
 * Nodes per side of the grid on which f, |grad f| and the distance map are sampled, for the plot and for
 * the empirical Lipschitz estimate alike (so the app and the runner measure over the same points).
 */
export const FIELD_GRID_NODES = 201;

/** One entry of a training history, as the store keeps it and the curves draw it. */
export interface HistoryPoint {
  step: number;
  /** The loss over the whole training set at this step (not the last mini-batch's). */
  loss: number;
  /** The same loss over the whole test set; NaN without test points. */
  testLoss: number;
  trainAccuracy: number;
  /** NaN without test points. */
  testAccuracy: number;
}

/** What the worker computes for the plots, chosen by the view (a map nobody draws is not computed). */
export interface FieldOptions {
  /** Grid nodes per side (the grid is square, over the dataset's square domain). */
  gridNodes: number;
  /** Compute each grid node's distance to the learned boundary (certificate view). */
  distance: boolean;
  /** Minimum time between two field snapshots while training. */
  intervalMs: number;
}

export const DEFAULT_FIELD_OPTIONS: FieldOptions = { gridNodes: FIELD_GRID_NODES, distance: false, intervalMs: 200 };

/** The field options a view needs. */
export function fieldOptionsFor(view: ViewSettings): FieldOptions {
  return { ...DEFAULT_FIELD_OPTIONS, distance: view.view === 'certificate' };
}
