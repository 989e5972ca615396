/**
 * Certified accuracy against the radius eps (fraction of points with y f(x) / L_bound > eps), from the
 * field snapshot's curve. At eps = 0 it is the clean accuracy.
 */
import { useMemo } from 'react';
import { clipToX, fixedEpsMax } from './chartData';
import { FEW_TEST_POINTS } from '../controls/testSet';
import type { FieldSnapshot } from '../../worker/protocol';
import { LineChart, type LineSeries } from './LineChart';

export interface CertifiedCurveProps {
  field: FieldSnapshot | null;
  large?: boolean;
  widthPx?: number;
  heightPx?: number;
  color?: string;
  /** Keep the eps axis at [0, fixedEpsMax(domain)] instead of following the curve's extent. */
  fixedAxis?: boolean;
  /** The plot's domain before the first snapshot (the dataset's), so the fixed axis never moves. */
  domain?: { xMin: number; xMax: number } | null;
  /** The run's number of test points, when known: a curve over a handful of them says so in its title. */
  testCount?: number | null;
  /** The data's geometric ceiling, drawn dashed (needs the fixed axis, which bounds its extent). */
  ceiling?: LineSeries | null;
  /** Which curve: certified radii (sound), or the paper's raw-margin axis (y f > eps; not a radius). */
  axis?: EpsAxis;
}

export type EpsAxis = 'sound' | 'paper';

/** The x-axis label of each eps axis, saying what it measures. */
export const EPS_AXIS_LABELS: Record<EpsAxis, string> = {
  sound: 'radius ε',
  paper: "the paper's axis: raw margin y f > ε (not a radius)",
};

/** Certified accuracy in [0, 1] against eps, from field.certified; notes the clean accuracy and the point set. */
export function CertifiedCurve({ field, large = false, widthPx, heightPx, color = '#1f5fa8', fixedAxis = false, domain = null, testCount = null, ceiling = null, axis = 'sound' }: CertifiedCurveProps) {
  const shownDomain = field?.domain ?? domain;
  const epsMax = shownDomain && fixedAxis ? fixedEpsMax(shownDomain) : null;
  const series = useMemo((): LineSeries[] => {
    const c = field ? (axis === 'paper' ? field.paperAxis : field.certified) : null;
    const points = c ? c.eps.map((e, k): [number, number] => [e, c.accuracy[k]]) : [];
    if (epsMax === null) return [{ name: 'certified accuracy', color, points }];
    const shown = clipToX(points, epsMax);
    // Past the largest certified radius the accuracy is 0: carry the curve to the end of the fixed axis.
    const last = shown.at(-1);
    if (last && last[1] === 0 && last[0] < epsMax) shown.push([epsMax, 0]);
    const curve: LineSeries = { name: axis === 'paper' ? "accuracy on the paper's axis" : 'certified accuracy', color, points: shown };
    return ceiling ? [curve, ceiling] : [curve];
  }, [field, color, epsMax, ceiling, axis]);
  const xDomain = useMemo((): [number, number] | undefined => (epsMax === null ? undefined : [0, epsMax]), [epsMax]);
  const few = testCount !== null && testCount > 0 && testCount < FEW_TEST_POINTS;
  const on = field?.certified.on === 'train' ? 'training points' : few ? `only ${testCount} test point${testCount === 1 ? '' : 's'}` : 'test points';
  const clean = field?.certified.accuracy[0];
  const title = `Certified accuracy (${on})${clean !== undefined && Number.isFinite(clean) ? ` · clean ${(clean * 100).toFixed(1)}%` : ''}`;
  return (
    <LineChart
      title={title}
      series={series}
      xLabel={EPS_AXIS_LABELS[axis]}
      yLabel={axis === 'paper' ? 'fraction with y f > ε' : 'certified accuracy'}
      yDomain={[0, 1]}
      xDomain={xDomain}
      large={large}
      widthPx={widthPx}
      heightPx={heightPx ?? (large ? 260 : 190)}
      emptyText="waiting for the model…"
    />
  );
}
