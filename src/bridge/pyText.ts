/**
 * Python source text from values: numbers that read back as the same double, lists wrapped to short lines,
 * comments. Pure text, no Python needed.
 */

/**
 * A finite number as a Python float literal that reads back as exactly this double: JavaScript's shortest
 * round-trip digits (Python's float() rounds correctly, so it finds the same double), with `.0` added to
 * integers so Python sees a float. Throws for NaN and infinities, which have no literal.
 */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`no Python literal for ${v}`);
  const text = String(v === 0 ? 0 : v); // -0 as 0: the sign of zero changes nothing f computes
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Items joined with `, ` on lines of at most `width` characters, each line starting with `indent`. */
function wrapItems(items: readonly string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && indent.length + next.length + 1 > width) {
      lines.push(`${indent}${line},`);
      line = item;
    } else {
      line = next;
    }
  }
  if (line) lines.push(`${indent}${line},`);
  return lines;
}

/** A list of floats as a Python list literal, wrapped; `indent` is the indent of the line it starts on. */
export function pyFloatList(values: ArrayLike<number>, indent = ''): string {
  if (values.length === 0) return '[]';
  const items = Array.from(values, pyFloat);
  const oneLine = `[${items.join(', ')}]`;
  if (indent.length + oneLine.length <= 100) return oneLine;
  return ['[', ...wrapItems(items, `${indent}    `), `${indent}]`].join('\n');
}

/** Rows of floats as a Python list of lists, one row (wrapped) after another. */
export function pyFloatMatrix(rows: readonly ArrayLike<number>[], indent = ''): string {
  if (rows.length === 0) return '[]';
  const inner = `${indent}    `;
  return ['[', ...rows.map((row) => `${inner}${pyFloatList(row, inner)},`), `${indent}]`].join('\n');
}

/** Text as `#` comment lines, one per given line (blank lines become a bare `#`). */
export function pyComment(lines: readonly string[], indent = ''): string {
  return lines.map((l) => (l ? `${indent}# ${l}` : `${indent}#`)).join('\n');
}
