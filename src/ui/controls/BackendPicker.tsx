/**
 * Which tfjs backend trains, why, and a picker to ask for another (the store restarts the worker on it).
 * Imports nothing of backend/select.ts at run time, so the UI bundle does not pull tfjs in.
 */
import type { BackendPreference } from '../../backend/names';
import { adapterText } from './format';
import { useActions, usePlayground } from '../StoreContext';
import { SelectField } from './SelectField';

/** Every preference (the Record type keeps it complete), in the order offered. */
const PREFERENCE_LABELS: Record<BackendPreference, string> = {
  auto: 'auto (fastest that works)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (wasm)',
  cpu: 'CPU (plain JavaScript)',
};
export const BACKEND_PREFERENCES = Object.keys(PREFERENCE_LABELS) as BackendPreference[];
const OPTIONS = BACKEND_PREFERENCES.map((value) => ({ value, label: PREFERENCE_LABELS[value] }));

export function BackendPicker() {
  const preference = usePlayground((s) => s.backendPreference);
  const report = usePlayground((s) => s.backend);
  const { setBackend } = useActions();

  return (
    <div className="lp-backend">
      <SelectField label="Backend" value={preference} options={OPTIONS} onChange={setBackend} testId="backend-select" />
      <p className="lp-backend-running">
        Running: <strong data-testid="backend-running">{report ? report.name : 'starting…'}</strong>
      </p>
      {report && (
        <p className="lp-hint" data-testid="backend-reason">
          {report.reason}
          {report.adapter && !report.reason.includes('adapter:') ? ` (WebGPU adapter: ${adapterText(report.adapter)})` : ''}
        </p>
      )}
    </div>
  );
}
