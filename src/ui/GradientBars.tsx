/**
 * A tiny histogram of |grad f| / L over the data points (FieldSnapshot.gradientOnData): ten bars over
 * [0, 1] and one after a gap for the points above 1. A gradient-norm-preserving net piles up at the right
 * end; AOL, SLL and CPL (and most standard nets) spread to the left. Drawn with plain SVG rectangles.
 */
import type { GradientHistogram } from '../analysis/gradientHistogram';

const BAR_PX = 4;
const GAP_PX = 1;
const HEIGHT_PX = 12;

export function GradientBars({ histogram }: { histogram: GradientHistogram }) {
  const bars = [...histogram.fractions, histogram.above];
  const tallest = Math.max(...bars, 1e-9);
  const width = bars.length * (BAR_PX + GAP_PX) + 2;
  const described = `|∇f| / L over the data: ${histogram.fractions
    .map((f, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${Math.round(100 * f)}%`)
    .join(', ')}; above 1: ${Math.round(100 * histogram.above)}%`;
  return (
    <svg className="cmp-bars" width={width} height={HEIGHT_PX} role="img" aria-label={described} viewBox={`0 0 ${width} ${HEIGHT_PX}`}>
      <title>{described}</title>
      {bars.map((f, i) => {
        const h = f > 0 ? Math.max(1, (f / tallest) * HEIGHT_PX) : 0;
        // The bar for "above 1" sits after a gap, in another colour: it is not part of [0, 1].
        const x = i * (BAR_PX + GAP_PX) + (i === bars.length - 1 ? 2 : 0);
        return <rect key={i} x={x} y={HEIGHT_PX - h} width={BAR_PX} height={h} className={i === bars.length - 1 ? 'cmp-bar-above' : 'cmp-bar'} />;
      })}
    </svg>
  );
}
