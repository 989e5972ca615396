import { describe, expect, it } from 'vitest';
import { addLayer, clampWidth, evenWidths, HIDDEN_LIMITS, parseNumberInput, removeLayer, setWidth } from './numbers';

describe('parseNumberInput', () => {
  const n = { min: 50, max: 5000, integer: true };

  it('reads, clamps and rounds typed numbers', () => {
    expect(parseNumberInput(' 1000 ', n)).toBe(1000);
    expect(parseNumberInput('10', n)).toBe(50);
    expect(parseNumberInput('1e9', n)).toBe(5000);
    expect(parseNumberInput('123.6', n)).toBe(124);
    expect(parseNumberInput('0.125', { min: 0, max: 1 })).toBe(0.125);
  });

  it('returns null for text that is not a finite number', () => {
    for (const text of ['', '  ', 'abc', 'NaN', 'Infinity', '1,5']) expect(parseNumberInput(text, n)).toBeNull();
  });
});

describe('hidden layer edits', () => {
  it('clampWidth keeps widths in 2..1024 (the config limit) and makes them even for groupsort2', () => {
    expect(clampWidth(1, false)).toBe(2);
    expect(clampWidth(9999, false)).toBe(1024);
    expect(clampWidth(33, false)).toBe(33);
    expect(clampWidth(33, true)).toBe(34);
    expect(clampWidth(1023, true)).toBe(1024);
    expect(clampWidth(NaN, true)).toBe(2);
  });

  it('evenWidths rounds odd widths up', () => {
    expect(evenWidths([3, 64, 255])).toEqual([4, 64, 256]);
  });

  it('addLayer repeats the last width, up to the maximum depth', () => {
    expect(addLayer([64, 32], true)).toEqual([64, 32, 32]);
    expect(addLayer([], true)).toEqual([HIDDEN_LIMITS.newWidth]);
    const full = Array.from({ length: HIDDEN_LIMITS.maxLayers }, () => 8);
    expect(addLayer(full, false)).toEqual(full);
  });

  it('removeLayer drops the last layer, down to none', () => {
    expect(removeLayer([64, 32])).toEqual([64]);
    expect(removeLayer([])).toEqual([]);
  });

  it('setWidth changes one layer and leaves the input alone', () => {
    const hidden = [64, 64, 64];
    expect(setWidth(hidden, 1, 17, true)).toEqual([64, 18, 64]);
    expect(setWidth(hidden, 1, 17, false)).toEqual([64, 17, 64]);
    expect(hidden).toEqual([64, 64, 64]);
  });
});
