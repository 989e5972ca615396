import { describe, expect, test } from 'vitest';
import { dataToPixel, inDomain, lengthToPx, pixelRect, pixelToData, squareGeometry } from './scales';

const margin = { top: 10, right: 20, bottom: 30, left: 40 };

describe('squareGeometry', () => {
  test('one data unit spans the same pixels on x and y', () => {
    const g = squareGeometry({ xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, 460, margin);
    expect(g.innerPx).toBe(400);
    expect(g.x(1) - g.x(0)).toBeCloseTo(100, 10);
    expect(g.y(0) - g.y(1)).toBeCloseTo(100, 10);
    expect(g.pxPerUnit).toBeCloseTo(100, 10);
    expect(g.heightPx).toBe(440);
  });

  test('a non-square domain is shown in the smallest centred square that holds it, scales still equal', () => {
    const domain = { xMin: 0, xMax: 4, yMin: -1, yMax: 1 };
    const g = squareGeometry(domain, 460, margin);
    expect(g.shown).toEqual({ xMin: 0, xMax: 4, yMin: -2, yMax: 2 });
    expect(g.x(1) - g.x(0)).toBeCloseTo(g.y(0) - g.y(1), 10);
    const r = pixelRect(g, domain);
    expect(r.width).toBeCloseTo(400, 10);
    expect(r.height).toBeCloseTo(200, 10);
  });

  test('data y grows upward on screen; the domain corners land on the plotting area corners', () => {
    const g = squareGeometry({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 460, margin);
    expect(dataToPixel(g, { x: -1, y: -1 })).toEqual({ px: 40, py: 410 });
    expect(dataToPixel(g, { x: 1, y: 1 })).toEqual({ px: 440, py: 10 });
  });

  test('pixelToData inverts dataToPixel (hover)', () => {
    const g = squareGeometry({ xMin: -3, xMax: 2, yMin: -1.5, yMax: 3.5 }, 517, margin);
    for (const p of [{ x: 0, y: 0 }, { x: -2.7, y: 3.1 }, { x: 1.9, y: -1.4 }]) {
      const back = pixelToData(g, dataToPixel(g, p));
      expect(back.x).toBeCloseTo(p.x, 10);
      expect(back.y).toBeCloseTo(p.y, 10);
    }
  });

  test('a circle of radius r in data units has the same pixel radius along x and along y', () => {
    const g = squareGeometry({ xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, 333, margin);
    const c = { x: 0.3, y: -0.4 };
    const r = 0.7;
    const centre = dataToPixel(g, c);
    const east = dataToPixel(g, { x: c.x + r, y: c.y });
    const north = dataToPixel(g, { x: c.x, y: c.y + r });
    expect(east.px - centre.px).toBeCloseTo(lengthToPx(g, r), 10);
    expect(centre.py - north.py).toBeCloseTo(lengthToPx(g, r), 10);
  });

  test('rejects an empty or non-finite domain', () => {
    expect(() => squareGeometry({ xMin: 1, xMax: 1, yMin: 0, yMax: 1 }, 400, margin)).toThrow(/bad domain/);
    expect(() => squareGeometry({ xMin: 0, xMax: NaN, yMin: 0, yMax: 1 }, 400, margin)).toThrow(/bad domain/);
  });

  test('inDomain is the closed box', () => {
    const d = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
    expect(inDomain(d, { x: 1, y: -1 })).toBe(true);
    expect(inDomain(d, { x: 1.0001, y: 0 })).toBe(false);
  });
});
