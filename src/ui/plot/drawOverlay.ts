/**
 * The SVG layers of the decision plot, drawn with d3 joins into <g> targets: axes, contour families, the
 * bold decision boundary, and the data points. Each function takes its target, the data and the geometry,
 * and can be called again with new data (it updates in place).
 */
import { axisBottom, axisLeft, select } from 'd3';
import type { DatasetSnapshot } from '../../worker/protocol';
import { CLASS_COLORS } from './colormaps';
import { segmentsPath } from './paths';
import { pixelRect, type PlotGeometry } from './scales';
import type { ContourFamily, ContourKind } from './viewData';

/** Sizes of text and marks: normal, or large for a lecture hall. */
export interface PlotStyle {
  fontPx: number;
  pointRadiusPx: number;
  boundaryWidthPx: number;
  lineWidthPx: number;
}

/** The plot style for normal or presentation (large) use. */
export function plotStyle(large: boolean): PlotStyle {
  return large
    ? { fontPx: 20, pointRadiusPx: 6.5, boundaryWidthPx: 4.5, lineWidthPx: 1.8 }
    : { fontPx: 13, pointRadiusPx: 4.5, boundaryWidthPx: 3, lineWidthPx: 1.2 };
}

/** How each contour family is stroked (legends use the same table). */
export const CONTOUR_STROKES: Record<ContourKind, { color: string; dash: string | null; halo: string | null; opacity: number }> = {
  level: { color: '#1d2330', dash: null, halo: null, opacity: 0.5 },
  radius: { color: '#1d2330', dash: null, halo: '#ffffff', opacity: 1 },
  distance: { color: '#ffffff', dash: '7 5', halo: '#1d2330', opacity: 1 },
};

/** The colour of the bold zero line (decision boundary). */
export const BOUNDARY_COLOR = '#111111';

/** Axes on the bottom and left of the square plotting area, with a thin frame around the domain. */
export function drawAxes(target: SVGGElement, g: PlotGeometry, style: PlotStyle): void {
  const root = select(target);
  const ticks = Math.max(3, Math.round(g.innerPx / (style.fontPx * 7)));
  root
    .selectAll<SVGGElement, number>('g.axis-x')
    .data([0])
    .join('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${g.margin.top + g.innerPx})`)
    .call(axisBottom(g.x).ticks(ticks).tickSizeOuter(0));
  root
    .selectAll<SVGGElement, number>('g.axis-y')
    .data([0])
    .join('g')
    .attr('class', 'axis axis-y')
    .attr('transform', `translate(${g.margin.left},0)`)
    .call(axisLeft(g.y).ticks(ticks).tickSizeOuter(0));
  root.selectAll('g.axis text').attr('font-size', style.fontPx);
  const r = pixelRect(g, g.domain);
  root
    .selectAll('rect.frame')
    .data([r])
    .join('rect')
    .attr('class', 'frame')
    .attr('x', (d) => d.left)
    .attr('y', (d) => d.top)
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height);
}

/** Contour families as one path per level, stroked per CONTOUR_STROKES, inside `target` (clip it to the domain). */
export function drawContours(target: SVGGElement, families: ContourFamily[], g: PlotGeometry, style: PlotStyle): void {
  select(target)
    .selectAll<SVGGElement, ContourFamily>('g.family')
    .data(families, (d) => d.kind)
    .join('g')
    .attr('class', (d) => `family family-${d.kind}`)
    .each(function (family) {
      const stroke = CONTOUR_STROKES[family.kind];
      const width = style.lineWidthPx * (family.kind === 'level' ? 1 : 1.4);
      const paths = family.sets.map((s) => segmentsPath(s.segments, g));
      const strokes = [
        ...(stroke.halo ? [{ cls: 'halo', color: stroke.halo, width: width + 2.5, opacity: 0.55, dash: null }] : []),
        { cls: 'line', color: stroke.color, width, opacity: stroke.opacity, dash: stroke.dash },
      ];
      select(this)
        .selectAll<SVGGElement, (typeof strokes)[number]>('g')
        .data(strokes, (k) => k.cls)
        .join('g')
        .attr('fill', 'none')
        .attr('stroke', (k) => k.color)
        .attr('stroke-opacity', (k) => k.opacity)
        .attr('stroke-width', (k) => k.width)
        .attr('stroke-dasharray', (k) => k.dash)
        .attr('stroke-linejoin', 'round')
        .selectAll<SVGPathElement, string>('path')
        .data(paths)
        .join('path')
        .attr('d', (d) => d);
    });
}

/** The decision boundary f = 0 from segments [x1, y1, x2, y2, ...]: a bold dark line on a white halo. */
export function drawBoundary(target: SVGGElement, segments: ArrayLike<number> | null, g: PlotGeometry, style: PlotStyle): void {
  const d = segments ? segmentsPath(segments, g) : '';
  const layers = [
    { cls: 'boundary-halo', color: '#ffffff', width: style.boundaryWidthPx + 3, opacity: 0.75 },
    { cls: 'boundary', color: BOUNDARY_COLOR, width: style.boundaryWidthPx, opacity: 1 },
  ];
  select(target)
    .selectAll<SVGPathElement, (typeof layers)[number]>('path')
    .data(layers, (l) => l.cls)
    .join('path')
    .attr('class', (l) => l.cls)
    .attr('d', d)
    .attr('fill', 'none')
    .attr('stroke', (l) => l.color)
    .attr('stroke-opacity', (l) => l.opacity)
    .attr('stroke-width', (l) => l.width)
    .attr('stroke-linecap', 'round')
    .attr('stroke-linejoin', 'round');
}

interface PlotPoint {
  x: number;
  y: number;
  label: number;
}

function toPoints(xy: Float32Array, labels: Float32Array): PlotPoint[] {
  return Array.from(labels, (label, k) => ({ x: xy[2 * k], y: xy[2 * k + 1], label }));
}

/** The colour of a class label: orange for -1 (f < 0), blue for +1 (f > 0). */
export function classColor(label: number): string {
  return label > 0 ? CLASS_COLORS.positive : CLASS_COLORS.negative;
}

/**
 * Training points as filled circles in their class colour with a white rim; test points (when `showTest`)
 * as rings: white fill, thick class-coloured stroke and a thin dark rim, so they differ by shape too.
 */
export function drawPoints(
  target: SVGGElement,
  dataset: DatasetSnapshot | null,
  g: PlotGeometry,
  showTest: boolean,
  style: PlotStyle,
): void {
  const train = dataset ? toPoints(dataset.trainXy, dataset.trainLabels) : [];
  const test = dataset && showTest ? toPoints(dataset.testXy, dataset.testLabels) : [];
  const root = select(target);
  const r = style.pointRadiusPx;
  root
    .selectAll<SVGGElement, string>('g.points')
    .data(['train', 'test'])
    .join('g')
    .attr('class', (d) => `points points-${d}`)
    .each(function (kind) {
      const data = kind === 'train' ? train : test;
      const circles = select(this)
        .selectAll<SVGCircleElement, PlotPoint>('circle')
        .data(data)
        .join('circle')
        .attr('cx', (p) => g.x(p.x))
        .attr('cy', (p) => g.y(p.y));
      if (kind === 'train') {
        circles.attr('r', r).attr('fill', (p) => classColor(p.label)).attr('stroke', '#ffffff').attr('stroke-width', r * 0.33);
      } else {
        circles
          .attr('r', r * 0.95)
          .attr('fill', '#ffffff')
          .attr('stroke', (p) => classColor(p.label))
          .attr('stroke-width', r * 0.55);
      }
    });
}
