/**
 * Numbers as people type and read them, shared by the URL codec (app/url.ts) and the sweep syntax
 * (core/sweep.ts) so a value reads and prints the same in a link, a sweep and a panel's name.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number as typed (no hex, no Infinity, no NaN); `-0` reads as 0; undefined otherwise. */
export function readNumber(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return v === 0 ? 0 : v;
}

/** The printed form of a number: at most 12 significant digits, shortest form, no `-0`. */
export function formatNumber(x: number): string {
  const v = Number(x.toPrecision(12));
  return v === 0 ? '0' : String(v);
}
