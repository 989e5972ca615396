import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LIMITS, type LabelledPoint } from '../core/config';
import { FakeClient } from '../testing/support';
import { decodeUrl, encodeUrl } from './url';
import { drawingAdvice, erasedNear, paintAlong, pushUndo, roundCoordinate, snapshotPoints, UNDO_DEPTH, withPoints } from './drawing';
import { createPlaygroundStore, MAIN_MODEL } from './store';
import { DEFAULT_VIEW } from '../core/view';

describe('drawing edits', () => {
  it('rounds drawn points to the URL precision, so a link gives back exactly the drawn dataset', () => {
    const points = withPoints([], [{ x: 0.123456, y: -1.000049 }, { x: -0.00001, y: 0.99995 }], -1);
    expect(points).toEqual([[0.1235, -1, -1], [0, 1, -1]]);
    expect(Object.is(roundCoordinate(-0.00004), 0)).toBe(true);
    const search = encodeUrl({ ...DEFAULT_CONFIG, data: { ...DEFAULT_CONFIG.data, name: 'user', points } }, DEFAULT_VIEW);
    expect(decodeUrl(search).config.data.points).toEqual(points);
  });

  it('adds with the given label, and never past the point limit', () => {
    expect(withPoints([[0, 0, 1]], [{ x: 1, y: 1 }], 1)).toEqual([[0, 0, 1], [1, 1, 1]]);
    const full: LabelledPoint[] = Array.from({ length: LIMITS.points.max - 1 }, (_, i) => [i, 0, 1]);
    expect(withPoints(full, [{ x: 1, y: 1 }, { x: 2, y: 2 }], -1).length).toBe(LIMITS.points.max);
  });

  it('erases exactly the points within the radius', () => {
    const points: LabelledPoint[] = [[0, 0, 1], [0.1, 0, -1], [0.3, 0.4, 1], [1, 1, -1]];
    expect(erasedNear(points, { x: 0, y: 0 }, 0.5)).toEqual([[1, 1, -1]]);
    expect(erasedNear(points, { x: 0, y: 0 }, 0.2)).toEqual([[0.3, 0.4, 1], [1, 1, -1]]);
    expect(erasedNear(points, { x: 5, y: 5 }, 0.2)).toEqual(points);
  });

  it('paints one point per spacing along a stroke, whatever the pointer speed', () => {
    const fast = paintAlong({ x: 0, y: 0 }, { x: 1, y: 0 }, 0.25);
    expect(fast.points.map((p) => p.x)).toEqual([0.25, 0.5, 0.75, 1]);
    let from = { x: 0, y: 0 };
    const slow: number[] = [];
    for (let x = 0.05; x <= 1.0001; x += 0.05) {
      const step = paintAlong(from, { x, y: 0 }, 0.25);
      slow.push(...step.points.map((p) => p.x));
      from = step.last;
    }
    expect(slow.map((x) => Number(x.toFixed(9)))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(paintAlong({ x: 0, y: 0 }, { x: 0.1, y: 0 }, 0.25).points).toEqual([]);
    expect(paintAlong({ x: 0, y: 0 }, { x: 1, y: 0 }, 0).points).toEqual([]);
  });

  it('copies a dataset snapshot, train then test, with labels as +-1', () => {
    const points = snapshotPoints({
      trainXy: Float32Array.from([0.5, 0.25, -1, 2]),
      trainLabels: Float32Array.from([1, -1]),
      testXy: Float32Array.from([0.1, 0.2]),
      testLabels: Float32Array.from([-1]),
      domain: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    });
    expect(points).toEqual([[0.5, 0.25, 1], [-1, 2, -1], [0.1, 0.2, -1]]);
  });

  it('keeps at most UNDO_DEPTH undo entries, dropping the oldest', () => {
    let stack: number[] = [];
    for (let i = 0; i < UNDO_DEPTH + 5; i++) stack = pushUndo(stack, i);
    expect(stack.length).toBe(UNDO_DEPTH);
    expect(stack[0]).toBe(5);
  });

  it('advises on an empty or one-class drawing only', () => {
    expect(drawingAdvice([])).toMatch(/Click to add/);
    expect(drawingAdvice([[0, 0, 1], [1, 1, 1]])).toMatch(/one class .* class −1/);
    expect(drawingAdvice([[0, 0, -1]])).toMatch(/class \+1/);
    expect(drawingAdvice([[0, 0, -1], [1, 0, 1]])).toBeNull();
  });
});

function setup() {
  const client = new FakeClient();
  const store = createPlaygroundStore({ createClient: () => client, config: structuredClone(DEFAULT_CONFIG) });
  store.getState().actions.start();
  client.sent = [];
  return { store, client, actions: store.getState().actions };
}

describe('the drawing slice', () => {
  it('a blank canvas pauses and leaves the config; the first point makes the user dataset and restarts', () => {
    const { store, client, actions } = setup();
    actions.startDrawing('blank');
    expect(store.getState().drawing).toMatchObject({ active: true, blank: true });
    expect(store.getState().config.data.name).toBe('moons');
    expect(client.types()).not.toContain('reset');
    actions.commitPoints([[0.1, 0.2, 1]]);
    expect(store.getState().drawing.blank).toBe(false);
    expect(store.getState().config.data).toMatchObject({ name: 'user', points: [[0.1, 0.2, 1]] });
    expect(client.types()).toContain('reset');
  });

  it('undo walks back every edit to the generated data it started from', () => {
    const { store, actions } = setup();
    actions.startDrawing('blank');
    actions.commitPoints([[0.1, 0.2, 1]]);
    actions.commitPoints([[0.1, 0.2, 1], [0.5, 0.5, -1]]);
    actions.commitPoints([]); // erased everything
    expect(store.getState().drawing.blank).toBe(true);
    expect(actions.undoDrawing()).toBe(true);
    expect(store.getState().drawing.blank).toBe(false);
    expect(store.getState().config.data.points).toEqual([[0.1, 0.2, 1], [0.5, 0.5, -1]]);
    actions.undoDrawing();
    expect(store.getState().config.data.points).toEqual([[0.1, 0.2, 1]]);
    actions.undoDrawing();
    expect(store.getState().drawing.blank).toBe(true);
    expect(store.getState().config.data.name).toBe('moons');
    actions.undoDrawing();
    expect(store.getState().drawing.blank).toBe(false);
    expect(store.getState().config.data.name).toBe('moons');
    expect(actions.undoDrawing()).toBe(false);
  });

  it('starting from the current points copies the dataset the worker reported', () => {
    const { store, actions } = setup();
    store.setState((s) => ({
      models: {
        ...s.models,
        [MAIN_MODEL]: {
          ...s.models[MAIN_MODEL],
          dataset: {
            trainXy: Float32Array.from([0.5, 0.5]),
            trainLabels: Float32Array.from([1]),
            testXy: Float32Array.from([-0.5, 0.25]),
            testLabels: Float32Array.from([-1]),
            domain: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
          },
        },
      },
    }));
    actions.startDrawing('current');
    expect(store.getState().config.data).toMatchObject({ name: 'user', points: [[0.5, 0.5, 1], [-0.5, 0.25, -1]] });
    expect(store.getState().drawing.blank).toBe(false);
  });

  it('on user data, drawing goes on with its points', () => {
    const client = new FakeClient();
    const config = structuredClone(DEFAULT_CONFIG);
    config.data = { ...config.data, name: 'user', points: [[0, 0, 1]] };
    const store = createPlaygroundStore({ createClient: () => client, config });
    store.getState().actions.startDrawing('blank');
    expect(store.getState().drawing.blank).toBe(false);
    expect(store.getState().config.data.points).toEqual([[0, 0, 1]]);
    expect(store.getState().drawingUndo).toEqual([]);
  });
});

describe('a blank drawing canvas', () => {
  it('refuses play and step with a notice instead of training the data it replaced', () => {
    const { store, client, actions } = setup();
    actions.startDrawing('blank');
    client.sent = [];
    actions.togglePlay();
    actions.play();
    actions.step(1);
    expect(client.types()).not.toContain('play');
    expect(client.types()).not.toContain('step');
    expect(store.getState().notices.at(-1)?.text).toMatch(/canvas is blank/);
    actions.commitPoints([[0, 0, 1]]);
    actions.play();
    expect(client.types()).toContain('play');
  });
});
