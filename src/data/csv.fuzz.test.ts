/**
 * Property-based fuzzing of the CSV reader and writer (issue 10, hardening). parseCsvPoints never throws;
 * every point it returns is a valid user point (finite in float32, within ±10000); it reads exactly the
 * good rows and names exactly the bad lines; points -> CSV -> points is exact in float32.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseConfig, type LabelledPoint } from '../core/config';
import type { PointSet } from '../core/geometry';
import { hostileNumber, hostileNumberText, hostileText, UNSEEN } from '../testing/arbitraries';
import { parseCsvPoints, pointsToCsv } from './csv';

function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** What any result must be: valid user points (data.points takes them with no issue) and short, one-line errors. */
function expectSound({ points, errors }: { points: LabelledPoint[]; errors: string[] }, lineCount: number): void {
  const { max } = LIMITS.coordinate;
  for (const [x, y, label] of points) {
    check(Math.abs(x) <= max && Math.abs(y) <= max && (label === 1 || label === -1) && !Object.is(x, -0) && !Object.is(y, -0), () => `point ${x}, ${y}, ${label}`);
  }
  if (points.length > 0) expect(parseConfig({ data: { name: 'user', points } }).issues).toEqual([]);
  let previous = 0;
  for (const e of errors) {
    const line = Number(/^line (\d+): /.exec(e)?.[1]);
    check(line > previous && line <= lineCount, () => `error ${JSON.stringify(e.slice(0, 100))} after line ${previous} of ${lineCount}`);
    check(e.length < 200 && !UNSEEN.test(e), () => `error ${JSON.stringify(e)}`);
    previous = line;
  }
}

const lineCount = (text: string) => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;

/** A good number as CSV writers write it, for a value within the coordinate limits. */
const goodCoordinate: fc.Arbitrary<{ text: string; value: number }> = fc
  .tuple(fc.double({ min: LIMITS.coordinate.min, max: LIMITS.coordinate.max, noNaN: true }), fc.constantFrom('plain', 'exp', 'fixed', 'plus'))
  .map(([v, style]) => {
    const text = style === 'exp' ? v.toExponential() : style === 'fixed' ? v.toFixed(3) : style === 'plus' && v >= 0 ? `+${v}` : String(v);
    const value = Number(text);
    return { text, value: value === 0 ? 0 : value };
  })
  .filter(({ value }) => Math.abs(value) <= LIMITS.coordinate.max);

/** Whether the reader takes `text` as a coordinate: a plain decimal (spaces around it allowed) within the limits. */
function isGoodCoordinate(text: string): boolean {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && Math.abs(Number(t)) <= LIMITS.coordinate.max;
}

type Row = { kind: 'good'; text: string; point: LabelledPoint } | { kind: 'bad'; text: string } | { kind: 'blank'; text: string };

/** One row: good (any separator, spacing, label spelling), bad (beyond float32, out of range, not numbers, wrong arity), or blank. */
const row: fc.Arbitrary<Row> = fc.oneof(
  {
    arbitrary: fc
      .tuple(goodCoordinate, goodCoordinate, fc.constantFrom('1', '+1', '0', '-1', '1.0', '1e0', '-0'), fc.constantFrom(',', ';', '\t', ' ', ', ', ' ; ', '  '), fc.constantFrom('', ' ', '\t'))
      .map(([x, y, label, sep, pad]): Row => ({ kind: 'good', text: `${pad}${x.text}${sep}${y.text}${sep}${label}${pad}`, point: [x.value, y.value, Number(label) === 1 ? 1 : -1] })),
    weight: 5,
  },
  {
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom('1e39', '-1e39', '1e300', '3.5e38', '1e999', '10000.001', 'NaN', 'Infinity', 'x', '', '0x10'), hostileNumberText), goodCoordinate, fc.constantFrom('1', '0', '2', 'a'), fc.boolean())
      // A field that stays one field (no separator or line end in it) and is not a decimal within the limits,
      // or a bad label: either makes the row bad.
      .filter(([bad]) => !/[,;\t\r\n]/.test(bad))
      .filter(([bad, , label]) => !isGoodCoordinate(bad) || label === '2' || label === 'a')
      .map(([bad, good, label, first]): Row => ({ kind: 'bad', text: first ? `${bad},${good.text},${label}` : `${good.text},${bad},${label}` })),
    weight: 2,
  },
  { arbitrary: fc.constantFrom<Row>({ kind: 'bad', text: '1,2' }, { kind: 'bad', text: '1,2,1,0' }, { kind: 'bad', text: '1,,1' }, { kind: 'bad', text: ',,,' }), weight: 1 },
  { arbitrary: fc.constantFrom<Row>({ kind: 'blank', text: '' }, { kind: 'blank', text: '  ' }, { kind: 'blank', text: '\t' }), weight: 1 },
);

describe('fuzz parseCsvPoints: never an escaping throw, always valid points', () => {
  it('arbitrary text (any code units, long lines, unicode)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), hostileText), (text) => {
        expectSound(parseCsvPoints(text), lineCount(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('lines of hostile fields between separators in odd places', () => {
    const field = fc.oneof(hostileNumberText, hostileNumber.map(String), fc.constantFrom('1', '-1', '0', 'x', 'label'));
    const sep = fc.constantFrom(',', ';', '\t', ' ', ',,', ';;', ' ,', '\t;', '\r', '\n', '\r\n', '\u2028', '\uFEFF');
    const text = fc.array(fc.tuple(field, sep), { maxLength: 40 }).map((parts) => parts.map(([f, s]) => f + s).join(''));
    fc.assert(
      fc.property(text, (t) => {
        expectSound(parseCsvPoints(t), lineCount(t));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads exactly the good rows and names exactly the bad lines, whatever the line ends, header and BOM', () => {
    const doc = fc.record({
      rows: fc.array(row, { maxLength: 30 }),
      header: fc.constantFrom('', 'x,y,label', 'X;Y;Label', '"x","y","label"'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      trailing: fc.boolean(),
    });
    fc.assert(
      fc.property(doc, ({ rows, header, eol, bom, trailing }) => {
        const lines = header ? [header, ...rows.map((r) => r.text)] : rows.map((r) => r.text);
        const text = `${bom ? '\uFEFF' : ''}${lines.join(eol)}${trailing ? eol : ''}`;
        const offset = header ? 2 : 1;
        const result = parseCsvPoints(text);
        expectSound(result, lineCount(text));
        // Without a header, a first row with no number in it (here only ',,,') is read as the header.
        const firstRow = rows.findIndex((r) => r.kind !== 'blank');
        const headerLike = !header && firstRow >= 0 && rows[firstRow].text === ',,,';
        const expectedPoints = rows.flatMap((r) => (r.kind === 'good' ? [r.point] : []));
        const expectedLines = rows.flatMap((r, i) => (r.kind === 'bad' && !(headerLike && i === firstRow) ? [i + offset] : []));
        expect(result.points).toEqual(expectedPoints);
        expect(result.errors.map((e) => Number(/^line (\d+)/.exec(e)?.[1]))).toEqual(expectedLines);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('fuzz: points -> CSV -> points is exact', () => {
  it('any float32 coordinates within ±10000 (subnormals included) and labels ±1 read back to the same float32 values', () => {
    const coord = fc.oneof(
      fc.float({ min: Math.fround(LIMITS.coordinate.min), max: Math.fround(LIMITS.coordinate.max), noNaN: true }),
      fc.constantFrom(1.401298464324817e-45, -1.401298464324817e-45, 1.1754943508222875e-38, -0, 0.1, 1 / 3, 10_000, -10_000).map(Math.fround),
    );
    const set = fc.array(fc.tuple(coord, coord, fc.constantFrom(1, -1)), { maxLength: 60 }).map(
      (ps): PointSet => ({ xy: Float32Array.from(ps.flatMap(([x, y]) => [x, y])), labels: Float32Array.from(ps.map((p) => p[2])) }),
    );
    fc.assert(
      fc.property(set, (points) => {
        const { points: read, errors } = parseCsvPoints(pointsToCsv(points));
        expect(errors).toEqual([]);
        check(read.length === points.labels.length, () => `${read.length} of ${points.labels.length} points`);
        read.forEach(([x, y, label], i) => {
          // -0 is written and read as 0: equal as numbers, which is what a coordinate is.
          check(Math.fround(x) === points.xy[2 * i] && Math.fround(y) === points.xy[2 * i + 1] && label === points.labels[i], () => `point ${i}`);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
