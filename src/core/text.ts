/**
 * Showing untrusted text (URL values, odd key names, config strings) in a notice. Notices are text, never
 * markup: they are rendered into text nodes, and the quoting below makes the untrusted part visibly
 * delimited (a JSON string, so quotes, control characters and invisible characters are escaped) and
 * short (cut at 40 characters), so a crafted value can neither pass for part of the message nor flood it.
 */

/** Characters of untrusted text shown before it is cut with an ellipsis. */
export const QUOTE_MAX_CHARS = 40;

/** Untrusted text as a JSON string, cut at 40 characters with an ellipsis: `"abc"`, `"<40 chars>…"`. */
export function quoteUntrusted(text: string): string {
  return JSON.stringify(text.length > QUOTE_MAX_CHARS ? `${text.slice(0, QUOTE_MAX_CHARS)}…` : text);
}

/**
 * A key name as shown in a notice: a plain short name (a letter or `_`, then up to 39 letters, digits, `_`
 * or `-`) as it is, anything else quoted with `quoteUntrusted`.
 */
export function showUntrustedKey(key: string): string {
  return /^[A-Za-z_][\w-]{0,39}$/.test(key) ? key : quoteUntrusted(key);
}
