/**
 * Every backend against cpu on the check computation (the app's Lipschitz 2-64-64-1 net: f at 256 fixed
 * points, before and after three Adam steps): the largest relative difference, pass or fail against the
 * tolerances shown, and the time each run took. On request (a software WebGPU adapter takes many
 * seconds); backends run one after the other, cpu first (the reference); one that cannot start says so.
 * The selected backend is restored after each run.
 */
import { useState } from 'react';
import { BACKEND_NAMES, type BackendName } from '../../backend/names';
import { CHECK_TOLERANCES, CHECK_TRAIN_STEPS, compareCheck, type CheckAgreement, type CheckValues } from '../../train/backendCheck';
import { useBackendRuns } from './useBackendRuns';

type Row =
  | { backend: BackendName; state: 'waiting' | 'running' }
  | { backend: BackendName; state: 'done'; ms: number; agreement: CheckAgreement | null }
  | { backend: BackendName; state: 'failed'; message: string };

/** cpu first: it is the reference the others are compared with. */
const ORDER: BackendName[] = ['cpu', ...BACKEND_NAMES.filter((b) => b !== 'cpu')];

export function BackendAgreement({ runCheck }: { runCheck: (backend: BackendName) => Promise<CheckValues> }) {
  const [started, setStarted] = useState(false);
  const runs = useBackendRuns(ORDER, runCheck, started);
  const cpu = runs.find((r) => r.backend === 'cpu');
  const reference = cpu?.state === 'done' ? cpu.result : null;
  const rows: Row[] = runs.map((r) =>
    r.state === 'done' ? { backend: r.backend, state: 'done', ms: r.ms, agreement: reference && r.backend !== 'cpu' ? compareCheck(r.result, reference) : null } : r,
  );

  return (
    <section className="status" aria-labelledby="agreement-title">
      <h2 id="agreement-title">Backends against cpu</h2>
      <p className="hint">
        f at 256 points of the app's Lipschitz 2-64-64-1 net, before and after {CHECK_TRAIN_STEPS} Adam steps. Pass: every
        value within {CHECK_TOLERANCES.forward} (before) and {CHECK_TOLERANCES.trained} (after) of cpu's, relative to
        max(1, |f|).
      </p>
      <button type="button" onClick={() => setStarted(true)} disabled={started}>
        Compare every backend with cpu
      </button>
      <table className="trials" data-testid="agreement">
        <thead>
          <tr>
            <th scope="col">backend</th>
            <th scope="col">largest difference, before</th>
            <th scope="col">after training</th>
            <th scope="col">result</th>
            <th scope="col">time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.backend} data-testid={`agreement-${row.backend}`}>
              <th scope="row">{row.backend}</th>
              <AgreementCells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AgreementCells({ row }: { row: Row }) {
  if (row.state === 'failed') return <td colSpan={4}>could not run here: {row.message}</td>;
  if (row.state !== 'done') return <td colSpan={4}>{row.state === 'running' ? 'running…' : '—'}</td>;
  const { agreement, ms } = row;
  const time = <td>{ms.toFixed(0)} ms</td>;
  if (!agreement) {
    return (
      <>
        <td colSpan={2}>the reference</td>
        <td>—</td>
        {time}
      </>
    );
  }
  return (
    <>
      <td>{agreement.forward.toExponential(1)}</td>
      <td>{agreement.trained.toExponential(1)}</td>
      <td>
        <strong className={agreement.pass ? 'pass' : 'fail'}>{agreement.pass ? 'pass' : 'FAIL'}</strong>
      </td>
      {time}
    </>
  );
}
