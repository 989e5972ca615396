/**
 * Runs one measurement on each backend in turn, once `started`, and keeps a row per backend for a table:
 * waiting, running, done (with the result and the time it took) or failed (with the reason). Shared by the
 * diagnostics page's per-backend tables; stops updating when the component goes away.
 */
import { useEffect, useState } from 'react';
import type { BackendName } from '../../backend/names';

export type BackendRun<T> =
  | { backend: BackendName; state: 'waiting' | 'running' }
  | { backend: BackendName; state: 'done'; result: T; ms: number }
  | { backend: BackendName; state: 'failed'; message: string };

export function useBackendRuns<T>(order: readonly BackendName[], run: (backend: BackendName) => Promise<T>, started: boolean): BackendRun<T>[] {
  const [rows, setRows] = useState<BackendRun<T>[]>(order.map((backend) => ({ backend, state: 'waiting' })));
  useEffect(() => {
    if (!started) return;
    let live = true;
    const update = (row: BackendRun<T>) => live && setRows((rs) => rs.map((r) => (r.backend === row.backend ? row : r)));
    (async () => {
      for (const backend of order) {
        if (!live) return;
        update({ backend, state: 'running' });
        const start = performance.now();
        try {
          const result = await run(backend);
          update({ backend, state: 'done', result, ms: performance.now() - start });
        } catch (err) {
          update({ backend, state: 'failed', message: err instanceof Error ? err.message : String(err) });
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [order, run, started]);
  return rows;
}
