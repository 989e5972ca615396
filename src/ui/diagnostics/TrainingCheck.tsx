/**
 * The engine check: trains one default model in the training Web Worker and shows its step, loss and
 * accuracies live, with the worker's backend and tensor count. It proves that training runs off the UI
 * thread; the full training UI (store, plots, several models) builds on the same client and protocol.
 */
import { useEffect, useRef, useState } from 'react';
import type { BackendPreference, BackendReport } from '../../backend/names';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../core/config';
import type { MetricsMessage } from '../../worker/protocol';
import { TrainingClient, type ClientEvent } from '../../worker/client';

/** The default configuration, smaller: 400 points and a 2-32-32-1 net, so the check converges in seconds. */
export const ENGINE_CHECK_CONFIG: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  data: { ...DEFAULT_CONFIG.data, n: 400 },
  model: { ...DEFAULT_CONFIG.model, hidden: [32, 32] },
};
const MODEL_ID = 'check';

interface View {
  started: boolean;
  playing: boolean;
  backend?: BackendReport;
  metrics?: MetricsMessage;
  diverged?: number;
  error?: string;
}

/** The next view after one message from the worker (pure). */
function reduce(view: View, message: ClientEvent): View {
  switch (message.type) {
    case 'ready':
      return { ...view, backend: message.backend };
    case 'state':
      return { ...view, playing: message.playing };
    case 'metrics':
      return message.modelId === MODEL_ID ? { ...view, metrics: message } : view;
    case 'diverged':
      return { ...view, diverged: message.step };
    case 'error':
      return { ...view, error: message.message };
    case 'lost':
      return { ...view, playing: false, error: `the training worker stopped: ${message.reason}` };
    default:
      return view;
  }
}

function phase(view: View): string {
  if (view.error) return 'error';
  if (view.diverged !== undefined) return `diverged at step ${view.diverged}`;
  if (!view.started) return 'idle';
  if (view.playing) return 'training';
  return view.metrics ? 'paused' : 'starting…';
}

const buttonStyle = { font: 'inherit', padding: '0.25rem 1.1rem' } as const;

const percent = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)} %`);

export function TrainingCheck({ backend }: { backend: BackendPreference }) {
  const client = useRef<TrainingClient | null>(null);
  const [view, setView] = useState<View>({ started: false, playing: false });

  useEffect(
    () => () => {
      client.current?.terminate();
      client.current = null;
    },
    [],
  );

  const train = () => {
    if (client.current) {
      client.current.play();
      return;
    }
    const c = new TrainingClient();
    client.current = c;
    c.subscribe((message) => setView((v) => reduce(v, message)));
    c.init(backend);
    c.start([{ id: MODEL_ID, config: ENGINE_CHECK_CONFIG }]);
    setView((v) => ({ ...v, started: true }));
  };
  const pause = () => client.current?.pause();

  const m = view.metrics;
  const starting = view.started && !m && !view.error;
  return (
    <section className="status" aria-labelledby="engine-title" style={{ marginTop: '1.5rem' }}>
      <h2 id="engine-title">Engine check</h2>
      <p className="hint">
        Trains the default 1-Lipschitz net (two moons, 400 points, 2-32-32-1) in a Web Worker, off the page’s
        thread.
      </p>
      <p>
        <button type="button" onClick={train} disabled={view.playing || starting} style={buttonStyle}>
          Train
        </button>{' '}
        <button type="button" onClick={pause} disabled={!view.playing} style={buttonStyle}>
          Pause
        </button>
      </p>
      <dl className="status-list">
        <dt>State</dt>
        <dd data-testid="train-state">{phase(view)}</dd>
        <dt>Step</dt>
        <dd data-testid="train-step">{m ? m.step : '–'}</dd>
        <dt>Loss</dt>
        <dd data-testid="train-loss">{m ? m.loss.toFixed(4) : '–'}</dd>
        <dt>Accuracy</dt>
        <dd>
          train <strong data-testid="train-acc">{percent(m?.trainAccuracy)}</strong>, test{' '}
          <strong data-testid="test-acc">{percent(m?.testAccuracy)}</strong>
        </dd>
        <dt>Worker backend</dt>
        <dd>
          <strong data-testid="worker-backend">{view.backend?.name ?? '–'}</strong>
          {view.backend && <span className="hint"> {view.backend.reason}</span>}
        </dd>
        <dt>Worker tensors</dt>
        <dd data-testid="worker-tensors">{m ? m.tensors : '–'}</dd>
        {view.error && (
          <>
            <dt>Error</dt>
            <dd className="error" role="alert" data-testid="train-error">
              {view.error}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
