/**
 * The decision plot: a canvas heatmap of the current view under an SVG overlay (axes, contour lines, the
 * bold decision boundary, data points, hover circle), equal scales on both axes, and a legend.
 * Presentational: props in, `onHover` out; it reads no store and does no model maths.
 */
import type { ViewName } from '../../core/view';
import { useEffect, useId, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { LabelledPoint } from '../../core/config';
import type { Domain } from '../../core/geometry';
import type { DatasetSnapshot, FieldSnapshot, PointAttack } from '../../worker/protocol';
import { drawHeatmap } from './drawField';
import { classColor, drawAxes, drawBoundary, drawContours, drawPoints, plotStyle } from './drawOverlay';
import { HoverCircle, HoverTooltip } from './HoverReadout';
import { PlotLegend } from './PlotLegend';
import { inDomain, pixelToData, squareGeometry, type DataPoint } from './scales';
import { useElementHeight, useElementWidth } from './useElementWidth';
import { contourFamilies, heatmapLayer, hoverInfo, type ContourKind, type HoverInfo, type SharedScale } from './viewData';
import '../plot.css';

export interface DecisionPlotProps {
  /** The latest field snapshot of the model (null before the first one: points and axes are still drawn). */
  field: FieldSnapshot | null;
  dataset: DatasetSnapshot | null;
  view: ViewName;
  /** Data-space spacing of the contour lines (level sets of f, certified radius and distance). */
  levelSpacing: number;
  /** Told the spacing of the contour lines drawn (null when the view draws none). */
  onLevelSpacing?: (spacing: number | null) => void;
  showTest: boolean;
  /** Outer width in CSS pixels; without it the plot fills its container's width (and stays square). */
  sizePx?: number;
  /**
   * Height available for the plot and its legend together: the plot shrinks so that both fit (the
   * one-screen layout). Without it only the width counts.
   */
  fitHeightPx?: number;
  /** Presentation mode: bigger text, marks and lines. */
  large?: boolean;
  /** Show the legend under the plot (default true). */
  legend?: boolean;
  /**
   * A narrower legend beside the plot (the embed's small frame): it goes beside the plot as soon as the
   * frame is COMPACT_SIDE_LEGEND_PX wider than tall, so the plot takes the frame's full height.
   */
  compactLegend?: boolean;
  /** Called with what is under the mouse (null when it leaves the domain). */
  onHover?: (info: HoverInfo | null) => void;
  /** Accessible name of the plot. */
  label?: string;
  /** Drawing tools: the plot reports pointer events in data coordinates and draws a stroke in progress. */
  drawing?: PlotDrawing;
  /** A note over the plot that replaces the default one (e.g. on a blank drawing canvas). */
  note?: string | null;
  /** One colour scale for models compared side by side (each plot's own otherwise). */
  sharedScale?: SharedScale;
  /**
   * The hovered point, when the caller shares it between plots (comparison panels); with it, the plot
   * reports the pointer through `onHoverPoint` instead of keeping it.
   */
  hoverPoint?: DataPoint | null;
  onHoverPoint?: (p: DataPoint | null) => void;
  /** A click on the plot (when not drawing), in data coordinates: e.g. attack that point. */
  onClickPoint?: (p: DataPoint) => void;
  /** A minimum-norm attack to draw: its path, flip point, and the certified radius around the point. */
  attack?: PointAttack | null;
}

/** A pointer event on the plot, in data coordinates. */
export interface PlotPointer {
  p: DataPoint;
  shiftKey: boolean;
  /** 0 main button, 2 right button. */
  button: number;
  /** Data units per CSS pixel at the current size (for spacings and radii given in pixels). */
  dataPerPx: number;
}

/** What the drawing tools need from the plot. */
export interface PlotDrawing {
  onPointer(kind: 'down' | 'move' | 'up' | 'cancel', event: PlotPointer | null): void;
  /** Points of a stroke not yet committed, drawn over the data. */
  pending: readonly LabelledPoint[];
  /** Radius of the eraser drawn around the pointer, in CSS pixels (0: none). */
  eraserPx: number;
}

const FALLBACK_DOMAIN: Domain = { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
/** The smallest plot the height fit may leave (below it the page scrolls instead). */
const MIN_FIT_PX = 240;
/** Width of a legend beside the plot: used when the frame is wider than tall by at least this much. */
const SIDE_LEGEND_PX = 320;
/** The compact side legend: its items wrap to two lines and the colour bar keeps three ticks. */
const COMPACT_SIDE_LEGEND_PX = 210;

/** Room for the axes around the square, from the font size of the tick labels. */
function plotMargins(fontPx: number) {
  return { top: Math.round(fontPx * 0.8), right: Math.round(fontPx * 1.2), bottom: Math.round(fontPx * 2.2), left: Math.round(fontPx * 3.4) };
}

/** A note over the plot when something is missing, so it is never silently blank. */
function missingNote(field: FieldSnapshot | null, view: ViewName): string | null {
  if (!field) return 'waiting for the model…';
  if (view === 'certificate' && !field.distance) return 'true distance to the boundary: computing…';
  return null;
}

/** The decision plot of one model: heatmap of `view`, contours, boundary, points, hover readout and legend. */
export function DecisionPlot(props: DecisionPlotProps) {
  const { field, dataset, view, levelSpacing, onLevelSpacing, showTest, sizePx, fitHeightPx, large = false, legend = true, compactLegend = false, onHover, label, drawing, sharedScale } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGGElement>(null);
  const boundaryRef = useRef<SVGGElement>(null);
  const pointsRef = useRef<SVGGElement>(null);
  const pointsCanvasRef = useRef<HTMLCanvasElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const measured = useElementWidth(boxRef);
  const legendHeight = useElementHeight(legendRef);
  // The plot is about as tall as it is wide (a square plus margins): fit it above the legend or, in a
  // frame wider than tall (presentation mode, big screens), beside it.
  const sidePx = compactLegend ? COMPACT_SIDE_LEGEND_PX : SIDE_LEGEND_PX;
  const sideLegend = legend && fitHeightPx !== undefined && measured - fitHeightPx >= sidePx;
  const style = useMemo(() => plotStyle(large), [large]);
  const margin = useMemo(() => plotMargins(style.fontPx), [style]);
  // The compact legend's frame is bound by height: the plot takes all of it (its side margins are wider
  // than its top and bottom ones). The full app keeps its square estimate.
  const heightToWidth = compactLegend ? margin.left + margin.right - margin.top - margin.bottom : 0;
  const fitted = !fitHeightPx
    ? measured
    : sideLegend
      ? Math.max(MIN_FIT_PX, Math.min(fitHeightPx + heightToWidth, measured - sidePx))
      : Math.max(MIN_FIT_PX, Math.min(measured, fitHeightPx - legendHeight - 8));
  const width = sizePx ?? fitted;
  const domain = field?.domain ?? dataset?.domain ?? FALLBACK_DOMAIN;
  const { xMin, xMax, yMin, yMax } = domain;

  const geometry = useMemo(() => squareGeometry({ xMin, xMax, yMin, yMax }, width, margin), [xMin, xMax, yMin, yMax, width, margin]);

  const layer = useMemo(() => (field ? heatmapLayer(field, view, sharedScale) : null), [field, view, sharedScale]);
  const families = useMemo(() => (field ? contourFamilies(field, view, levelSpacing) : []), [field, view, levelSpacing]);
  const drawnSpacing = families.length > 0 ? families[0].spacing : null;
  useEffect(() => onLevelSpacing?.(drawnSpacing), [drawnSpacing, onLevelSpacing]);
  const clipId = `dpclip${useId().replace(/[^a-zA-Z0-9]/g, '')}`;

  useEffect(() => {
    // Heatmap and contour lines share one canvas: one bitmap changed per snapshot (see drawContours).
    const ctx = canvasRef.current ? drawHeatmap(canvasRef.current, geometry, geometry.domain, layer, field?.gridNodes ?? 2) : null;
    if (ctx) drawContours(ctx, families, geometry, style);
  }, [geometry, layer, field?.gridNodes, families, style]);
  useEffect(() => {
    if (axesRef.current) drawAxes(axesRef.current, geometry, style);
  }, [geometry, style]);
  useEffect(() => {
    if (boundaryRef.current) drawBoundary(boundaryRef.current, field?.boundary ?? null, geometry, style);
  }, [field?.boundary, geometry, style]);
  useEffect(() => {
    if (pointsRef.current) drawPoints(pointsRef.current, pointsCanvasRef.current, dataset, geometry, showTest, style);
  }, [dataset, geometry, showTest, style]);

  const [ownHover, setOwnHover] = useState<DataPoint | null>(null);
  const shared = props.onHoverPoint !== undefined;
  const hover = shared ? (props.hoverPoint ?? null) : ownHover;
  const setHover = shared ? props.onHoverPoint! : setOwnHover;
  const info = useMemo(() => (hover ? hoverInfo(field, hover) : null), [field, hover]);
  useEffect(() => onHover?.(info), [info, onHover]);

  const toData = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return pixelToData(geometry, { px: e.clientX - box.left, py: e.clientY - box.top });
  };
  const pointer = (e: PointerEvent<SVGSVGElement>, p: DataPoint): PlotPointer => ({
    p,
    shiftKey: e.shiftKey,
    button: e.button,
    dataPerPx: (xMax - xMin) / geometry.innerPx,
  });
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    const p = toData(e);
    const inside = inDomain(geometry.domain, p);
    setHover(inside ? p : null);
    if (drawing && inside) drawing.onPointer('move', pointer(e, p));
  };
  const onDown = (e: PointerEvent<SVGSVGElement>) => {
    const p = toData(e);
    if (!drawing && props.onClickPoint && e.button === 0 && inDomain(geometry.domain, p)) props.onClickPoint(p);
    if (!drawing || !inDomain(geometry.domain, p) || (e.button !== 0 && e.button !== 2)) return;
    e.preventDefault(); // no text selection while painting
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.onPointer('down', pointer(e, p));
  };

  // Before the first snapshot the legend names the menu's spacing, so its text (and height, and with it
  // the plot's size) does not change when the snapshot arrives.
  const spacing: Partial<Record<ContourKind, number>> = field ? {} : view === 'f' ? { level: levelSpacing } : view === 'certificate' ? { radius: levelSpacing, distance: levelSpacing } : {};
  for (const f of families) spacing[f.kind] = f.spacing;
  const note = props.note !== undefined ? props.note : missingNote(field, view);
  const clip = geometry.x(xMax) - geometry.x(xMin);

  return (
    <figure
      className={`decision-plot${large ? ' decision-plot-large' : ''}${sideLegend ? ' decision-plot-side-legend' : ''}${sideLegend && compactLegend ? ' decision-plot-compact-legend' : ''}`}
      ref={boxRef}
      style={sizePx || fitHeightPx ? { width: sizePx ?? '100%' } : undefined}
      data-field-step={field?.step}
      data-field-nodes={field?.gridNodes}
    >
      <div className="dp-stage" style={{ width: geometry.widthPx, height: geometry.heightPx }}>
        <canvas ref={canvasRef} className="dp-canvas" style={{ width: geometry.widthPx, height: geometry.heightPx }} />
        <canvas ref={pointsCanvasRef} className="dp-canvas dp-points" style={{ width: geometry.widthPx, height: geometry.heightPx }} />
        <svg
          className="dp-overlay"
          width={geometry.widthPx}
          height={geometry.heightPx}
          role="img"
          aria-label={label ?? `decision plot, view ${view}`}
          style={drawing ? { cursor: 'crosshair', touchAction: 'none' } : props.onClickPoint ? { cursor: 'pointer' } : undefined}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
          onPointerDown={onDown}
          onPointerUp={drawing ? () => drawing.onPointer('up', null) : undefined}
          onPointerCancel={drawing ? () => drawing.onPointer('cancel', null) : undefined}
          onContextMenu={drawing ? (e) => e.preventDefault() : undefined}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={geometry.x(xMin)} y={geometry.y(yMax)} width={clip} height={geometry.y(yMin) - geometry.y(yMax)} />
            </clipPath>
          </defs>
          <g ref={boundaryRef} clipPath={`url(#${clipId})`} />
          <g ref={axesRef} className="dp-axes" />
          <g ref={pointsRef} />
          {info && !drawing && (
            <g clipPath={`url(#${clipId})`}>
              <HoverCircle info={info} geometry={geometry} />
            </g>
          )}
          {props.attack && !drawing && (
            <g className="dp-attack" clipPath={`url(#${clipId})`} pointerEvents="none">
              <AttackOverlay attack={props.attack} geometry={geometry} />
            </g>
          )}
          {drawing && (
            <g className="dp-drawing" clipPath={`url(#${clipId})`} pointerEvents="none">
              {drawing.pending.map(([x, y, l], i) => (
                <circle key={i} cx={geometry.x(x)} cy={geometry.y(y)} r={style.pointRadiusPx} fill={classColor(l)} stroke="#ffffff" strokeWidth={style.pointRadiusPx * 0.33} />
              ))}
              {hover && drawing.eraserPx > 0 && (
                <circle cx={geometry.x(hover.x)} cy={geometry.y(hover.y)} r={drawing.eraserPx} fill="rgba(255,255,255,0.25)" stroke="#333333" strokeDasharray="3 2" />
              )}
            </g>
          )}
        </svg>
        {note && (
          <div className="dp-note" style={{ left: geometry.margin.left, width: geometry.innerPx, top: geometry.margin.top + 8 }}>
            {note}
          </div>
        )}
        {info && field && <HoverTooltip info={info} geometry={geometry} view={view} lipschitzBound={field.lipschitzBound} />}
      </div>
      {legend && (
        <div ref={legendRef}>
        <PlotLegend
          view={view}
          colormap={layer?.colormap ?? null}
          spacing={spacing}
          lipschitzBound={field?.lipschitzBound ?? null}
          showTest={showTest}
          large={large}
          widthPx={sideLegend ? sidePx - 16 : fitHeightPx ? Math.max(measured, geometry.widthPx) : geometry.widthPx}
        />
        </div>
      )}
    </figure>
  );
}

const ATTACK_COLOR = '#d0103a';

/**
 * The attack on one point: the certified radius |f| / L_bound as a dashed circle around it, the search's
 * path, the straight segment to the flip point and the flip point itself (a cross). For a sound certificate
 * the cross lies outside the circle.
 */
function AttackOverlay({ attack, geometry }: { attack: PointAttack; geometry: ReturnType<typeof squareGeometry> }) {
  const [x, y] = attack.point;
  const pxPerUnit = geometry.x(1) - geometry.x(0);
  const radius = Number.isFinite(attack.lipschitzBound) && attack.lipschitzBound > 0 ? Math.abs(attack.f) / attack.lipschitzBound : NaN;
  const path = attack.path.map(([px, py]) => `${geometry.x(px)},${geometry.y(py)}`).join(' ');
  const flip = attack.flipPoint;
  const cross = 5;
  return (
    <>
      {Number.isFinite(radius) && (
        <circle cx={geometry.x(x)} cy={geometry.y(y)} r={radius * pxPerUnit} fill="rgba(255,255,255,0.25)" stroke="#111111" strokeWidth={1.5} strokeDasharray="5 3" />
      )}
      <polyline points={path} fill="none" stroke={ATTACK_COLOR} strokeWidth={1.5} strokeOpacity={0.7} />
      {flip && <line x1={geometry.x(x)} y1={geometry.y(y)} x2={geometry.x(flip[0])} y2={geometry.y(flip[1])} stroke={ATTACK_COLOR} strokeWidth={2.5} />}
      <circle cx={geometry.x(x)} cy={geometry.y(y)} r={4} fill="#111111" stroke="#ffffff" strokeWidth={1.5} />
      {flip && (
        <path
          d={`M${geometry.x(flip[0]) - cross},${geometry.y(flip[1]) - cross}L${geometry.x(flip[0]) + cross},${geometry.y(flip[1]) + cross}M${geometry.x(flip[0]) - cross},${geometry.y(flip[1]) + cross}L${geometry.x(flip[0]) + cross},${geometry.y(flip[1]) - cross}`}
          stroke={ATTACK_COLOR}
          strokeWidth={3}
        />
      )}
    </>
  );
}
