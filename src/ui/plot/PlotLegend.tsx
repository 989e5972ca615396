/**
 * The decision plot's legend, per view: the colour bar with numbers, what each line style means, and the
 * point markers. Everything it says is drawn with the same constants as the plot itself.
 */
import type { ViewName } from '../../core/view';
import type { ReactNode } from 'react';
import { CLASS_COLORS, makeColormap, type Colormap } from './colormaps';
import { ColorBar, formatTick } from './ColorBar';
import { BOUNDARY_COLOR, CONTOUR_STROKES } from './drawOverlay';
import type { ContourKind } from './viewData';

export interface PlotLegendProps {
  view: ViewName;
  colormap: Colormap | null;
  /** Spacing of the drawn contour lines per family (may be a multiple of the requested one). */
  spacing: Partial<Record<ContourKind, number>>;
  lipschitzBound: number | null;
  showTest: boolean;
  large?: boolean;
  widthPx: number;
}

function LineSwatch({ kind, large }: { kind: ContourKind | 'boundary'; large: boolean }) {
  const w = large ? 44 : 32;
  const h = large ? 18 : 14;
  const y = h / 2;
  if (kind === 'boundary') {
    return (
      <svg width={w} height={h} aria-hidden="true">
        <line x1={2} x2={w - 2} y1={y} y2={y} stroke={BOUNDARY_COLOR} strokeWidth={large ? 4.5 : 3} strokeLinecap="round" />
      </svg>
    );
  }
  const s = CONTOUR_STROKES[kind];
  return (
    <svg width={w} height={h} aria-hidden="true">
      <rect width={w} height={h} rx={3} fill="#e9ecf1" />
      {s.halo && <line x1={3} x2={w - 3} y1={y} y2={y} stroke={s.halo} strokeOpacity={0.55} strokeWidth={large ? 5 : 4} />}
      <line x1={3} x2={w - 3} y1={y} y2={y} stroke={s.color} strokeOpacity={s.opacity} strokeWidth={large ? 2.5 : 1.7} strokeDasharray={s.dash ?? undefined} />
    </svg>
  );
}

function PointSwatch({ label, test, large }: { label: -1 | 1; test: boolean; large: boolean }) {
  const r = large ? 6.5 : 4.5;
  const color = label > 0 ? CLASS_COLORS.positive : CLASS_COLORS.negative;
  return (
    <svg width={2 * r + 6} height={2 * r + 6} aria-hidden="true">
      {test ? (
        <circle cx={r + 3} cy={r + 3} r={r * 0.95} fill="#fff" stroke={color} strokeWidth={r * 0.55} />
      ) : (
        <circle cx={r + 3} cy={r + 3} r={r} fill={color} stroke="#fff" strokeWidth={r * 0.33} />
      )}
    </svg>
  );
}

function Item({ swatch, children }: { swatch: ReactNode; children: ReactNode }) {
  return (
    <li className="legend-item">
      <span className="legend-swatch">{swatch}</span>
      <span>{children}</span>
    </li>
  );
}

/** The colour bar's red notch at |∇f| = 1 (ColorBar's mark colour). */
function MarkSwatch({ large }: { large: boolean }) {
  const h = large ? 18 : 14;
  return (
    <svg width={large ? 44 : 32} height={h} aria-hidden="true">
      <line x1={large ? 22 : 16} x2={large ? 22 : 16} y1={1} y2={h - 1} stroke="#d0103a" strokeWidth={2.5} />
    </svg>
  );
}

const GRADIENT_MARK = '| 1: max for 1-Lipschitz nets';
/** Below this width the gradient bar's mark text would run into its label. */
const NARROW_BAR_PX = 240;

const PLACEHOLDER_COLORMAP = makeColormap(() => '#ffffff', -1, 1);

const spacingText = (s: number | undefined) => (s === undefined ? '' : `, every ${formatTick(s)}`);

/** The legend of a decision plot for `view`: colour bar, line styles, point markers. */
export function PlotLegend({ view, colormap: given, spacing, lipschitzBound, showTest, large = false, widthPx }: PlotLegendProps) {
  const L = lipschitzBound === null ? '' : ` (L = ${formatTick(lipschitzBound)})`;
  // A narrow bar (the embed's compact legend) has no room for the mark's text beside its label: the text
  // goes to the list of items instead.
  const narrow = widthPx < NARROW_BAR_PX;
  // Before the first snapshot (or on a blank drawing canvas) the bar's place is kept, invisible, so the
  // plot above does not shrink when the first field arrives.
  const colormap = given ?? PLACEHOLDER_COLORMAP;
  const bar =
    view === 'f' ? (
      <ColorBar colormap={colormap} label="f(x)" widthPx={widthPx} large={large} endLabels={['class −1 (f < 0)', 'class +1 (f > 0)']} />
    ) : view === 'certificate' ? (
      <ColorBar
        colormap={colormap}
        label="tightness |f| / (L·dist)"
        widthPx={widthPx}
        large={large}
        endLabels={['loose', 'tight: f is the signed distance']}
      />
    ) : (
      <ColorBar
        colormap={colormap}
        label="gradient norm |∇f|"
        widthPx={widthPx}
        large={large}
        marks={[{ value: 1, text: narrow ? '' : GRADIENT_MARK }]}
      />
    );
  return (
    <div className={`plot-legend${large ? ' plot-legend-large' : ''}`} style={{ width: widthPx }}>
      {given ? bar : <div style={{ visibility: 'hidden' }} aria-hidden="true">{bar}</div>}
      <ul className="legend-items">
        {view === 'f' && (
          <Item swatch={<LineSwatch kind="level" large={large} />}>level sets of f{spacingText(spacing.level)}</Item>
        )}
        {view === 'certificate' && (
          <>
            <Item swatch={<LineSwatch kind="radius" large={large} />}>
              certified radius |f|/L{spacingText(spacing.radius)}{L}
            </Item>
            <Item swatch={<LineSwatch kind="distance" large={large} />}>
              true distance to the boundary{spacingText(spacing.distance ?? spacing.radius)}
            </Item>
          </>
        )}
        {view === 'gradient' && narrow && <Item swatch={<MarkSwatch large={large} />}>{GRADIENT_MARK.slice(2)}</Item>}
        <Item swatch={<LineSwatch kind="boundary" large={large} />}>decision boundary f = 0</Item>
        <Item
          swatch={
            <>
              <PointSwatch label={-1} test={false} large={large} />
              <PointSwatch label={1} test={false} large={large} />
            </>
          }
        >
          training points, class −1 / +1
        </Item>
        {showTest && (
          <Item
            swatch={
              <>
                <PointSwatch label={-1} test large={large} />
                <PointSwatch label={1} test large={large} />
              </>
            }
          >
            test points
          </Item>
        )}
      </ul>
    </div>
  );
}
