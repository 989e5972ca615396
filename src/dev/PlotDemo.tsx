/**
 * A page of the plots on synthetic data (demoData.ts), for looking at them before training exists and for
 * screenshots: the decision plot in its three views, a plot still waiting for its model, the training
 * curves and the certified-accuracy curve. "animate" rescales f every frame to exercise the redraw path
 * and shows the frame rate. Rendered by the app for `?demo=plot`, and by preview.html.
 */
import { FIELD_GRID_NODES, VIEWS } from '../core/view';
import { useEffect, useMemo, useState } from 'react';
import type { FieldSnapshot } from '../worker/protocol';
import { CertifiedCurve } from '../ui/plot/CertifiedCurve';
import { DecisionPlot } from '../ui/plot/DecisionPlot';
import { makeDemoField, makeDemoHistory } from './demoData';
import { TrainingCurves } from '../ui/plot/TrainingCurves';
import type { HoverInfo } from '../ui/plot/viewData';


/** f scaled by s (boundary and distance unchanged, radius scaled): a cheap new snapshot for animation. */
function scaled(field: FieldSnapshot, s: number, step: number): FieldSnapshot {
  return { ...field, step, f: field.f.map((v) => v * s), gradientNorm: field.gradientNorm.map((v) => v * s) };
}

/** The demo page: every plot on synthetic data, with a few knobs (spacing, test points, large, exact SDF, animate). */
export function PlotDemo() {
  const [circle, setCircle] = useState(false);
  const base = useMemo(() => makeDemoField(FIELD_GRID_NODES, 1, circle ? 'circle' : 'wobbly'), [circle]);
  const history = useMemo(() => makeDemoHistory(2000), []);
  const [levelSpacing, setLevelSpacing] = useState(0.25);
  const [showTest, setShowTest] = useState(true);
  const [large, setLarge] = useState(false);
  const [animate, setAnimate] = useState(false);
  const [field, setField] = useState<FieldSnapshot>(base.field);
  useEffect(() => setField(base.field), [base]);
  const [fps, setFps] = useState<number | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);

  useEffect(() => {
    if (!animate) {
      setField(base.field);
      setFps(null);
      return;
    }
    let frame = 0;
    let count = 0;
    let started = performance.now();
    const tick = () => {
      count++;
      const now = performance.now();
      if (now - started > 1000) {
        setFps((count * 1000) / (now - started));
        count = 0;
        started = now;
      }
      setField(scaled(base.field, 0.85 + 0.15 * Math.sin(now / 400), Math.round(now)));
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [animate, base]);

  return (
    <main style={{ padding: 16, fontFamily: 'system-ui, sans-serif' }}>
      <h1 style={{ fontSize: 22, margin: '0 0 8px' }}>Plot demo (synthetic field, L_bound = 1)</h1>
      <div style={{ display: 'flex', gap: 20, alignItems: 'center', marginBottom: 12, fontSize: 15 }}>
        <label>
          level spacing{' '}
          <input type="number" step={0.05} min={0.05} value={levelSpacing} onChange={(e) => setLevelSpacing(Number(e.target.value))} style={{ width: 70 }} />
        </label>
        <label>
          <input type="checkbox" checked={showTest} onChange={(e) => setShowTest(e.target.checked)} /> test points
        </label>
        <label>
          <input type="checkbox" checked={large} onChange={(e) => setLarge(e.target.checked)} /> large
        </label>
        <label>
          <input type="checkbox" checked={circle} onChange={(e) => setCircle(e.target.checked)} /> exact SDF of a circle
        </label>
        <label>
          <input type="checkbox" checked={animate} onChange={(e) => setAnimate(e.target.checked)} /> animate
        </label>
        {fps !== null && <span data-testid="fps">{fps.toFixed(0)} frames/s</span>}
        <span style={{ color: '#5b6475' }}>
          {hover ? `hover: f = ${hover.f.toFixed(3)}, radius = ${hover.radius.toFixed(3)}` : 'hover a plot'}
        </span>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: large ? 'repeat(2, minmax(0, 1fr))' : 'repeat(4, minmax(0, 1fr))', gap: 24, alignItems: 'start' }}>
        {VIEWS.map((view) => (
          <section key={view}>
            <h2 style={{ fontSize: 16, margin: '0 0 4px' }}>view: {view}</h2>
            <DecisionPlot
              field={field}
              dataset={base.dataset}
              view={view}
              levelSpacing={levelSpacing}
              showTest={showTest}
              large={large}
              onHover={setHover}
            />
          </section>
        ))}
        <section>
          <h2 style={{ fontSize: 16, margin: '0 0 4px' }}>no field yet</h2>
          <DecisionPlot field={null} dataset={base.dataset} view="f" levelSpacing={levelSpacing} showTest={showTest} large={large} />
        </section>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 24, marginTop: 16 }}>
        <TrainingCurves history={history} large={large} />
        <CertifiedCurve field={field} large={large} />
      </div>
    </main>
  );
}
