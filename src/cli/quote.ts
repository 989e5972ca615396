/**
 * Text for one-line messages: a path or user value echoed in an error must not split the line (a newline
 * in a file name, a JSON parser's excerpt of a file). JSON's escapes, plus the C1 controls and U+2028/2029
 * that JSON.stringify leaves raw.
 */
const UNSAFE_BEYOND_JSON = /[\u007f-\u009f\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The value in double quotes, with quotes, backslashes and control characters escaped. */
export function quote(value: string): string {
  return JSON.stringify(value).replace(UNSAFE_BEYOND_JSON, unicodeEscape);
}

/** The text with its control characters escaped and nothing else touched (for whole messages). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? unicodeEscape(c));
}
