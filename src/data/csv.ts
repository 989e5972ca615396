/**
 * Points to and from CSV text: `x,y,label`, one point per line. Writing gives the shortest decimal that
 * reads back to the same float32, so a save / load round trip is exact. Reading is tolerant: an optional
 * header line, blank lines, CRLF or CR line ends, a byte-order mark, separators `,` `;` tab or spaces, and
 * labels 0/1 or -1/+1 (1 -> +1, 0 and -1 -> -1), and an optional fourth column `split` (train or test, as the
 * Export menu writes it; the playground splits user points by its test fraction). Each bad row is skipped and reported by its line number:
 * among them coordinates outside the config's limits (LIMITS.coordinate: training runs in float32, where
 * 1e39 is Infinity), so what is read is always a valid `data.points` (at most LIMITS.points.max of them).
 */
import { LIMITS, type LabelledPoint } from '../core/config';
import { readNumber } from '../core/decimal';
import type { PointSet } from '../core/geometry';
import { quoteUntrusted } from '../core/text';

/** The header line `pointsToCsv` writes. */
export const CSV_HEADER = 'x,y,label';

/** The shortest decimal string that reads back (through Math.fround) to the float32 value `v`. */
function float32ToString(v: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

/**
 * Writes a point set as CSV: the header `x,y,label`, then one line `x,y,label` per point with labels
 * `1` or `-1`, lines ended by `\n` (including the last).
 */
export function pointsToCsv(points: PointSet): string {
  const lines = [CSV_HEADER];
  for (let i = 0; i < points.labels.length; i++) {
    const x = float32ToString(points.xy[2 * i]);
    const y = float32ToString(points.xy[2 * i + 1]);
    lines.push(`${x},${y},${points.labels[i] > 0 ? 1 : -1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The fields of one line: trimmed, split on `,` `;` tab, or runs of spaces. */
function fields(line: string): string[] {
  const t = line.trim();
  return /[,;\t]/.test(t) ? t.split(/[,;\t]/).map((f) => f.trim()) : t.split(/\s+/);
}

/** Reads one data row, or returns why it is bad. */
function parseRow(cells: string[]): LabelledPoint | string {
  // A fourth field is the split the Export menu writes (x,y,label,split): read and left to the test fraction.
  if (cells.length === 4 && !/^(train|test)$/i.test(cells[3])) return `the 4th field (split) must be train or test, got ${quoteUntrusted(cells[3])}`;
  if (cells.length !== 3 && cells.length !== 4) return `expected 3 fields (x, y, label) or 4 (x, y, label, split), found ${cells.length}`;
  const [xs, ys, ls] = cells;
  const { min, max } = LIMITS.coordinate;
  const xy: number[] = [];
  for (const [name, s] of [['x', xs], ['y', ys]] as const) {
    const v = readNumber(s);
    // Quoted as a JSON string cut at 40 characters, invisible characters escaped: a line can be anything.
    if (v === undefined) return `${name} is not a number: ${quoteUntrusted(s)}`;
    // Compared as a number, shown as written: 1e999 is Infinity, and says so by its own text.
    if (!(v >= min && v <= max)) return `${name} must be between ${min} and ${max}, got ${s}`;
    xy.push(v);
  }
  const label = readNumber(ls);
  if (label !== 1 && label !== 0 && label !== -1) return `label must be 0, 1, -1 or +1, got ${quoteUntrusted(ls)}`;
  return [xy[0], xy[1], label === 1 ? 1 : -1];
}

/**
 * Parses CSV text into labelled points (labels -1 or +1, coordinates within LIMITS.coordinate, -0 read as
 * 0). A first non-blank line with no number in any field (such as `x,y,label`) is taken as a header and
 * skipped. Every other bad line is skipped and described in `errors` as `line <k>: <reason>`, k counting
 * from 1 over all lines of the text. Reading stops after LIMITS.points.max points, with one error naming
 * the first line left out.
 */
export function parseCsvPoints(text: string): { points: LabelledPoint[]; errors: string[] } {
  const points: LabelledPoint[] = [];
  const errors: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let seenRow = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') continue;
    const cells = fields(line);
    if (!seenRow) {
      seenRow = true;
      if (!cells.some((c) => readNumber(c) !== undefined)) continue;
    }
    const row = parseRow(cells);
    if (typeof row === 'string') {
      errors.push(`line ${index + 1}: ${row}`);
    } else if (points.length === LIMITS.points.max) {
      errors.push(`line ${index + 1}: more than ${LIMITS.points.max} points; this line and the rest are not read`);
      break;
    } else {
      points.push(row);
    }
  }
  return { points, errors };
}
