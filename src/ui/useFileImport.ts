/**
 * Importing a file, shared by the "Import…" button and dropping a file on the page: read it (size checked
 * first), let app/imports.ts decide what it is, and apply it through the store. A CSV goes through setData
 * (the user dataset of the current settings, training resumed if it was playing); a configuration JSON
 * through loadConfig (the whole configuration, as a preset or a pasted link); a model JSON through viewModel
 * (viewed on the current data, it does not train). One line says what happened
 * (useImportMessage), since a refusal must not hide among older notices; the per-field notices of a
 * configuration go to the notice bar.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { importFile, MAX_IMPORT_BYTES, tooLarge } from '../app/imports';
import { useActions, useStateGetter } from './StoreContext';

export interface ImportMessage {
  tone: 'done' | 'error';
  text: string;
}

// One page, one import line: a tiny external store, so the button and the drop target share it.
let current: ImportMessage | null = null;
const listeners = new Set<() => void>();
function setMessage(next: ImportMessage | null): void {
  current = next;
  for (const listener of listeners) listener();
}
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The last import's line (null when none or dismissed), and a function that dismisses it. */
export function useImportMessage(): [ImportMessage | null, () => void] {
  return [useSyncExternalStore(subscribe, () => current), () => setMessage(null)];
}

/** A function that imports one file into the playground. */
export function useFileImport(): (file: File) => Promise<void> {
  const actions = useActions();
  const getState = useStateGetter();
  return useCallback(
    async (file: File) => {
      if (file.size > MAX_IMPORT_BYTES) return setMessage({ tone: 'error', text: tooLarge(file.name, file.size) });
      let text: string;
      try {
        text = await file.text();
      } catch {
        return setMessage({ tone: 'error', text: `${file.name} could not be read; nothing was changed.` });
      }
      const before = getState().config;
      const result = importFile(file.name, text, before);
      if (!result.ok) return setMessage({ tone: 'error', text: result.error });
      if (result.kind === 'model') {
        // A model is viewed on the data shown; a blank drawing canvas would have none.
        if (getState().drawing.blank) return setMessage({ tone: 'error', text: `${file.name} was not viewed: the drawing canvas is blank, add points first.` });
        actions.viewModel(file.name, result.model);
        return setMessage({ tone: 'done', text: result.summary });
      }
      const drawing = getState().drawing.active;
      // While drawing, imported points are one more edit (Ctrl+Z brings the drawing back); a configuration
      // ends the drawing, whose blank canvas would otherwise hide the loaded model.
      if (result.kind === 'csv' && drawing) actions.commitPoints(result.config.data.points);
      else if (result.kind === 'csv') actions.setData({ name: 'user', points: result.config.data.points });
      else {
        if (drawing) actions.stopDrawing();
        actions.loadConfig(result.config);
      }
      // The store refuses a configuration that would break the comparison shown, with its own notice.
      if (getState().config === before) return setMessage({ tone: 'error', text: `${file.name} was not applied; the notices say why.` });
      for (const notice of result.notices) actions.notify(notice, 'warning');
      setMessage({ tone: 'done', text: result.summary });
    },
    [actions, getState],
  );
}
