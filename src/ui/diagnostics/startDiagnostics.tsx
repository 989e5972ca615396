/**
 * The diagnostics page (`?diagnostics`): read the URL's backend preference, select a tfjs backend, run the check computation on it,
 * expose a small hook for end-to-end tests, and render the page (which shows progress from the first frame).
 */
import { DEFAULT_CONFIG } from '../../core/config';
import { measureStepAndGrid, trialSizeKey } from '../../train/backendTrial';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import * as tf from '@tensorflow/tfjs';
import { App, type Startup } from './App';
import {
  BACKEND_NAMES,
  parsePreference,
  selectBackend,
  withBackend,
  type BackendName,
  type BackendPreference,
  type BackendReport,
} from '../../backend/select';
import { checkSummary, runCheckComputation, type CheckValues } from '../../train/backendCheck';
import { lockstepAgreement, measureLockstep, type LockstepAgreement, type LockstepTrial } from '../../train/lockstepTrial';
import './diagnostics.css';

/** What end-to-end tests read from the page. */
export interface PlaygroundHook {
  /** The backend selected at startup. */
  backend: BackendName;
  report: BackendReport;
  /** tf.getBackend(), live. */
  tfBackend(): string;
  /**
   * Run the check computation (the app's Lipschitz 2-64-64-1 net: f at 256 fixed points, before and after
   * three Adam steps) on `backendName`, then restore the selected backend.
   */
  runCheck(backendName: string): Promise<CheckValues>;
  /**
   * Train 3 small nets for 3 steps on `backendName` one after another and as one batched computation
   * (train/lockstep.ts); the largest relative gaps in their losses and final weights.
   */
  runLockstepCheck(backendName: string): Promise<LockstepAgreement>;
}

declare global {
  interface Window {
    __lipschitzPlayground?: PlaygroundHook;
  }
}

function readPreference(): { preference: BackendPreference; notice?: string } {
  const raw = new URLSearchParams(window.location.search).get('backend');
  if (raw === null) return { preference: 'auto' };
  const preference = parsePreference(raw);
  if (preference) return { preference };
  return {
    preference: 'auto',
    notice:
      `Unknown backend "${raw}" in the URL; choosing automatically. ` +
      `Valid values: auto, ${BACKEND_NAMES.join(', ')}.`,
  };
}

function runCheck(backendName: string): Promise<CheckValues> {
  const name = parsePreference(backendName);
  if (name === undefined || name === 'auto') {
    return Promise.reject(new Error(`unknown backend "${backendName}"`));
  }
  return withBackend(name, runCheckComputation);
}

function runLockstepTrial(name: BackendName): Promise<LockstepTrial> {
  return withBackend(name, () => measureLockstep());
}

async function startup(preference: BackendPreference): Promise<Startup> {
  // The same trial as the training worker's: the default model's training step and a field-grid pass.
  const report = { ...(await selectBackend(preference, () => measureStepAndGrid(DEFAULT_CONFIG))), sizeKey: trialSizeKey(DEFAULT_CONFIG) };
  window.__lipschitzPlayground = {
    backend: report.name,
    report,
    tfBackend: () => tf.getBackend(),
    runCheck,
    runLockstepCheck: (backendName) => {
      const name = parsePreference(backendName);
      if (name === undefined || name === 'auto') return Promise.reject(new Error(`unknown backend "${backendName}"`));
      return withBackend(name, () => lockstepAgreement());
    },
  };
  const start = performance.now();
  try {
    const { forward, trained } = await runCheckComputation();
    const check = {
      sum: checkSummary(forward),
      trainedSum: checkSummary(trained),
      count: forward.length,
      ms: performance.now() - start,
    };
    return { report, check };
  } catch (err) {
    return { report, check: { error: err instanceof Error ? err.message : String(err) } };
  }
}

/** Renders the diagnostics page (backend choice, check computation, worker check) into `root`. */
export function startDiagnostics(root: HTMLElement): void {
  const { preference, notice } = readPreference();
  const started = startup(preference);
  createRoot(root).render(
    <StrictMode>
      <App startup={started} notice={notice} backendPreference={preference} runCheck={runCheck} runLockstepTrial={runLockstepTrial} />
    </StrictMode>,
  );
}
