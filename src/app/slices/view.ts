import { DEFAULT_VIEW, fieldOptionsFor, type ViewSettings } from '../../core/view';
import type { GetState, SetState, TrainingLink, ViewActions, ViewState } from './types';

/** The view slice: what the plot shows. A view that needs another map asks the worker for it. */
export function createViewSlice(
  set: SetState,
  get: GetState,
  link: TrainingLink,
  initial: ViewSettings | undefined,
): { state: ViewState; actions: ViewActions } {
  return {
    state: { view: initial ?? { ...DEFAULT_VIEW }, presentation: false },
    actions: {
      setView: (patch) => {
        const before = fieldOptionsFor(get().view);
        set((s) => ({ view: { ...s.view, ...patch } }));
        const after = fieldOptionsFor(get().view);
        if (before.distance !== after.distance) link.client()?.setFieldOptions(after);
      },
      togglePresentation: () => set((s) => ({ presentation: !s.presentation })),
    },
  };
}
