/**
 * Maxima and extents of arrays of numbers, with their NaN rules named: `maxOf` propagates NaN (for numbers
 * that are reported: a broken model never hides behind a finite maximum), `maxFinite` and `finiteExtent`
 * skip non-finite values (for drawing: the range a colour scale or a set of contour levels can span).
 */

/**
 * The largest value, with one rule: NaN anywhere -> NaN, so a diverged model's NaN is reported, never
 * hidden behind the maximum of its other values. +-Infinity are ordinary values (an infinite maximum is
 * a true one). Empty -> -Infinity (the identity of max: `Math.max(a, maxOf([]))` is a; clamp with
 * `Math.max(0, maxOf(v))` where "no sample" should read 0, which keeps NaN).
 */
export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > m) m = v;
    else if (v !== v) return NaN; // NaN compares false with everything
  }
  return m;
}

/**
 * The largest FINITE value: NaN and +-Infinity are skipped. -Infinity when no value is finite (empty
 * included). For drawing extents only; a reported maximum should use `maxOf`.
 */
export function maxFinite(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > m && v !== Infinity) m = v;
  }
  return m;
}

/**
 * [min, max] over the FINITE values: NaN and +-Infinity are skipped. [NaN, NaN] when no value is finite
 * (empty included), so a caller cannot mistake "nothing to draw" for a range. For drawing extents only.
 */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}
