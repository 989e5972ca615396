/**
 * The plot's drawing tools as pointer handlers: a click adds a point of the chosen class (shift: the
 * other class), a drag paints one point every PAINT_SPACING_PX, a right-click or the eraser removes the
 * points near the pointer. A stroke is previewed while the button is down and committed once when it
 * goes up, so a stroke restarts training once, not at every point.
 */
import { useMemo, useRef, useState } from 'react';
import type { LabelledPoint } from '../core/config';
import { erasedNear, paintAlong, withPoints, type XY } from '../app/drawing';
import type { PlotDrawing, PlotPointer } from './plot/DecisionPlot';
import { useActions, usePlayground } from './StoreContext';

/** Screen distance between two painted points of a drag. */
const PAINT_SPACING_PX = 14;
/** Radius of the eraser (and of a right-click's reach). */
export const ERASER_PX = 12;

type Stroke =
  | { kind: 'add'; label: 1 | -1; added: XY[]; last: XY }
  | { kind: 'erase'; kept: LabelledPoint[] };

const NO_POINTS: LabelledPoint[] = [];

/** The drawing handlers for the main plot, or undefined while the drawing tools are off. */
export function usePlotDrawing(): PlotDrawing | undefined {
  const actions = useActions();
  const drawing = usePlayground((s) => s.drawing);
  const data = usePlayground((s) => s.config.data);
  const points = drawing.blank || data.name !== 'user' ? NO_POINTS : data.points;
  const stroke = useRef<Stroke | null>(null);
  const [pending, setPending] = useState<LabelledPoint[]>(NO_POINTS);

  return useMemo(() => {
    if (!drawing.active) return undefined;
    const preview = (s: Stroke | null) =>
      setPending(s?.kind === 'add' ? s.added.map((p): LabelledPoint => [p.x, p.y, s.label]) : NO_POINTS);
    const onPointer = (kind: 'down' | 'move' | 'up' | 'cancel', e: PlotPointer | null) => {
      const current = stroke.current;
      if (kind === 'down' && e) {
        const erase = drawing.tool === 'erase' || e.button === 2;
        const flipped: 1 | -1 = drawing.label === 1 ? -1 : 1;
        stroke.current = erase
          ? { kind: 'erase', kept: erasedNear(points, e.p, ERASER_PX * e.dataPerPx) }
          : { kind: 'add', label: e.shiftKey ? flipped : drawing.label, added: [e.p], last: e.p };
      } else if (kind === 'move' && e && current) {
        if (current.kind === 'erase') current.kept = erasedNear(current.kept, e.p, ERASER_PX * e.dataPerPx);
        else {
          const painted = paintAlong(current.last, e.p, PAINT_SPACING_PX * e.dataPerPx);
          if (painted.points.length === 0) return;
          stroke.current = { ...current, added: [...current.added, ...painted.points], last: painted.last };
        }
      } else if (kind === 'up' && current) {
        stroke.current = null;
        if (current.kind === 'add') actions.commitPoints(withPoints(points, current.added, current.label));
        else if (current.kept.length !== points.length) actions.commitPoints(current.kept);
      } else if (kind === 'cancel') {
        stroke.current = null;
      }
      preview(stroke.current);
    };
    return { onPointer, pending, eraserPx: drawing.tool === 'erase' ? ERASER_PX : 0 };
  }, [actions, drawing, points, pending]);
}
