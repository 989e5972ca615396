import { describe, expect, test } from 'vitest';
import { NAN_COLOR, colorOf, makeColormap } from './colormaps';
import { fillHeatmap, imageExtent } from './heatmap';
import { interpolateViridis } from 'd3';

const cm = makeColormap(interpolateViridis, 0, 1);
const pixel = (data: Uint8ClampedArray, width: number, col: number, row: number) =>
  Array.from(data.slice(4 * (row * width + col), 4 * (row * width + col) + 4));

describe('fillHeatmap', () => {
  test('grid row 0 (yMin) is the bottom row of the image; column 0 (xMin) is the left column', () => {
    // 3 x 3 grid: value 1 only at node (i = 0, j = 0), the bottom-left corner of the domain.
    const values = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const image = { data: new Uint8ClampedArray(36), width: 3, height: 3 };
    fillHeatmap(image, values, 3, cm);
    expect(pixel(image.data, 3, 0, 2)).toEqual([...colorOf(cm, 1)]);
    expect(pixel(image.data, 3, 0, 0)).toEqual([...colorOf(cm, 0)]);
    expect(pixel(image.data, 3, 2, 2)).toEqual([...colorOf(cm, 0)]);
  });

  test('the top image row holds the grid row at yMax', () => {
    const values = Float32Array.from([0, 0, 0, 0, 0, 0, 0.25, 0.5, 0.75]);
    const image = { data: new Uint8ClampedArray(36), width: 3, height: 3 };
    fillHeatmap(image, values, 3, cm);
    expect(pixel(image.data, 3, 1, 0)).toEqual([...colorOf(cm, 0.5)]);
    expect(pixel(image.data, 3, 2, 0)).toEqual([...colorOf(cm, 0.75)]);
  });

  test('NaN nodes get the colour map\'s "no value" colour', () => {
    const values = Float32Array.from([NaN, 0, 0, 0]);
    const image = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
    fillHeatmap(image, values, 2, cm);
    expect(pixel(image.data, 2, 0, 1)).toEqual([...NAN_COLOR]);
  });

  test('rejects an image or value array of the wrong size', () => {
    const image = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
    expect(() => fillHeatmap(image, new Float32Array(9), 3, cm)).toThrow(/image is 2 x 2/);
    expect(() => fillHeatmap(image, new Float32Array(5), 2, cm)).toThrow(/5 values/);
  });
});

describe('imageExtent', () => {
  test('widens the domain by half a cell so that pixel centres sit on the grid nodes', () => {
    // 5 nodes over [0, 4]: cells of 1, pixels of 1 centred on 0, 1, ..., 4.
    const e = imageExtent({ xMin: 0, xMax: 4, yMin: -2, yMax: 2 }, 5);
    expect(e).toEqual({ xMin: -0.5, xMax: 4.5, yMin: -2.5, yMax: 2.5 });
    const pixelWidth = (e.xMax - e.xMin) / 5;
    expect(e.xMin + 2.5 * pixelWidth).toBe(2);
  });
});
