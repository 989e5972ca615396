/**
 * A small, readable line chart (d3 SVG): several series with a legend, axis labels, optional log x or y,
 * or a fixed y range. Fills its container's width unless `widthPx` is given.
 */
import { useEffect, useRef } from 'react';
import type { LineSeries } from './chartData';
import { drawLineChart, type ChartMark } from './drawLineChart';
import { useElementWidth } from './useElementWidth';
import '../plot.css';

export type { LineSeries } from './chartData';

export interface LineChartProps {
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  title?: string;
  logX?: boolean;
  /** A log y axis; points with y <= 0 are not drawn (callers decide whether that can happen). */
  logY?: boolean;
  /** Fixed y range, e.g. [0, 1]. */
  yDomain?: [number, number];
  xDomain?: [number, number];
  /** Vertical markers where a live setting changed. */
  marks?: readonly ChartMark[];
  widthPx?: number;
  heightPx?: number;
  /** Presentation mode: bigger text and lines. */
  large?: boolean;
  /** Shown over the chart while no series has a point. */
  emptyText?: string;
}

/** A line chart of `series` with axis labels and a legend of the series' names. */
export function LineChart(props: LineChartProps) {
  const { series, xLabel, yLabel, title, logX, logY, yDomain, xDomain, marks, widthPx, large = false, emptyText = 'no data yet' } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const measured = useElementWidth(boxRef, 360);
  const width = widthPx ?? measured;
  const fontPx = large ? 19 : 13;
  const height = props.heightPx ?? Math.round(fontPx * 15);
  const empty = series.every((s) => s.points.length === 0);

  useEffect(() => {
    if (gRef.current) {
      drawLineChart(gRef.current, { series, xLabel, yLabel, logX, logY, yDomain, xDomain, marks, widthPx: width, heightPx: height, fontPx });
    }
  }, [series, xLabel, yLabel, logX, logY, yDomain, xDomain, marks, width, height, fontPx]);

  return (
    <figure className={`line-chart${large ? ' line-chart-large' : ''}`} ref={boxRef} style={widthPx ? { width: widthPx } : undefined}>
      {(title || series.length > 1) && (
        <figcaption className="chart-head">
          {title && <span className="chart-title">{title}</span>}
          {series.length > 1 && (
            <span className="chart-keys">
              {series.map((s) => (
                <span key={s.name} className="chart-key">
                  <svg width={fontPx * 2.2} height={fontPx} aria-hidden="true">
                    <line
                      x1={1}
                      x2={fontPx * 2.2 - 1}
                      y1={fontPx / 2}
                      y2={fontPx / 2}
                      stroke={s.color}
                      strokeWidth={fontPx * 0.22}
                      strokeDasharray={s.dashed ? `${fontPx * 0.5} ${fontPx * 0.35}` : undefined}
                    />
                  </svg>
                  {s.name}
                </span>
              ))}
            </span>
          )}
        </figcaption>
      )}
      <div className="chart-stage" style={{ width, height }}>
        <svg width={width} height={height} role="img" aria-label={`${title ?? yLabel} against ${xLabel}`}>
          <g ref={gRef} />
        </svg>
        {empty && <div className="chart-empty">{emptyText}</div>}
      </div>
    </figure>
  );
}
