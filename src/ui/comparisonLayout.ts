/**
 * How comparison panels share the plot's frame: the number of columns that gives the largest square plots
 * for n panels, each panel adding a title and a line of numbers under its plot. Pure, for tests.
 */

export interface PanelGrid {
  columns: number;
  rows: number;
  /** Side of each square plot (axes included), in CSS px. */
  plotPx: number;
}

/** Plots smaller than this are still drawn (the frame scrolls): small multiples, a click enlarges one. */
const MIN_PLOT_PX = 120;

/**
 * The grid of `n` panels in a `widthPx` x `heightPx` frame with the largest plots: each panel is its plot
 * plus `chromePx` of height (title, numbers), with `gapPx` between panels.
 */
export function panelGrid(n: number, widthPx: number, heightPx: number, chromePx: number, gapPx: number): PanelGrid {
  let best: PanelGrid = { columns: 1, rows: Math.max(1, n), plotPx: MIN_PLOT_PX };
  let bestSide = -Infinity;
  for (let columns = 1; columns <= Math.max(1, n); columns++) {
    const rows = Math.ceil(n / columns);
    const byWidth = (widthPx - gapPx * (columns - 1)) / columns;
    const byHeight = (heightPx - gapPx * (rows - 1)) / rows - chromePx;
    const side = Math.floor(Math.min(byWidth, byHeight));
    if (side > bestSide) {
      bestSide = side;
      best = { columns, rows, plotPx: Math.max(MIN_PLOT_PX, side) };
    }
  }
  return best;
}

/** Colours of the compared models in shared charts (Okabe-Ito: tells apart for colour-blind readers). */
const MODEL_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#999999'];

/** The colour of the model at `index` (the palette repeats past 8, with the panel's label to tell apart). */
export function modelColor(index: number): string {
  return MODEL_COLORS[index % MODEL_COLORS.length];
}
