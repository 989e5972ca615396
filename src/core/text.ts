/**
 * Showing untrusted text (URL values, odd key names, config strings) in a notice. Notices are text, never
 * markup: they are rendered into text nodes, and the quoting below makes the untrusted part visibly
 * delimited (a JSON string, so quotes, control characters and invisible characters are escaped) and
 * short (cut at 40 characters), so a crafted value can neither pass for part of the message nor flood it.
 */

/** Characters of untrusted text shown before it is cut with an ellipsis. */
export const QUOTE_MAX_CHARS = 40;

/**
 * Characters JSON.stringify leaves as they are but a reader cannot see or that reorder or break the line:
 * C1 controls, line and paragraph separators, format characters (bidi overrides, zero-width spaces).
 */
const INVISIBLE = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/**
 * Untrusted text as a JSON string, cut at 40 characters with an ellipsis: `"abc"`, `"<40 chars>…"`.
 * Invisible characters are written as `\uXXXX` escapes too, so the quoted text is what it looks like.
 */
export function quoteUntrusted(text: string): string {
  const json = JSON.stringify(text.length > QUOTE_MAX_CHARS ? `${text.slice(0, QUOTE_MAX_CHARS)}…` : text);
  return json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A key name as shown in a notice: a plain short name (a letter or `_`, then up to 39 letters, digits, `_`
 * or `-`) as it is, anything else quoted with `quoteUntrusted`.
 */
export function showUntrustedKey(key: string): string {
  return /^[A-Za-z_][\w-]{0,39}$/.test(key) ? key : quoteUntrusted(key);
}
