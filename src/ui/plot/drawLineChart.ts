/** Drawing a small line chart into an SVG <g> with d3: scales, axes with labels, one path per series. */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';
import { decimate, drawable, niceCeiling, padRange, seriesExtent, type LineSeries } from './chartData';
import { logTickFormatter } from './lossScale';

/** Everything drawLineChart needs besides the target. */
export interface LineChartSpec {
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  /** A log y axis (base 10, ticks at powers of ten); points with y <= 0 are not drawn. */
  logY?: boolean;
  /** Fixed y range, e.g. [0, 1] for accuracies; otherwise the data's (padded by 5%). */
  yDomain?: [number, number];
  /** Fixed x range; otherwise the data's, its upper end rounded up by `niceCeiling` on a linear axis. */
  xDomain?: [number, number];
  /** Vertical markers at x (a live setting changed there), with a short label; the latest few are labelled. */
  marks?: readonly ChartMark[];
  widthPx: number;
  heightPx: number;
  fontPx: number;
}

export interface ChartMark {
  x: number;
  label: string;
}

/** Markers that carry their label text (older ones are lines only, so labels do not pile up). */
const LABELLED_MARKS = 3;

/** What an axis drawing depends on: its scale's domain and range, tick count, font and the chart's other side. */
function axisKey(scale: ScaleContinuousNumeric<number, number>, ticks: number, fontPx: number, otherSide: number, log: boolean): string {
  return [...scale.domain(), ...scale.range(), ticks, fontPx, otherSide, log].join(' ');
}

/** The key each axis group was last drawn with. */
const drawnWith = new WeakMap<Element, string>();

/** Runs `draw` unless `element` was last drawn with the same `key`. */
function whenChanged(element: Element | null, key: string, draw: () => void): void {
  if (element && drawnWith.get(element) === key) return;
  draw();
  if (element) drawnWith.set(element, key);
}

/**
 * Sets an attribute (removes it for null) only when its value changes. The charts redraw several times a
 * second while training, mostly with the same labels and styles, and the browser re-lays out an SVG text
 * or path on every write, even of the same value.
 */
function setIfChanged(element: Element, name: string, value: string | number | null): void {
  if (value === null) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
    return;
  }
  const text = String(value);
  if (element.getAttribute(name) !== text) element.setAttribute(name, text);
}

/** Margins of a chart around its plotting area, from the font size. */
export function chartMargins(fontPx: number) {
  return { top: fontPx * 0.8, right: fontPx * 2.2, bottom: fontPx * 3.1, left: fontPx * 4.2 };
}

/** Draws (or redraws) the chart into `target`, which fills the SVG. */
export function drawLineChart(target: SVGGElement, spec: LineChartSpec): void {
  const { widthPx, heightPx, fontPx, logX = false, logY = false } = spec;
  const m = chartMargins(fontPx);
  const extent = seriesExtent(spec.series, logX, logY);
  let xd = spec.xDomain ?? extent?.x ?? (logX ? [0.1, 1] : [0, 1]);
  if (!spec.xDomain && !logX && extent) xd = [xd[0], xd[0] + niceCeiling(xd[1] - xd[0])];
  let yd = spec.yDomain ?? extent?.y ?? (logY ? [0.1, 1] : [0, 1]);
  if (!spec.yDomain && extent) yd = padRange(yd, logY);
  const x: ScaleContinuousNumeric<number, number> = (logX ? scaleLog() : scaleLinear()).domain(xd).range([m.left, widthPx - m.right]);
  // A log y axis: nice() widens it to whole decades; see logTickFormatter for which ticks get a label.
  const yLog = logY ? scaleLog().domain(yd).range([heightPx - m.bottom, m.top]) : null;
  const y: ScaleContinuousNumeric<number, number> = yLog ?? scaleLinear().domain(yd).range([heightPx - m.bottom, m.top]);
  if (!spec.yDomain) y.nice();
  const [yLo, yHi] = y.domain();
  const root = select(target);
  const xTicks = Math.max(2, Math.round((widthPx - m.left - m.right) / (fontPx * 6)));
  const yTicks = Math.max(2, Math.round((heightPx - m.top - m.bottom) / (fontPx * 2.6)));

  // Axes are redrawn only when their scale or size changed: d3's axis rebuilds every tick, and the
  // charts update several times a second while training.
  const xKey = axisKey(x, xTicks, fontPx, heightPx, logX);
  const yKey = axisKey(y, yTicks, fontPx, widthPx, logY);
  const grid = root.selectAll<SVGGElement, number>('g.grid-y').data([0]).join((enter) => enter.append('g').attr('class', 'grid-y'));
  whenChanged(grid.node(), yKey, () =>
    grid.attr('transform', `translate(${m.left},0)`).call(axisLeft(y).ticks(yTicks).tickSize(-(widthPx - m.left - m.right)).tickFormat(() => '')),
  );
  const xAxis = root.selectAll<SVGGElement, number>('g.axis-x').data([0]).join((enter) => enter.append('g').attr('class', 'axis axis-x'));
  whenChanged(xAxis.node(), xKey, () =>
    xAxis
      .attr('transform', `translate(0,${heightPx - m.bottom})`)
      .call(axisBottom(x).ticks(xTicks, logX ? '~g' : undefined).tickSizeOuter(0))
      .selectAll('text')
      .attr('font-size', fontPx),
  );
  const yAxis = root.selectAll<SVGGElement, number>('g.axis-y').data([0]).join((enter) => enter.append('g').attr('class', 'axis axis-y'));
  whenChanged(yAxis.node(), yKey, () =>
    yAxis
      .attr('data-scale', logY ? 'log' : 'linear')
      .attr('transform', `translate(${m.left},0)`)
      .call(
        yLog
          ? axisLeft(yLog).ticks(yTicks).tickFormat(logTickFormatter(yLog.ticks(yTicks))).tickSizeOuter(0)
          : axisLeft(y).ticks(yTicks).tickSizeOuter(0),
      )
      .selectAll('text')
      .attr('font-size', fontPx),
  );

  const labels = [
    { cls: 'x', text: spec.xLabel, x: (m.left + widthPx - m.right) / 2, y: heightPx - fontPx * 0.4, rotate: 0 },
    { cls: 'y', text: spec.yLabel, x: -(m.top + heightPx - m.bottom) / 2, y: fontPx * 1.1, rotate: -90 },
  ];
  root
    .selectAll<SVGTextElement, (typeof labels)[number]>('text.axis-label')
    .data(labels, (d) => d.cls)
    .join((enter) => enter.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle'))
    .each(function (d) {
      setIfChanged(this, 'font-size', fontPx);
      setIfChanged(this, 'transform', d.rotate ? 'rotate(-90)' : null);
      setIfChanged(this, 'x', d.x);
      setIfChanged(this, 'y', d.y);
      if (this.textContent !== d.text) this.textContent = d.text;
    });

  const path = line<[number, number]>()
    .defined((p) => drawable(p, logX, logY))
    .x((p) => x(p[0]))
    .y((p) => y(Math.min(yHi, Math.max(yLo, p[1]))));
  root
    .selectAll<SVGPathElement, LineSeries>('path.series')
    .data(spec.series, (s) => s.name)
    .join((enter) => enter.append('path').attr('class', 'series').attr('fill', 'none').attr('stroke-linejoin', 'round'))
    .each(function (s) {
      setIfChanged(this, 'stroke', s.color);
      setIfChanged(this, 'stroke-width', fontPx * 0.2);
      setIfChanged(this, 'stroke-dasharray', s.dashed ? `${fontPx * 0.5} ${fontPx * 0.35}` : null);
      setIfChanged(this, 'd', path(decimate(s.points)) ?? '');
    });

  const dots = spec.series.flatMap((s) => {
    const last = s.endDot ? [...s.points].reverse().find((p) => drawable(p, logX, logY)) : undefined;
    return last ? [{ name: s.name, color: s.color, p: last }] : [];
  });
  root
    .selectAll<SVGCircleElement, (typeof dots)[number]>('circle.series-end')
    .data(dots, (d) => d.name)
    .join('circle')
    .attr('class', 'series-end')
    .attr('cx', (d) => x(d.p[0]))
    .attr('cy', (d) => y(Math.min(yHi, Math.max(yLo, d.p[1]))))
    .attr('r', fontPx * 0.45)
    .attr('fill', (d) => d.color)
    .attr('stroke', '#ffffff')
    .attr('stroke-width', 1.5);

  const [xLo, xHi] = x.domain();
  const marks = (spec.marks ?? []).filter((mk) => mk.x >= Math.min(xLo, xHi) && mk.x <= Math.max(xLo, xHi));
  const firstLabelled = marks.length - LABELLED_MARKS;
  const mark = root
    .selectAll<SVGGElement, ChartMark>('g.mark')
    .data(marks, (d) => `${d.x}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'mark');
      g.append('line');
      g.append('text');
      return g;
    })
    .attr('transform', (d) => `translate(${x(d.x)},0)`);
  mark
    .select('line')
    .attr('y1', m.top)
    .attr('y2', heightPx - m.bottom)
    .attr('stroke', '#555')
    .attr('stroke-width', 1)
    .attr('stroke-dasharray', '3 3');
  mark
    .select('text')
    .attr('x', 3)
    .attr('y', m.top + fontPx * 0.9)
    .attr('font-size', fontPx * 0.85)
    .attr('fill', '#333')
    .text((d, i) => (i >= firstLabelled ? d.label : ''));
}
