/**
 * Square plot geometry: one data unit spans the same number of pixels on x and on y, so a circle of radius
 * r in the data plane is a circle of radius r * pxPerUnit on screen (docs/math.md, "Geometry").
 *
 * Pixel coordinates are relative to the top-left corner of the whole plot (margins included); y grows
 * downward on screen and upward in data.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Domain } from '../../core/geometry';

/** A point of the data plane. */
export interface DataPoint {
  x: number;
  y: number;
}

/** A point on screen, in CSS pixels from the plot's top-left corner. */
export interface PixelPoint {
  px: number;
  py: number;
}

/** Room around the square plotting area, in CSS pixels (axes and labels live there). */
export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Everything needed to map between the data plane and the screen. */
export interface PlotGeometry {
  /** Outer width and height of the plot, margins included. */
  widthPx: number;
  heightPx: number;
  margin: Margins;
  /** Side of the square plotting area. */
  innerPx: number;
  /** The square data box shown (the domain, widened on its shorter side and centred). */
  shown: Domain;
  /** The data domain itself (where the grid lives), inside `shown`. */
  domain: Domain;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Pixels per data unit, the same on both axes. */
  pxPerUnit: number;
}

/**
 * Geometry of a plot `widthPx` wide showing `domain` with equal scales: the plotting area is the square
 * of side widthPx - left - right, and the shown data box is the smallest square, centred on the domain,
 * that contains it. Throws on a non-finite or empty domain.
 */
export function squareGeometry(domain: Domain, widthPx: number, margin: Margins): PlotGeometry {
  const { xMin, xMax, yMin, yMax } = domain;
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite) || !(xMax > xMin) || !(yMax > yMin)) {
    throw new Error(`squareGeometry: bad domain ${JSON.stringify(domain)}`);
  }
  const innerPx = Math.max(1, widthPx - margin.left - margin.right);
  const span = Math.max(xMax - xMin, yMax - yMin);
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  const shown: Domain = { xMin: cx - span / 2, xMax: cx + span / 2, yMin: cy - span / 2, yMax: cy + span / 2 };
  const x = scaleLinear().domain([shown.xMin, shown.xMax]).range([margin.left, margin.left + innerPx]);
  const y = scaleLinear().domain([shown.yMin, shown.yMax]).range([margin.top + innerPx, margin.top]);
  return {
    widthPx: innerPx + margin.left + margin.right,
    heightPx: innerPx + margin.top + margin.bottom,
    margin,
    innerPx,
    shown,
    domain,
    x,
    y,
    pxPerUnit: innerPx / span,
  };
}

/** Screen position of a data point. */
export function dataToPixel(g: PlotGeometry, p: DataPoint): PixelPoint {
  return { px: g.x(p.x), py: g.y(p.y) };
}

/** Data point under a screen position (the inverse of dataToPixel). */
export function pixelToData(g: PlotGeometry, p: PixelPoint): DataPoint {
  return { x: g.x.invert(p.px), y: g.y.invert(p.py) };
}

/** A data-space length (e.g. a certified radius) in pixels: the same on both axes by construction. */
export function lengthToPx(g: PlotGeometry, dataLength: number): number {
  return dataLength * g.pxPerUnit;
}

/** Whether a data point lies in the closed box `d`. */
export function inDomain(d: Domain, p: DataPoint): boolean {
  return p.x >= d.xMin && p.x <= d.xMax && p.y >= d.yMin && p.y <= d.yMax;
}

/** The pixel rectangle of a data box: {left, top, width, height}. */
export function pixelRect(g: PlotGeometry, d: Domain): { left: number; top: number; width: number; height: number } {
  const left = g.x(d.xMin);
  const top = g.y(d.yMax);
  return { left, top, width: g.x(d.xMax) - left, height: g.y(d.yMin) - top };
}
