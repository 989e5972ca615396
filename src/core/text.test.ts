import { describe, expect, test } from 'vitest';
import { quoteUntrusted, showUntrustedKey } from './text';

describe('quoteUntrusted', () => {
  test('is a JSON string: quotes, escapes, markup stays text', () => {
    expect(quoteUntrusted('abc')).toBe('"abc"');
    expect(quoteUntrusted('a"b\n')).toBe('"a\\"b\\n"');
    expect(quoteUntrusted('<b>x</b>')).toBe('"<b>x</b>"');
  });

  // Found by fuzzing the URL codec: JSON.stringify leaves these as they are, and a notice broke its line.
  test('escapes what JSON leaves invisible: line separators, bidi overrides, zero-width and C1 characters', () => {
    expect(quoteUntrusted('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
    expect(quoteUntrusted('\u202egnp.exe')).toBe('"\\u202egnp.exe"');
    expect(quoteUntrusted('x\u200by\ufeff\u0085\u00ad')).toBe('"x\\u200by\\ufeff\\u0085\\u00ad"');
    expect(quoteUntrusted('é中😀')).toBe('"é中😀"');
  });

  test('cuts at 40 characters with an ellipsis', () => {
    expect(quoteUntrusted('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
    expect(quoteUntrusted('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
  });
});

describe('showUntrustedKey', () => {
  test('shows plain short names as they are and quotes anything else', () => {
    expect(showUntrustedKey('tau')).toBe('tau');
    expect(showUntrustedKey('a_b-c9')).toBe('a_b-c9');
    expect(showUntrustedKey('9lives')).toBe('"9lives"');
    expect(showUntrustedKey('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
  });
});
