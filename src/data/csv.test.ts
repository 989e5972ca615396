import { describe, expect, it } from 'vitest';
import { CSV_HEADER, parseCsvPoints, pointsToCsv } from './csv';
import { LIMITS, parseConfig } from '../core/config';
import { GENERATORS } from './datasets';
import { Random } from '../core/random';
import type { PointSet } from '../core/geometry';

describe('pointsToCsv', () => {
  it('writes the header x,y,label and one line per point with labels 1 / -1', () => {
    const set: PointSet = { xy: Float32Array.from([0.5, -2, 1, 0.25]), labels: Float32Array.from([1, -1]) };
    expect(pointsToCsv(set)).toBe(`${CSV_HEADER}\n0.5,-2,1\n1,0.25,-1\n`);
  });

  it('round trip: parseCsvPoints(pointsToCsv(p)) gives back the same float32 points and labels', () => {
    const set = GENERATORS.moons(500, 0.1, new Random(3));
    const { points, errors } = parseCsvPoints(pointsToCsv(set));
    expect(errors).toEqual([]);
    expect(points.length).toBe(500);
    expect(Float32Array.from(points.flatMap(([x, y]) => [x, y]))).toEqual(set.xy);
    expect(Float32Array.from(points.map((p) => p[2]))).toEqual(set.labels);
  });

  it('writes short numbers: 0.1 stored as float32 comes out as 0.1', () => {
    const set: PointSet = { xy: Float32Array.from([0.1, 1 / 3]), labels: Float32Array.from([1]) };
    expect(pointsToCsv(set).split('\n')[1]).toBe('0.1,0.33333334,1');
  });
});

describe('parseCsvPoints', () => {
  it('reads labels 0/1 and -1/+1: 1 -> +1, 0 and -1 -> -1', () => {
    const { points, errors } = parseCsvPoints('1,2,1\n3,4,0\n5,6,-1\n7,8,+1\n');
    expect(errors).toEqual([]);
    expect(points).toEqual([[1, 2, 1], [3, 4, -1], [5, 6, -1], [7, 8, 1]]);
  });

  it('tolerates a header, blank lines, CRLF, a BOM, spaces and other separators', () => {
    const text = '\uFEFFx, y, label\r\n\r\n 0.5 , -1.5e-1 , 1\r\n  \r\n2;3;0\r\n4\t5\t-1\r\n6 7 1';
    const { points, errors } = parseCsvPoints(text);
    expect(errors).toEqual([]);
    expect(points).toEqual([[0.5, -0.15, 1], [2, 3, -1], [4, 5, -1], [6, 7, 1]]);
  });

  it('skips each bad row and names it by its line number', () => {
    const text = ['x,y,label', '1,1,1', '2,abc,0', '', '3,3', '4,4,2', '5,5,1,9', 'nan,1,1', '1e999,0,1', '6,6,-1'].join('\n');
    const { points, errors } = parseCsvPoints(text);
    expect(points).toEqual([[1, 1, 1], [6, 6, -1]]);
    expect(errors.length).toBe(6);
    expect(errors[0]).toMatch(/^line 3: y is not a number/);
    expect(errors[1]).toMatch(/^line 5: expected 3 fields/);
    expect(errors[2]).toMatch(/^line 6: label must be/);
    expect(errors[3]).toMatch(/^line 7: the 4th field \(split\) must be train or test, got "9"/);
    expect(errors[4]).toMatch(/^line 8: x is not a number/);
    expect(errors[5]).toBe('line 9: x must be between -10000 and 10000, got 1e999');
  });

  it('reads the Export menu\'s x,y,label,split (the split column left to the test fraction)', () => {
    const text = ['x,y,label,split', '1,2,1,train', '3,4,-1,TEST', '5,6,1,7,8'].join('\n');
    const { points, errors } = parseCsvPoints(text);
    expect(points).toEqual([[1, 2, 1], [3, 4, -1]]);
    expect(errors).toEqual(['line 4: expected 3 fields (x, y, label) or 4 (x, y, label, split), found 5']);
  });

  it('a first row with some numbers is data, not a header: a bad one is reported', () => {
    const { points, errors } = parseCsvPoints('1,oops,1\n2,2,0');
    expect(points).toEqual([[2, 2, -1]]);
    expect(errors).toEqual(['line 1: y is not a number: "oops"']);
  });

  it('a header-only or empty text gives no points and no errors', () => {
    expect(parseCsvPoints('x,y,label\n')).toEqual({ points: [], errors: [] });
    expect(parseCsvPoints('')).toEqual({ points: [], errors: [] });
  });
});

describe('parseCsvPoints: coordinates must stay finite in float32 (training runs in float32) and within LIMITS.coordinate', () => {
  it.each([
    ['1e39,0,1', 'x must be between -10000 and 10000, got 1e39'],
    ['0,-1e39,1', 'y must be between -10000 and 10000, got -1e39'],
    ['1e300,0,0', 'x must be between -10000 and 10000, got 1e300'],
    ['0;3.5e38;-1', 'y must be between -10000 and 10000, got 3.5e38'],
    ['10000.5 0 1', 'x must be between -10000 and 10000, got 10000.5'],
  ])('%s: the line is skipped and named', (row, reason) => {
    const { points, errors } = parseCsvPoints(`x,y,label\n1,1,1\n${row}\n2,2,0\n`);
    expect(errors).toEqual([`line 3: ${reason}`]);
    expect(points).toEqual([[1, 1, 1], [2, 2, -1]]);
  });

  it('the limits themselves are read, a tiny coordinate is read (0 in float32), -0 is read as 0', () => {
    const { points, errors } = parseCsvPoints('-10000,10000,1\n1e-46,-0,0\n');
    expect(errors).toEqual([]);
    expect(points).toEqual([[-10000, 10000, 1], [1e-46, 0, -1]]);
    expect(Object.is(points[1][1], 0)).toBe(true);
  });

  it('what is read is always a valid data.points', () => {
    const { points } = parseCsvPoints('1e39,0,1\n-3,4,1\n0,1e-46,0\n9999.9999,-9999.9999,-1\n');
    expect(parseConfig({ data: { name: 'user', points } }).issues).toEqual([]);
  });

  it('stops after LIMITS.points.max points, naming the first line left out', () => {
    const max = LIMITS.points.max;
    const text = `x,y,label\n${'0,0,1\n'.repeat(max + 5)}`;
    const { points, errors } = parseCsvPoints(text);
    expect(points.length).toBe(max);
    expect(errors).toEqual([`line ${max + 2}: more than ${max} points; this line and the rest are not read`]);
  });

  it('a very long bad field is quoted and cut in the error', () => {
    const { errors } = parseCsvPoints(`1,${'z'.repeat(100_000)},1`);
    expect(errors).toEqual([`line 1: y is not a number: ${JSON.stringify(`${'z'.repeat(40)}…`)}`]);
  });

  // Found by fuzzing: a byte-order mark inside a field was printed as it is, invisible in the message.
  it('invisible characters in a bad field are shown as escapes', () => {
    expect(parseCsvPoints('1\uFEFF4e+0;;1').errors).toEqual(['line 1: x is not a number: "1\\ufeff4e+0"']);
    expect(parseCsvPoints('1,2,\u202e1').errors).toEqual(['line 1: label must be 0, 1, -1 or +1, got "\\u202e1"']);
  });
});
