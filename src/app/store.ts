/**
 * The playground's one store (zustand, framework-free core), composed of slices: config (what is
 * trained), training (the worker and what it reports), view (how it is shown), drawing (the plot's drawing
 * tools) and notices (messages for the person). Actions live beside their state in each slice (./slices/); only the training slice talks
 * to the worker, and components read narrow selectors.
 */
import { createStore } from 'zustand/vanilla';
import type { BackendPreference } from '../backend/names';
import type { ExperimentConfig } from '../core/config';
import type { ViewSettings } from '../core/view';
import type { Sweep } from '../core/sweep';
import { createConfigSlice } from './slices/config';
import { createDrawingSlice } from './slices/drawing';
import { createNoticeSlice } from './slices/notices';
import { createTrainingSlice } from './slices/training';
import type { ClientApi, PlaygroundState, PlaygroundStore } from './slices/types';
import { createViewSlice } from './slices/view';

export { MAIN_MODEL, SPEEDS } from './slices/types';
export type { ClientApi, ModelTraining, Notice, PlaygroundActions, PlaygroundState, PlaygroundStore, Speed, TrainingStatus } from './slices/types';

export interface StoreOptions {
  /** Makes the worker client. */
  createClient: () => ClientApi;
  config: ExperimentConfig;
  view?: ViewSettings;
  backendPreference?: BackendPreference;
  /** One model per value of this sweep (checked against `config` by the caller). */
  sweep?: Sweep | null;
  /** Notices to show from the start (e.g. bad URL values). */
  notices?: string[];
  /** The wall clock in ms (tests pass their own); performance.now by default. */
  nowMs?: () => number;
}

export function createPlaygroundStore(options: StoreOptions): PlaygroundStore {
  return createStore<PlaygroundState>()((set, get) => {
    const notices = createNoticeSlice(set, options.notices ?? []);
    const training = createTrainingSlice(
      set,
      get,
      options.createClient,
      notices.actions.notify,
      options.backendPreference ?? 'auto',
      options.nowMs ?? (() => performance.now()),
    );
    const config = createConfigSlice(set, get, training.link, notices.actions.notify, options.config, options.sweep ?? null);
    const view = createViewSlice(set, get, training.link, options.view);
    const drawing = createDrawingSlice(set, get);
    return {
      ...drawing.state,
      ...config.state,
      ...training.state,
      ...view.state,
      ...notices.state,
      actions: { ...config.actions, ...training.actions, ...view.actions, ...notices.actions, ...drawing.actions },
    };
  });
}
