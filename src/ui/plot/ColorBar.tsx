/**
 * A horizontal colour bar with numbered ticks, for the decision plot's legend: the colour map's gradient,
 * d3's nice ticks below it, and optional marked values (e.g. 1 for gradient norms) drawn as a notch.
 */
import { useId } from 'react';
import { scaleLinear, type ScaleLinear } from 'd3';
import { textWidth } from './textWidth';
import type { Colormap } from './colormaps';

export interface ColorBarProps {
  colormap: Colormap;
  /** What the colour stands for, e.g. "f(x)". */
  label: string;
  widthPx: number;
  large?: boolean;
  /** Values to call out with a red notch on the bar and a short red text (top right, or under the label when it does not fit beside it). */
  marks?: { value: number; text: string }[];
  /** Words under the two ends, e.g. ["class −1", "class +1"]. */
  endLabels?: [string, string];
}

const STOPS = 24;
const MARK_COLOR = '#d0103a';

/** Formats a tick value compactly (at most 3 significant digits, no trailing zeros). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const s = Math.abs(v) >= 1000 || Math.abs(v) < 0.01 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
  return s.replace('-', '−');
}

/** Nice ticks, fewer than `count` when their labels would not fit side by side (half an em between). */
function fittingTicks(scale: ScaleLinear<number, number>, count: number, fontPx: number): number[] {
  for (let c = count; c > 2; c--) {
    const ticks = scale.ticks(c);
    const widest = Math.max(0, ...ticks.map((t) => textWidth(formatTick(t), fontPx)));
    const closest = Math.min(Infinity, ...ticks.slice(1).map((t, i) => scale(t) - scale(ticks[i])));
    if (closest >= widest + fontPx / 2) return ticks;
  }
  return scale.ticks(2);
}

/** A colour bar of `colormap` over [min, max] with nice numbered ticks. */
export function ColorBar({ colormap, label, widthPx, large = false, marks = [], endLabels }: ColorBarProps) {
  const id = `cb${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const font = large ? 18 : 12;
  const barH = large ? 18 : 12;
  const pad = font * 1.6;
  // The marks' texts share the label's line when they fit beside it, else each takes a line of its own.
  const shown = marks.filter((m) => m.value >= colormap.min && m.value <= colormap.max);
  const markFont = font * 0.9;
  const widestMark = Math.max(0, ...shown.map((m) => textWidth(m.text, markFont, true)));
  const marksInline = textWidth(label, font, true) + font + widestMark <= widthPx - 2 * pad;
  const markLines = marksInline ? 0 : shown.filter((m) => m.text).length;
  const top = font * 1.5 + markLines * font * 1.3;
  const scale = scaleLinear().domain([colormap.min, colormap.max]).range([pad, widthPx - pad]);
  const ticks = fittingTicks(scale, widthPx > 260 ? 5 : 3, font);
  // The end labels share one line when they fit, else take one line each.
  const endFont = font * 0.9;
  const endsFit = !endLabels || textWidth(endLabels[0], endFont) + textWidth(endLabels[1], endFont) + 2 * endFont <= widthPx - 2 * pad;
  const endLines = !endLabels ? 0 : endsFit ? 1 : 2;
  const height = top + barH + font * 1.5 + endLines * font * 1.3 + 2;
  return (
    <svg className="color-bar" width={widthPx} height={height} role="img" aria-label={`colour scale: ${label}`}>
      <defs>
        <linearGradient id={id} x1="0" x2="1" y1="0" y2="0">
          {Array.from({ length: STOPS + 1 }, (_, k) => (
            <stop key={k} offset={k / STOPS} stopColor={colormap.interpolator(k / STOPS)} />
          ))}
        </linearGradient>
      </defs>
      <text x={pad} y={font} fontSize={font} fontWeight={600} className="color-bar-label">
        {label}
      </text>
      <rect x={pad} y={top} width={widthPx - 2 * pad} height={barH} fill={`url(#${id})`} stroke="#9aa1ad" strokeWidth={0.5} />
      {ticks.map((t) => (
        <g key={t} transform={`translate(${scale(t)},${top + barH})`}>
          <line y2={4} stroke="#5b6475" />
          <text y={4 + font} textAnchor="middle" fontSize={font} fill="#1d2330">
            {formatTick(t)}
          </text>
        </g>
      ))}
      {shown.map((m, k) => (
        <g key={m.text}>
          <line x1={scale(m.value)} x2={scale(m.value)} y1={top - 3} y2={top + barH + 3} stroke={MARK_COLOR} strokeWidth={2.5} />
          <text
            x={marksInline ? widthPx - pad : pad}
            y={marksInline ? font : font + (k + 1) * font * 1.3}
            textAnchor={marksInline ? 'end' : 'start'}
            fontSize={markFont}
            fill={MARK_COLOR}
            fontWeight={600}
          >
            {m.text}
          </text>
        </g>
      ))}
      {endLabels && (
        <g fontSize={endFont} fill="#5b6475">
          <text x={pad} y={height - 3 - (endsFit ? 0 : font * 1.3)}>
            {endLabels[0]}
          </text>
          <text x={widthPx - pad} y={height - 3} textAnchor="end">
            {endLabels[1]}
          </text>
        </g>
      )}
    </svg>
  );
}
