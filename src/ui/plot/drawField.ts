/**
 * Drawing the heatmap of a view on a canvas: node colours into a gridNodes x gridNodes image (one pixel per
 * node), then scaled up without smoothing so each node covers its own cell, centred on the node.
 */
import type { Domain } from '../../core/geometry';
import { NAN_COLOR } from './colormaps';
import { fillHeatmap, imageExtent } from './heatmap';
import { pixelRect, type PlotGeometry } from './scales';
import type { HeatmapLayer } from './viewData';

interface Scratch {
  canvas: HTMLCanvasElement;
  image: ImageData | null;
}

const scratches = new WeakMap<HTMLCanvasElement, Scratch>();

/** Sizes the canvas backing store to the plot at the device pixel ratio; returns a context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, g: PlotGeometry): CanvasRenderingContext2D | null {
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const w = Math.round(g.widthPx * dpr);
  const h = Math.round(g.heightPx * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, g.widthPx, g.heightPx);
  return ctx;
}

/**
 * Draws `layer` over `domain` (clipped to it). With values null (a map not computed yet) the domain is
 * filled with the "no value" grey; with no layer at all, with a plain light background. Returns the
 * context, for what is drawn over the heatmap (`drawContours`).
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  g: PlotGeometry,
  domain: Domain,
  layer: HeatmapLayer | null,
  gridNodes: number,
): CanvasRenderingContext2D | null {
  const ctx = prepareCanvas(canvas, g);
  if (!ctx) return null;
  const rect = pixelRect(g, domain);
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.width, rect.height);
  ctx.clip();
  if (!layer || !layer.values) {
    ctx.fillStyle = layer ? `rgb(${NAN_COLOR[0]},${NAN_COLOR[1]},${NAN_COLOR[2]})` : '#f4f5f8';
    ctx.fillRect(rect.left, rect.top, rect.width, rect.height);
    ctx.restore();
    return ctx;
  }
  let scratch = scratches.get(canvas);
  if (!scratch) {
    scratch = { canvas: document.createElement('canvas'), image: null };
    scratches.set(canvas, scratch);
  }
  if (!scratch.image || scratch.image.width !== gridNodes) {
    scratch.canvas.width = gridNodes;
    scratch.canvas.height = gridNodes;
    scratch.image = new ImageData(gridNodes, gridNodes);
  }
  fillHeatmap(scratch.image, layer.values, gridNodes, layer.colormap);
  scratch.canvas.getContext('2d')?.putImageData(scratch.image, 0, 0);
  const extent = pixelRect(g, imageExtent(domain, gridNodes));
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch.canvas, extent.left, extent.top, extent.width, extent.height);
  ctx.restore();
  return ctx;
}
