/**
 * What a comparison's training costs on each backend (train/lockstepTrial.ts): ms per step of one default
 * model, of 8 models one after another and of 8 models as one batched computation, and the batched step
 * in single steps (the target: within 2.5). On request, backends one after another (a software GPU takes
 * tens of seconds); one that cannot start says so. The selected backend is restored after each run.
 */
import { useState } from 'react';
import { BACKEND_NAMES, type BackendName } from '../../backend/names';
import type { LockstepTrial } from '../../train/lockstepTrial';
import { canCheckTolerance } from '../../lip/orthonormalize';
import { useBackendRuns, type BackendRun } from './useBackendRuns';

type Row = BackendRun<LockstepTrial>;

/** The app's own backends first; cpu, the slowest, last. */
const ORDER: BackendName[] = [...BACKEND_NAMES.filter((b) => b !== 'cpu'), 'cpu'];

/**
 * Whether the playground trains a comparison (of one shape) as one batched computation on a backend: on
 * the fixed-count path, as `lockstepBlocker` (train/lockstep.ts) decides.
 */
const batchesOn = (backend: BackendName) => !canCheckTolerance(backend);

const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;

export function LockstepSpeed({ runTrial }: { runTrial: (backend: BackendName) => Promise<LockstepTrial> }) {
  const [started, setStarted] = useState(false);
  const rows = useBackendRuns(ORDER, runTrial, started);

  return (
    <section className="status" aria-labelledby="lockstep-title">
      <h2 id="lockstep-title">Comparisons: 8 models in one step</h2>
      <p className="hint">
        The default 1-Lipschitz net (2-64-64-64-1, batch 256) at 8 temperatures, as <code>sweep=tau:0.1..100/8</code>: ms per
        training step of one model, of the 8 one after another, and of the 8 as one batched computation (stacked weights,
        one batched product per layer: what the playground runs on WebGL and WebGPU). Medians of 3 timed runs of 1 to 5
        steps (as many as take about 0.3 s), each waiting for its losses.
      </p>
      <button type="button" onClick={() => setStarted(true)} disabled={started}>
        Measure every backend
      </button>
      <table className="trials" data-testid="lockstep-speed">
        <thead>
          <tr>
            <th scope="col">backend</th>
            <th scope="col">1 model</th>
            <th scope="col">8, one after another</th>
            <th scope="col">8, batched</th>
            <th scope="col">batched step in single steps</th>
            <th scope="col">a comparison here runs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.backend} data-testid={`lockstep-${row.backend}`}>
              <th scope="row">{row.backend}</th>
              <TrialCells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TrialCells({ row }: { row: Row }) {
  if (row.state === 'failed') return <td colSpan={5}>could not run here: {row.message}</td>;
  if (row.state !== 'done') return <td colSpan={5}>{row.state === 'running' ? 'running…' : '—'}</td>;
  const { oneMs, oneByOneMs, batchedMs } = row.result;
  return (
    <>
      <td data-testid="lockstep-one">{ms(oneMs)}</td>
      <td data-testid="lockstep-one-by-one">{ms(oneByOneMs)}</td>
      <td data-testid="lockstep-batched">{ms(batchedMs)}</td>
      <td data-testid="lockstep-ratio">{(batchedMs / oneMs).toFixed(1)}×</td>
      <td>{batchesOn(row.backend) ? 'batched' : 'one after another'}</td>
    </>
  );
}
