import { describe, expect, it } from 'vitest';
import { plotArrangement } from './plotArrangement';

// Cell sizes measured in Chromium (cell width x height), with the arrangement that gave the larger plot.
describe('plotArrangement: where the plot panel puts its toolbar', () => {
  it.each([
    ['1024x768, nothing folded (portrait cell)', 529, 656, 'stacked'],
    ['1024x768, settings folded', 704, 656, 'rail'],
    ['1024x768, numbers folded', 734, 656, 'rail'],
    ['1024x768, both folded (legend fits beside)', 909, 656, 'stacked'],
    ['1400x900, settings folded', 960, 788, 'rail'],
    ['1400x900, numbers folded', 1020, 788, 'rail'],
    ['1920x1080, nothing folded (legend beside)', 1215, 968, 'stacked'],
    ['1920x1080, settings folded', 1480, 968, 'stacked'],
    ['1920x1080, both folded (the rail gets the legend beside too)', 1805, 968, 'rail'],
  ] as const)('%s: %s', (_what, width, height, expected) => {
    expect(plotArrangement(width, height, false)).toBe(expected);
  });

  it('switches at a square cell and at the surplus where the stacked legend goes beside the plot', () => {
    expect(plotArrangement(699, 700, false)).toBe('stacked');
    expect(plotArrangement(700, 700, false)).toBe('rail');
    expect(plotArrangement(939, 700, false)).toBe('rail');
    expect(plotArrangement(940, 700, false)).toBe('stacked');
    expect(plotArrangement(1259, 700, false)).toBe('stacked');
    expect(plotArrangement(1260, 700, false)).toBe('rail');
  });

  it('always stacks in presentation mode and before the cell is measured', () => {
    expect(plotArrangement(704, 656, true)).toBe('stacked');
    expect(plotArrangement(0, 656, false)).toBe('stacked');
    expect(plotArrangement(704, 0, false)).toBe('stacked');
  });
});
