/**
 * Points to and from CSV text: `x,y,label`, one point per line. Writing gives the shortest decimal that
 * reads back to the same float32, so a save / load round trip is exact. Reading is tolerant: an optional
 * header line, blank lines, CRLF or CR line ends, a byte-order mark, separators `,` `;` tab or spaces, and
 * labels 0/1 or -1/+1 (1 -> +1, 0 and -1 -> -1). Each bad row is skipped and reported by its line number.
 */
import type { LabelledPoint } from '../core/config';
import type { PointSet } from '../core/geometry';

/** The header line `pointsToCsv` writes. */
export const CSV_HEADER = 'x,y,label';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

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
  if (cells.length !== 3) return `expected 3 fields (x, y, label), found ${cells.length}`;
  const [xs, ys, ls] = cells;
  for (const [name, s] of [['x', xs], ['y', ys]] as const) {
    if (!NUMBER.test(s)) return `${name} is not a number: ${JSON.stringify(s)}`;
  }
  const x = Number(xs);
  const y = Number(ys);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return `coordinates must be finite, got (${xs}, ${ys})`;
  const label = NUMBER.test(ls) ? Number(ls) : NaN;
  if (label !== 1 && label !== 0 && label !== -1) return `label must be 0, 1, -1 or +1, got ${JSON.stringify(ls)}`;
  return [x, y, label === 1 ? 1 : -1];
}

/**
 * Parses CSV text into labelled points (labels -1 or +1). A first non-blank line with no number in any
 * field (such as `x,y,label`) is taken as a header and skipped. Every other bad line is skipped and
 * described in `errors` as `line <k>: <reason>`, k counting from 1 over all lines of the text.
 */
export function parseCsvPoints(text: string): { points: LabelledPoint[]; errors: string[] } {
  const points: LabelledPoint[] = [];
  const errors: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let seenRow = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = fields(line);
    if (!seenRow) {
      seenRow = true;
      if (!cells.some((c) => NUMBER.test(c))) return;
    }
    const row = parseRow(cells);
    if (typeof row === 'string') errors.push(`line ${index + 1}: ${row}`);
    else points.push(row);
  });
  return { points, errors };
}
