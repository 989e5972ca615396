import { describe, expect, it } from 'vitest';
import { modelColor, panelGrid } from './comparisonLayout';

describe('panelGrid', () => {
  it('puts two panels side by side in a landscape frame and one above the other in a tall one', () => {
    expect(panelGrid(2, 700, 500, 40, 10)).toMatchObject({ columns: 2, rows: 1, plotPx: 345 });
    expect(panelGrid(2, 400, 900, 40, 10)).toMatchObject({ columns: 1, rows: 2 });
  });

  it('gives four panels a row at 1920x1080-like frames and a 2x2 grid in a square frame', () => {
    expect(panelGrid(4, 1500, 420, 40, 10).columns).toBe(4);
    expect(panelGrid(4, 800, 800, 40, 10)).toMatchObject({ columns: 2, rows: 2 });
  });

  it('never makes plots that overflow the frame, whatever n', () => {
    for (const n of [1, 2, 3, 4, 5, 8, 16]) {
      const g = panelGrid(n, 1000, 600, 40, 8);
      expect(g.columns * g.rows).toBeGreaterThanOrEqual(n);
      expect(g.columns * g.plotPx + (g.columns - 1) * 8).toBeLessThanOrEqual(1000);
      if (g.plotPx > 120) expect(g.rows * (g.plotPx + 40) + (g.rows - 1) * 8).toBeLessThanOrEqual(600);
    }
  });

  it('has a distinct colour for each of the first eight models', () => {
    expect(new Set(Array.from({ length: 8 }, (_, i) => modelColor(i))).size).toBe(8);
  });
});
