/**
 * What an attack on a point says about the certificate, in words: the flip distance found, the certified
 * radius |f| / L_bound and their ratio. A sound certificate never exceeds the flip distance (ratio >= 1):
 * for a 1-Lipschitz net the ratio is near 1 where f is close to a distance, for a standard net the bound
 * is loose and the ratio large.
 */
import type { PointAttack } from '../worker/protocol';
import { formatSignificant } from './controls/format';

export interface AttackReading {
  distance: number | null;
  radius: number;
  /** distance / radius; NaN when either is unknown or the radius is 0. */
  ratio: number;
  text: string;
}

export function readAttack(attack: PointAttack): AttackReading {
  const usable = Number.isFinite(attack.lipschitzBound) && attack.lipschitzBound > 0 && Number.isFinite(attack.f);
  const radius = usable ? Math.abs(attack.f) / attack.lipschitzBound : NaN;
  const distance = attack.flipped ? attack.distance : null;
  const ratio = distance !== null && radius > 0 ? distance / radius : NaN;
  const r = Number.isFinite(radius) ? formatSignificant(radius, 3) : '—';
  if (distance === null) {
    return { distance, radius, ratio, text: `no flip found in the plot's box within the budget; certified radius ${r}` };
  }
  const d = formatSignificant(distance, 3);
  const verdict = !Number.isFinite(ratio)
    ? ''
    : ratio >= 1
      ? ratio < 1.5
        ? ': the certificate is nearly tight'
        : ratio < 3
          ? ': the certificate holds'
          : ': the certificate holds but is loose'
      : ': below 1, which a sound certificate never gives';
  return { distance, radius, ratio, text: `flip at ${d}, certified radius ${r}, ratio ${Number.isFinite(ratio) ? formatSignificant(ratio, 3) : '—'}${verdict}` };
}
