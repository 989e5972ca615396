/**
 * "Import…": a file picker for a CSV of points, a configuration JSON or a model JSON (a real button, so Tab
 * and Enter reach it; the file input itself stays hidden), the line saying what the last import did, and,
 * while a model file is viewed, a line that says so (it stays until Reset or a new run, even if the import
 * line is dismissed).
 */
import { useRef } from 'react';
import { quoteUntrusted } from '../core/text';
import { usePlayground } from './StoreContext';
import { useFileImport, useImportMessage } from './useFileImport';
import './imports.css';

export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const importOne = useFileImport();
  const [message, dismiss] = useImportMessage();
  const imported = usePlayground((s) => s.imported);
  return (
    <div className="lp-import">
      <button
        type="button"
        className="lp-button"
        data-testid="import-button"
        title="Import a CSV of points (x,y,label), a configuration JSON or a model JSON to view; or drop the file on the page"
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,.json,text/csv,application/json"
        className="lp-import-input"
        data-testid="import-input"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // the same file picked again imports again
          if (file) void importOne(file);
        }}
      />
      {imported && (
        <div className="lp-import-message" role="status" data-testid="imported-model">
          <span>
            Imported model {quoteUntrusted(imported.name)}: it does not train (Reset returns to training). Its Lipschitz bound is the
            product of the spectral norms of the file's weights.
          </span>
        </div>
      )}
      {message && (
        <div className={`lp-import-message lp-import-${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'} data-testid="import-message">
          <span>{message.text}</span>
          <button type="button" className="lp-button lp-dismiss" onClick={dismiss} aria-label="Dismiss the import message">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
