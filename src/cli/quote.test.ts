import { describe, expect, it } from 'vitest';
import { escapeControls, quote } from './quote';

/** Every character that ends a line somewhere (a terminal, an editor, a log reader), and other controls. */
const BREAKERS = ['\n', '\r', '\u000b', '\f', '\u0085', '\u2028', '\u2029', '\u0000', '\u001b', '\u007f', '\u009b'];

describe('quote', () => {
  it('is JSON.stringify for plain text, quotes and backslashes included', () => {
    for (const s of ['a.json', 'dir/with space/ü.json', 'say "hi"', 'C:\\configs\\a.json', '']) expect(quote(s)).toBe(JSON.stringify(s));
  });

  it('leaves no control or line-separating character raw, and reads back with JSON.parse', () => {
    for (const c of BREAKERS) {
      const q = quote(`a${c}b`);
      expect(q, JSON.stringify(c)).toMatch(/^"a\\[nrfbtu][0-9a-f]{0,4}b"$/);
      expect(JSON.parse(q)).toBe(`a${c}b`);
    }
  });
});

describe('escapeControls', () => {
  it('escapes controls only: quotes and backslashes already in a message stay as they are', () => {
    expect(escapeControls('file "a\\b" line 1\nline 2\ttab')).toBe('file "a\\b" line 1\\nline 2\\ttab');
    for (const c of BREAKERS) expect(escapeControls(`x${c}y`)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });
});
