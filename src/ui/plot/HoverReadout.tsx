/**
 * What the decision plot shows under the mouse: a circle of the certified radius around the cursor (in data
 * units, so it is round because the scales are equal) and a tooltip with x, y, f(x) and the radius.
 */
import type { ViewName } from '../../core/view';
import { formatTick } from './ColorBar';
import { dataToPixel, lengthToPx, type PlotGeometry } from './scales';
import type { HoverInfo } from './viewData';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3).replace('-', '−') : '—');

/** The certified-radius circle and a dot at the cursor (SVG; render inside the plot's <svg>). */
export function HoverCircle({ info, geometry }: { info: HoverInfo; geometry: PlotGeometry }) {
  const c = dataToPixel(geometry, info);
  const r = lengthToPx(geometry, info.radius);
  return (
    <g className="hover-circle" pointerEvents="none">
      {Number.isFinite(r) && r > 0 && (
        <>
          <circle cx={c.px} cy={c.py} r={r} fill="rgba(255,255,255,0.12)" stroke="#ffffff" strokeWidth={4} strokeOpacity={0.7} />
          <circle cx={c.px} cy={c.py} r={r} fill="none" stroke="#d0103a" strokeWidth={2} />
        </>
      )}
      <circle cx={c.px} cy={c.py} r={3} fill="#d0103a" stroke="#fff" strokeWidth={1} />
    </g>
  );
}

export interface HoverTooltipProps {
  info: HoverInfo;
  geometry: PlotGeometry;
  view: ViewName;
  lipschitzBound: number | null;
}

/** The tooltip box (HTML, absolutely positioned in the plot stage), kept inside the plot. */
export function HoverTooltip({ info, geometry, view, lipschitzBound }: HoverTooltipProps) {
  const c = dataToPixel(geometry, info);
  const right = c.px > geometry.widthPx * 0.5;
  const below = c.py < geometry.heightPx * 0.3;
  const style = {
    left: right ? undefined : c.px + 16,
    right: right ? geometry.widthPx - c.px + 16 : undefined,
    top: below ? c.py + 16 : undefined,
    bottom: below ? undefined : geometry.heightPx - c.py + 16,
  };
  const tightness = info.distance !== null && info.distance > 0 ? info.radius / info.distance : NaN;
  return (
    <div className="plot-tooltip" style={style} role="status">
      <div>
        x = {fmt(info.x)}, y = {fmt(info.y)}
      </div>
      <div>
        f(x) = <b>{fmt(info.f)}</b>
      </div>
      <div>
        certified radius |f|/L = <b>{fmt(info.radius)}</b>
        {lipschitzBound !== null && <span className="tooltip-aside"> (L = {formatTick(lipschitzBound)})</span>}
      </div>
      {view === 'certificate' && info.distance !== null && (
        <>
          <div>distance to boundary = {fmt(info.distance)}</div>
          <div>tightness = {fmt(Math.min(1, tightness))}</div>
        </>
      )}
      {view === 'gradient' && info.gradientNorm !== null && <div>|∇f| = {fmt(info.gradientNorm)}</div>}
    </div>
  );
}
