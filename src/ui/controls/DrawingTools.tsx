/**
 * The drawing tools above the plot: a "Draw points" switch, then the class a click adds, add or erase,
 * undo, clear and done, with a line that says what the points drawn so far can teach.
 */
import { MAX_URL_POINTS } from '../../app/url';
import { drawingAdvice } from '../../app/drawing';
import { MAIN_MODEL } from '../../app/store';
import { classColor } from '../plot/drawOverlay';
import { useActions, usePlayground } from '../StoreContext';
import '../drawing.css';

const CLASS_NAMES = { 1: '+1', [-1]: '−1' } as const;

export function DrawingTools() {
  const actions = useActions();
  const drawing = usePlayground((s) => s.drawing);
  const data = usePlayground((s) => s.config.data);
  const canUndo = usePlayground((s) => s.drawingUndo.length > 0);
  const generatedCount = usePlayground((s) => {
    const d = s.models[MAIN_MODEL]?.dataset;
    return d ? d.trainLabels.length + d.testLabels.length : 0;
  });

  if (!drawing.active) {
    return (
      <button type="button" className="lp-button pg-draw-toggle" onClick={() => actions.startDrawing('blank')} title="Draw your own data on the plot (d)">
        Draw points
      </button>
    );
  }
  const points = drawing.blank || data.name !== 'user' ? [] : data.points;
  const advice = drawingAdvice(points);
  const pick = (label: 1 | -1) => (
    <button type="button" aria-pressed={drawing.label === label && drawing.tool === 'add'} onClick={() => actions.setDrawing({ label, tool: 'add' })}>
      <span className="pg-swatch" style={{ background: classColor(label) }} aria-hidden="true" /> class {CLASS_NAMES[label]}
    </button>
  );
  return (
    <div className="pg-drawing" role="toolbar" aria-label="Drawing tools">
      <div className="pg-draw-group" role="group" aria-label="What a click does">
        {pick(1)}
        {pick(-1)}
        <button type="button" aria-pressed={drawing.tool === 'erase'} onClick={() => actions.setDrawing({ tool: 'erase' })}>
          Eraser
        </button>
      </div>
      <button type="button" className="lp-button" disabled={!canUndo} onClick={() => actions.undoDrawing()} title="Undo the last edit (Ctrl+Z)">
        Undo
      </button>
      <button type="button" className="lp-button" disabled={points.length === 0} onClick={() => actions.commitPoints([])}>
        Clear
      </button>
      <button type="button" className="lp-button" onClick={actions.stopDrawing} title="Leave the drawing tools (d)">
        Done
      </button>
      {/* One line whatever it says, so the plot below keeps its size while points are drawn. */}
      <p className="pg-draw-help" role="status">
        {points.length > 0 && <strong>{points.length} points. </strong>}
        {drawing.blank && generatedCount > 0 ? (
          <>
            {'Click to add a point, shift-click the other class, or '}
            <button
              type="button"
              className="pg-link-button"
              onClick={() => actions.startDrawing('current')}
              title={generatedCount > MAX_URL_POINTS ? `More than ${MAX_URL_POINTS} points: the link will not carry them` : undefined}
            >
              start from the {generatedCount} current points
            </button>
            .
          </>
        ) : (
          (advice ?? 'Shift-click: the other class; drag to paint; right-click: erase.')
        )}
        {points.length > MAX_URL_POINTS && ` More than ${MAX_URL_POINTS} points: the link no longer carries them.`}
      </p>
    </div>
  );
}
