import { describe, expect, test } from 'vitest';
import { expectClose } from '../../testing/support';
import { makeDemoField } from '../../dev/demoData';
import { CERTIFICATE_MAX_LEVELS, certifiedRadiusGrid, contourFamilies, heatmapLayer, hoverInfo, tightnessGrid } from './viewData';

describe('certificate arrays', () => {
  test('certified radius is |f| / L_bound', () => {
    expectClose(certifiedRadiusGrid(Float32Array.from([-2, 0, 3]), 2), [1, 0, 1.5], 1e-7);
  });

  test('tightness is |f| / (L dist), clamped to [0, 1], 1 on the boundary, NaN stays NaN', () => {
    const f = Float32Array.from([0.5, -0.5, 2, 0, NaN, 1]);
    const d = Float32Array.from([1, 0.5, 1, 0, 1, Infinity]);
    const t = tightnessGrid(f, d, 1);
    expectClose(t.slice(0, 4), [0.5, 1, 1, 1], 1e-7);
    expect(t[4]).toBeNaN();
    expect(t[5]).toBe(0);
  });
});

describe('views of a field', () => {
  const { field } = makeDemoField(61, 1, 'circle');

  test('view f: heatmap of f on a symmetric map and level sets of f', () => {
    const layer = heatmapLayer(field, 'f');
    expect(layer.values).toBe(field.f);
    expect(layer.colormap.min).toBe(-layer.colormap.max);
    const families = contourFamilies(field, 'f', 0.5);
    expect(families.map((f) => f.kind)).toEqual(['level']);
    expect(families[0].sets.map((s) => s.level)).not.toContain(0);
  });

  test('view certificate: tightness of the exact SDF is 1 (up to grid error) away from the centre; radius and distance contours coincide', () => {
    const layer = heatmapLayer(field, 'certificate');
    const centre = ((61 * 61 - 1) / 2) | 0;
    const far = Array.from(layer.values!).filter((_, k) => k !== centre);
    expect(Math.min(...far)).toBeGreaterThan(0.95);
    const [radius, distance] = contourFamilies(field, 'certificate', 0.5);
    expect(radius.kind).toBe('radius');
    expect(distance.kind).toBe('distance');
    expect(radius.sets.map((s) => s.level)).toEqual(distance.sets.map((s) => s.level));
  });

  test('view certificate: a handful of levels even for a fine spacing, the same for both families, the spacing used reported', () => {
    const [radius, distance] = contourFamilies(field, 'certificate', 0.01);
    const levels = radius.sets.map((s) => s.level);
    expect(levels.length).toBeGreaterThan(1);
    expect(levels.length).toBeLessThanOrEqual(CERTIFICATE_MAX_LEVELS);
    expect(distance.sets.map((s) => s.level)).toEqual(levels);
    expect(distance.spacing).toBe(radius.spacing);
    // Every level is a multiple of the reported spacing, which is a whole multiple of the requested one.
    expect(Math.abs(radius.spacing / 0.01 - Math.round(radius.spacing / 0.01))).toBeLessThan(1e-9);
    for (const l of levels) expect(Math.abs(l / radius.spacing - Math.round(l / radius.spacing))).toBeLessThan(1e-9);
  });

  test('view certificate without distances: no heatmap values yet, radius contours only', () => {
    const partial = { ...field, distance: null };
    expect(heatmapLayer(partial, 'certificate').values).toBeNull();
    expect(contourFamilies(partial, 'certificate', 0.5).map((f) => f.kind)).toEqual(['radius']);
  });

  test('view gradient: |grad f| with 1 inside the colour range, no contours', () => {
    const layer = heatmapLayer(field, 'gradient');
    expect(layer.colormap.max).toBeGreaterThanOrEqual(1);
    expect(contourFamilies(field, 'gradient', 0.5)).toEqual([]);
  });
});

describe('hoverInfo', () => {
  test('reads f by interpolation; the certified radius of the exact SDF equals the distance to the circle', () => {
    const { field } = makeDemoField(201, 1, 'circle');
    const info = hoverInfo(field, { x: 1.3, y: 1.1 });
    const truth = Math.hypot(1.3, 1.1) - 1;
    expect(info.f).toBeCloseTo(truth, 3);
    expect(info.radius).toBeCloseTo(truth, 3);
    expect(info.distance!).toBeCloseTo(truth, 2);
    expect(info.gradientNorm!).toBeCloseTo(1, 6);
  });

  test('without a field it still reports the position', () => {
    const info = hoverInfo(null, { x: 0.5, y: -0.5 });
    expect([info.x, info.y]).toEqual([0.5, -0.5]);
    expect(info.f).toBeNaN();
  });
});
