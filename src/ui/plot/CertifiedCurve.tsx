/**
 * Certified accuracy against the radius eps (fraction of points with y f(x) / L_bound > eps), from the
 * field snapshot's curve. At eps = 0 it is the clean accuracy.
 */
import { useMemo } from 'react';
import type { FieldSnapshot } from '../../worker/protocol';
import { LineChart, type LineSeries } from './LineChart';

export interface CertifiedCurveProps {
  field: FieldSnapshot | null;
  large?: boolean;
  widthPx?: number;
  heightPx?: number;
  color?: string;
}

/** Certified accuracy in [0, 1] against eps, from field.certified; notes the clean accuracy and the point set. */
export function CertifiedCurve({ field, large = false, widthPx, heightPx, color = '#1f5fa8' }: CertifiedCurveProps) {
  const series = useMemo((): LineSeries[] => {
    const c = field?.certified;
    const points = c ? c.eps.map((e, k): [number, number] => [e, c.accuracy[k]]) : [];
    return [{ name: 'certified accuracy', color, points }];
  }, [field, color]);
  const on = field?.certified.on === 'train' ? 'training points' : 'test points';
  const clean = field?.certified.accuracy[0];
  const title = `Certified accuracy (${on})${clean !== undefined && Number.isFinite(clean) ? ` · clean ${(clean * 100).toFixed(1)}%` : ''}`;
  return (
    <LineChart
      title={title}
      series={series}
      xLabel="radius ε"
      yLabel="certified accuracy"
      yDomain={[0, 1]}
      large={large}
      widthPx={widthPx}
      heightPx={heightPx ?? (large ? 260 : 190)}
      emptyText="waiting for the model…"
    />
  );
}
