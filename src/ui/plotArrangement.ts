/**
 * How the plot panel arranges its toolbar, by the room its cell gets (a side column folded, a wide screen).
 * The plot is a square that fits its frame's height (DecisionPlot), so on a landscape screen it is bound
 * by height and extra width alone does not enlarge it. Two ways to turn width into plot:
 *  - "stacked" (the default): toolbar and live loss strip above the plot. Once the frame is wide enough
 *    DecisionPlot puts the legend beside the plot and the plot takes the frame's full height.
 *  - "rail": toolbar and live loss strip in a narrow column left of the plot, so the frame is taller.
 *    Worth it when the cell is wider than tall but by too little for the legend to go beside the plot
 *    (a 1024x768 projector with one column folded): the plot grows by about the toolbar's height. And
 *    again on very wide cells, where the rail's frame too is wide enough for the legend beside.
 * Presentation mode always stacks: its larger type would need a wider rail.
 */

export type PlotArrangement = 'stacked' | 'rail';

/** Surplus width (cell width minus height, CSS px) from which a rail beats a stacked toolbar. */
const RAIL_MIN_SURPLUS = 0;
/**
 * Surplus from which the stacked arrangement gets its legend beside the plot and beats the rail.
 * Measured in Chromium: not beside at 232 px (1400x900, numbers folded), beside at 248 (1920x1080).
 */
const STACKED_SIDE_LEGEND = 240;
/** Surplus from which the rail too gets its legend beside the plot, and wins again (it is taller). */
const RAIL_SIDE_LEGEND = 560;

/** The arrangement for a plot cell of `width` x `height` CSS px (0 means not measured yet: stacked). */
export function plotArrangement(width: number, height: number, presentation: boolean): PlotArrangement {
  if (presentation || width <= 0 || height <= 0) return 'stacked';
  const surplus = width - height;
  if (surplus >= RAIL_SIDE_LEGEND) return 'rail';
  return surplus >= RAIL_MIN_SURPLUS && surplus < STACKED_SIDE_LEGEND ? 'rail' : 'stacked';
}
