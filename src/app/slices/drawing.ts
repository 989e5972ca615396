import type { DataConfig, LabelledPoint } from '../../core/config';
import { pushUndo, snapshotPoints } from '../drawing';
import { MAIN_MODEL, type DrawingActions, type DrawingState, type DrawingUndoEntry, type GetState, type SetState } from './types';

/**
 * The drawing slice: the plot's drawing tools (on or off, the class a click adds, add or erase) and the
 * undo history. A committed edit becomes the `user` dataset through `setData`, so it restarts training
 * like any data change and goes to the URL (`pts`). Before the first point on a fresh canvas nothing
 * can train: the canvas is `blank`, training pauses and the configuration is left as it was.
 */
export function createDrawingSlice(set: SetState, get: GetState): { state: DrawingState; actions: DrawingActions } {
  const snapshot = (): DrawingUndoEntry => ({ data: get().config.data, blank: get().drawing.blank });

  /** Makes `data` (or a blank canvas) current, restarting training only when the data changed. */
  const apply = (data: DataConfig | null) => {
    if (!data) {
      get().actions.pause();
      set((s) => ({ drawing: { ...s.drawing, blank: true } }));
      return;
    }
    if (data !== get().config.data) get().actions.setData(data);
    set((s) => ({ drawing: { ...s.drawing, blank: false } }));
  };

  const record = () => set((s) => ({ drawingUndo: pushUndo(s.drawingUndo, snapshot()) }));

  const actions: DrawingActions = {
    startDrawing: (from) => {
      const { config, models } = get();
      set((s) => ({ drawing: { ...s.drawing, active: true } }));
      if (config.data.name === 'user') return;
      const dataset = models[MAIN_MODEL]?.dataset;
      record();
      if (from === 'current' && dataset) apply({ ...config.data, name: 'user', points: snapshotPoints(dataset) });
      else apply(null);
    },
    stopDrawing: () => set((s) => ({ drawing: { ...s.drawing, active: false, blank: false } })),
    setDrawing: (patch) => set((s) => ({ drawing: { ...s.drawing, ...patch } })),
    commitPoints: (points: LabelledPoint[]) => {
      record();
      apply(points.length === 0 ? null : { ...get().config.data, name: 'user', points });
    },
    undoDrawing: () => {
      const stack = get().drawingUndo;
      const last = stack[stack.length - 1];
      if (!last) return false;
      set({ drawingUndo: stack.slice(0, -1) });
      if (last.data !== get().config.data) get().actions.setData(last.data);
      apply(last.blank ? null : get().config.data);
      return true;
    },
  };

  return {
    state: { drawing: { active: false, label: 1, tool: 'add', blank: false }, drawingUndo: [] },
    actions,
  };
}
