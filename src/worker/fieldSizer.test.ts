import { describe, expect, it } from 'vitest';
import { FieldSizer } from './fieldSizer';

describe('FieldSizer (snapshot grids sized to their cost while playing)', () => {
  it('steps a playing run down to coarser grids while snapshots are too slow, and back up when fast', () => {
    const sizer = new FieldSizer();
    expect(sizer.gridNodes(201, true)).toBe(201);
    sizer.record(600, true);
    expect(sizer.gridNodes(201, true)).toBe(151);
    sizer.record(400, true);
    expect(sizer.gridNodes(201, true)).toBe(101);
    sizer.record(400, true);
    expect(sizer.gridNodes(201, true)).toBe(101); // never below the coarsest
    sizer.record(30, true);
    expect(sizer.gridNodes(201, true)).toBe(151);
  });

  it('steps up when the finer grid is predicted to fit the budget (cost times the ratio of node counts)', () => {
    const sizer = new FieldSizer();
    sizer.record(600, true);
    sizer.record(600, true);
    expect(sizer.gridNodes(201, true)).toBe(101);
    sizer.record(60, true); // 151 predicted at 60 * (151 / 101)^2 = 134 ms: over the 120 ms budget
    expect(sizer.gridNodes(201, true)).toBe(101);
    sizer.record(50, true); // predicted 112 ms: fits
    expect(sizer.gridNodes(201, true)).toBe(151);
    sizer.record(140, true); // over budget but within the 1.25x margin: stays
    expect(sizer.gridNodes(201, true)).toBe(151);
    sizer.record(60, true); // 201 predicted at 60 * (201 / 151)^2 = 106 ms: fits
    expect(sizer.gridNodes(201, true)).toBe(201);
  });

  it('always uses the full requested grid when not playing, and never exceeds the requested size', () => {
    const sizer = new FieldSizer();
    sizer.record(600, true);
    sizer.record(600, true);
    expect(sizer.gridNodes(201, false)).toBe(201);
    sizer.record(5000, false); // a paused snapshot does not adapt anything
    expect(sizer.gridNodes(41, true)).toBe(41);
  });
});
