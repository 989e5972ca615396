/**
 * The overlay layers of the decision plot: contour families on a canvas, then SVG drawn with d3 joins into
 * <g> targets: axes, the bold decision boundary, and the data points. Each function takes its target, the
 * data and the geometry, and can be called again with new data (it updates in place).
 */
import { axisBottom, axisLeft, select } from 'd3';
import type { DatasetSnapshot } from '../../worker/protocol';
import { CLASS_COLORS } from './colormaps';
import { looseSegmentsPath2D, segmentsPath, segmentsPath2D } from './paths';
import { prepareCanvas } from './drawField';
import { pixelRect, type PlotGeometry } from './scales';
import type { ContourFamily, ContourKind } from './viewData';

/** Sizes of text and marks: normal, or large for a lecture hall. */
export interface PlotStyle {
  fontPx: number;
  pointRadiusPx: number;
  boundaryWidthPx: number;
  lineWidthPx: number;
}

/**
 * The plot style for normal or presentation (large) use. Level lines of 1 px: a canvas strokes lines of
 * at most one device pixel on a fast path (30 level lines of 300 points: 0.7 ms against 7 ms at 1.2 px,
 * software rasterisation in headless Chromium here).
 */
export function plotStyle(large: boolean): PlotStyle {
  return large
    ? { fontPx: 20, pointRadiusPx: 6.5, boundaryWidthPx: 4.5, lineWidthPx: 1.8 }
    : { fontPx: 13, pointRadiusPx: 4.5, boundaryWidthPx: 3, lineWidthPx: 1 };
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

/**
 * Contour families drawn over the heatmap, on the heatmap's own canvas context (`drawHeatmap` returns it),
 * clipped to the domain: per level one path of joined polylines (`segmentsPath2D`), halo first, stroked
 * per CONTOUR_STROKES. A canvas because the certificate view has ~45 level sets and ~20,000 segments,
 * whose dashed SVG paths took the browser 100 ms and more to repaint on every snapshot; the heatmap's
 * canvas, so that a snapshot changes one bitmap, not two. Per snapshot in the f view (101 x 101 grid,
 * headless Chromium here) drawing took 2.4 ms with every line joined and 0.65 ms with thin solid lines
 * left as segments; their rasterisation 0.8 and 1.2 ms.
 */
export function drawContours(ctx: CanvasRenderingContext2D, families: ContourFamily[], g: PlotGeometry, style: PlotStyle): void {
  const rect = pixelRect(g, g.domain);
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.width, rect.height);
  ctx.clip();
  ctx.lineJoin = 'round';
  for (const family of families) {
    const stroke = CONTOUR_STROKES[family.kind];
    const width = style.lineWidthPx * (family.kind === 'level' ? 1 : 1.4);
    // Thin solid lines are drawn segment by segment: joining them (for dashes that run on, and round
    // joins on wide lines) took most of a snapshot's drawing time, and a hairline shows no joins.
    const joined = stroke.dash !== null || stroke.halo !== null || width > 1;
    const paths = family.sets.map((s) => (joined ? segmentsPath2D(s.segments, g) : looseSegmentsPath2D(s.segments, g)));
    const strokes = [
      ...(stroke.halo ? [{ color: stroke.halo, width: width + 2.5, opacity: 0.55, dash: null }] : []),
      { color: stroke.color, width, opacity: stroke.opacity, dash: stroke.dash },
    ];
    for (const s of strokes) {
      ctx.strokeStyle = s.color;
      ctx.globalAlpha = s.opacity;
      ctx.lineWidth = s.width;
      ctx.setLineDash(s.dash ? s.dash.split(' ').map(Number) : []);
      for (const path of paths) ctx.stroke(path);
    }
  }
  ctx.restore();
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
  canvas: HTMLCanvasElement | null,
  dataset: DatasetSnapshot | null,
  g: PlotGeometry,
  showTest: boolean,
  style: PlotStyle,
): void {
  const count = dataset ? dataset.trainLabels.length + (showTest ? dataset.testLabels.length : 0) : 0;
  // Thousands of SVG circles cost the page's thread seconds (n = 100,000 froze it): big sets go on a canvas.
  const onCanvas = canvas !== null && count > MAX_SVG_POINTS;
  if (canvas) {
    const ctx = prepareCanvas(canvas, g);
    if (ctx && onCanvas && dataset) drawPointsOnCanvas(ctx, dataset, g, showTest, style, count);
  }
  const train = dataset && !onCanvas ? toPoints(dataset.trainXy, dataset.trainLabels) : [];
  const test = dataset && showTest && !onCanvas ? toPoints(dataset.testXy, dataset.testLabels) : [];
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

/** Above this many points they are drawn on a canvas, not as SVG circles. */
const MAX_SVG_POINTS = 2000;

/**
 * Many points on a canvas: one path per class and split, squares when they are small. They shrink with
 * the count (down to about 1 px), so 100,000 points still show the classes, not a solid blob.
 */
function drawPointsOnCanvas(
  ctx: CanvasRenderingContext2D,
  dataset: DatasetSnapshot,
  g: PlotGeometry,
  showTest: boolean,
  style: PlotStyle,
  count: number,
): void {
  const r = Math.max(0.9, style.pointRadiusPx * Math.sqrt(MAX_SVG_POINTS / count));
  const pass = (xy: Float32Array, labels: Float32Array, sign: number, test: boolean) => {
    ctx.beginPath();
    for (let k = 0; k < labels.length; k++) {
      if (labels[k] * sign <= 0) continue;
      const px = g.x(xy[2 * k]);
      const py = g.y(xy[2 * k + 1]);
      if (r < 2) ctx.rect(px - r, py - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
      }
    }
    const color = sign > 0 ? CLASS_COLORS.positive : CLASS_COLORS.negative;
    if (test) {
      ctx.lineWidth = Math.max(1, r * 0.55);
      ctx.strokeStyle = color;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
    }
  };
  for (const sign of [-1, 1]) pass(dataset.trainXy, dataset.trainLabels, sign, false);
  if (showTest) for (const sign of [-1, 1]) pass(dataset.testXy, dataset.testLabels, sign, true);
}
