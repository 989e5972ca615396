/**
 * Grid values -> image pixels, one pixel per grid node. The grid's row 0 is at yMin, which is the BOTTOM
 * of the picture, while an image's row 0 is its top: grid row j goes to image row (rows - 1 - j).
 */
import { lutIndex, type Colormap } from './colormaps';

/** The shape of a browser ImageData, so the fill can run (and be tested) without a DOM. */
export interface ImageLike {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * Colours `target` (gridNodes x gridNodes pixels) from node values (row-major, row 0 at yMin) through a
 * colour map: pixel (i, gridNodes - 1 - j) gets the colour of node (i, j). NaN nodes get cm.nan.
 */
export function fillHeatmap(target: ImageLike, values: ArrayLike<number>, gridNodes: number, cm: Colormap): void {
  if (target.width !== gridNodes || target.height !== gridNodes) {
    throw new Error(`fillHeatmap: image is ${target.width} x ${target.height}, grid is ${gridNodes} x ${gridNodes}`);
  }
  if (values.length !== gridNodes * gridNodes) {
    throw new Error(`fillHeatmap: ${values.length} values for a ${gridNodes} x ${gridNodes} grid`);
  }
  const { data } = target;
  const { lut, nan } = cm;
  for (let j = 0; j < gridNodes; j++) {
    const rowOut = (gridNodes - 1 - j) * gridNodes;
    const rowIn = j * gridNodes;
    for (let i = 0; i < gridNodes; i++) {
      const o = 4 * (rowOut + i);
      const k = lutIndex(cm, values[rowIn + i]);
      if (k < 0) {
        data[o] = nan[0];
        data[o + 1] = nan[1];
        data[o + 2] = nan[2];
        data[o + 3] = nan[3];
      } else {
        data[o] = lut[4 * k];
        data[o + 1] = lut[4 * k + 1];
        data[o + 2] = lut[4 * k + 2];
        data[o + 3] = lut[4 * k + 3];
      }
    }
  }
}

/**
 * Data box covered by the image when each pixel is centred on its node: the domain widened by half a
 * cell on every side. Drawing the image over this box (then clipping to the domain) puts every pixel's
 * centre exactly on its node, so the heatmap lines up with contours and points.
 */
export function imageExtent(
  domain: { xMin: number; xMax: number; yMin: number; yMax: number },
  gridNodes: number,
): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const hx = (domain.xMax - domain.xMin) / (gridNodes - 1) / 2;
  const hy = (domain.yMax - domain.yMin) / (gridNodes - 1) / 2;
  return { xMin: domain.xMin - hx, xMax: domain.xMax + hx, yMin: domain.yMin - hy, yMax: domain.yMax + hy };
}
