/**
 * The first page: the app's name, one line on what it is, a status panel saying which tfjs backend runs,
 * why, and what the check computation gave on it, and the engine check (training in a Web Worker).
 * Display only: startup work happens in main.tsx, training in the worker.
 */
import { loadTrialCache } from '../../worker/trialCache';
import { useEffect, useState } from 'react';
import {
  describeAdapter,
  isSoftwareAdapter,
  type BackendName,
  type BackendPreference,
  type BackendReport,
  type TrialResult,
} from '../../backend/select';
import { CHECK_TRAIN_STEPS, type CheckValues } from '../../train/backendCheck';
import { TrainingCheck } from './TrainingCheck';
import { BackendAgreement } from './BackendAgreement';
import { LockstepSpeed } from './LockstepSpeed';
import type { LockstepTrial } from '../../train/lockstepTrial';

/** This page's URL without `diagnostics`: the playground with the same backend and other keys. */
function playgroundLink(): string {
  const params = new URLSearchParams(window.location.search);
  params.delete('diagnostics');
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ''}`;
}

/** Sums of f at the check points, before (`sum`) and after (`trainedSum`) the check's training steps. */
export type CheckOutcome = { sum: number; trainedSum: number; count: number; ms: number } | { error: string };

export interface Startup {
  report: BackendReport;
  check: CheckOutcome;
}

type Status = { state: 'loading' } | { state: 'ready'; startup: Startup } | { state: 'error'; message: string };

export interface AppProps {
  startup: Promise<Startup>;
  /** A notice to show above the status, e.g. about a bad URL value. */
  notice?: string;
  /** The backend asked for in the URL; the training worker selects its own backend with it. */
  backendPreference?: BackendPreference;
  /** Runs the check computation on a backend (then restores the selected one); compared with cpu on the page. */
  runCheck?: (backend: BackendName) => Promise<CheckValues>;
  /** Measures a comparison's training cost on a backend (then restores the selected one). */
  runLockstepTrial?: (backend: BackendName) => Promise<LockstepTrial>;
}

export function App({ startup, notice, backendPreference = 'auto', runCheck, runLockstepTrial }: AppProps) {
  const [status, setStatus] = useState<Status>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    startup.then(
      (s) => live && setStatus({ state: 'ready', startup: s }),
      (err: unknown) => live && setStatus({ state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [startup]);

  const fellBack =
    status.state === 'ready' &&
    status.startup.report.requested !== 'auto' &&
    status.startup.report.requested !== status.startup.report.name;

  return (
    <main className="app">
      <header className="app-header">
        <h1>Lipschitz Playground</h1>
        <p>
          <a href={playgroundLink()} data-testid="back-link">
            ← Back to the playground
          </a>
        </p>
        <p className="tagline">
          Train 1-Lipschitz and standard neural networks side by side on 2-D toy data, and see what their
          robustness certificates mean.
        </p>
      </header>

      {notice && (
        <p className="notice" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {fellBack && (
        <p className="notice" role="status" data-testid="fallback-notice">
          The requested backend “{status.startup.report.requested}” could not start; using “
          {status.startup.report.name}” instead.
        </p>
      )}

      <section className="status" aria-labelledby="status-title" data-state={status.state}>
        <h2 id="status-title">Compute backend</h2>
        {status.state === 'loading' && (
          <p className="loading" data-testid="loading">
            Selecting backend…
          </p>
        )}
        {status.state === 'error' && (
          <p className="error" role="alert" data-testid="error">
            Could not start TensorFlow.js: {status.message}
          </p>
        )}
        {status.state === 'ready' && <StatusTable startup={status.startup} />}
      </section>

      {status.state === 'ready' && runCheck && <BackendAgreement runCheck={runCheck} />}
      {status.state === 'ready' && runLockstepTrial && <LockstepSpeed runTrial={runLockstepTrial} />}
      <TrainingCheck backend={backendPreference} />
    </main>
  );
}

function StatusTable({ startup: { report, check } }: { startup: Startup }) {
  return (
    <dl className="status-list">
      <dt>Backend</dt>
      <dd>
        <strong className="backend-name" data-testid="backend">
          {report.name}
        </strong>
      </dd>

      <dt>Why</dt>
      <dd data-testid="backend-reason">{report.reason}</dd>

      {report.adapter && (
        <>
          <dt>WebGPU adapter</dt>
          <dd data-testid="adapter">
            {describeAdapter(report.adapter)}
            {report.name !== 'webgpu' && isSoftwareAdapter(report.adapter) && ' — not used'}
          </dd>
        </>
      )}

      {report.trials.length > 0 && (
        <>
          <dt>Trial</dt>
          <dd>
            <TrialTable trials={report.trials} chosen={report.name} />
            {report.sizeKey && <span className="hint">the default model (size class {report.sizeKey})</span>}
          </dd>
        </>
      )}

      <dt>Earlier trials</dt>
      <dd>
        <CachedTrials />
      </dd>

      <dt>Check</dt>
      <dd>
        {'error' in check ? (
          <span className="error" role="alert" data-testid="check-error">
            Check computation failed: {check.error}
          </span>
        ) : (
          <>
            <strong className="check-value" data-testid="check-result">
              {check.sum.toPrecision(6)}
            </strong>
            <span className="hint">
              {' '}
              sum of f at {check.count} grid points, the app's Lipschitz 2-64-64-1 GroupSort2 net; after{' '}
              {CHECK_TRAIN_STEPS} Adam steps:{' '}
              <span data-testid="check-trained">{check.trainedSum.toPrecision(6)}</span>; {check.ms.toFixed(0)} ms
            </span>
          </>
        )}
      </dd>
    </dl>
  );
}

const ms = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));

/** One row per backend tried: the score and, for a model trial, the training step and grid pass. */
function TrialTable({ trials, chosen }: { trials: readonly TrialResult[]; chosen: string }) {
  return (
    <table className="trials" data-testid="trials">
      <thead>
        <tr>
          <th scope="col">backend</th>
          <th scope="col">score, ms</th>
          <th scope="col">ms per training step</th>
          <th scope="col">ms per 201×201 grid pass</th>
        </tr>
      </thead>
      <tbody>
        {trials.map((t) => (
          <tr key={t.name} className={t.name === chosen ? 'chosen' : undefined}>
            <td>{t.name}</td>
            {'msPerOp' in t ? (
              <>
                <td>{ms(t.msPerOp)}</td>
                <td>{ms(t.msPerStep)}</td>
                <td>{ms(t.msPerGrid)}</td>
              </>
            ) : (
              <td colSpan={3}>{t.error.startsWith('not tried') ? t.error : `failed: ${t.error}`}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The automatic choices the playground's worker measured in this browser, by model size (localStorage). */
function CachedTrials() {
  const entries = Object.entries(loadTrialCache());
  if (entries.length === 0) return <span className="hint">none yet: the playground measures when it first trains a model of a size</span>;
  return (
    <table className="trials" data-testid="cached-trials">
      <thead>
        <tr>
          <th scope="col">model size class</th>
          <th scope="col">chosen</th>
          <th scope="col">trials (score, ms)</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, report]) => (
          <tr key={key}>
            <td>{key}</td>
            <td>{report.name}</td>
            <td>{report.trials.map((t) => `${t.name} ${'msPerOp' in t ? t.msPerOp.toFixed(1) : 'failed'}`).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
