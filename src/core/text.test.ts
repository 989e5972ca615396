import { describe, expect, test } from 'vitest';
import { quoteUntrusted, showUntrustedKey } from './text';

describe('quoteUntrusted', () => {
  test('is a JSON string: quotes, escapes, markup stays text', () => {
    expect(quoteUntrusted('abc')).toBe('"abc"');
    expect(quoteUntrusted('a"b\n')).toBe('"a\\"b\\n"');
    expect(quoteUntrusted('<b>x</b>')).toBe('"<b>x</b>"');
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
