import { parseConfig, type ExperimentConfig } from '../../core/config';
import { addMark, describeLiveChange } from '../liveChanges';
import { MAIN_MODEL, type ConfigActions, type ConfigState, type GetState, type NoticeActions, type SetState, type TrainingLink } from './types';

/**
 * The config slice. Live vs reset: loss and learning rate apply to the running model at once; data,
 * architecture, optimizer, batch size and seeds rebuild the model (a new run at step 0), as the controls
 * say. A candidate that fails validation changes nothing, and the person is told why.
 */
export function createConfigSlice(
  set: SetState,
  get: GetState,
  link: TrainingLink,
  notify: NoticeActions['notify'],
  initial: ExperimentConfig,
): { state: ConfigState; actions: ConfigActions } {
  const accept = (candidate: ExperimentConfig): ExperimentConfig | null => {
    const { config, issues } = parseConfig(candidate);
    if (issues.length > 0) {
      for (const issue of issues) notify(`Not applied: ${issue.path} ${issue.message}.`, 'warning');
      return null;
    }
    return config;
  };

  const changeConfig = (candidate: ExperimentConfig, resets: boolean) => {
    const config = accept(candidate);
    if (!config) return;
    const wasPlaying = get().status === 'playing';
    const before = get().config;
    set({ config });
    if (resets) link.rebuild(wasPlaying);
    else {
      link.client()?.setLoss(MAIN_MODEL, config.loss);
      link.client()?.setLearningRate(MAIN_MODEL, config.train.lr);
      markLiveChange(before, config);
    }
  };

  /** A marker on the main model's loss curve at the step shown when a live setting changed. */
  const markLiveChange = (before: ExperimentConfig, after: ExperimentConfig) => {
    const label = describeLiveChange(before, after);
    const model = get().models[MAIN_MODEL];
    if (!label || !model) return;
    const step = model.latest?.step ?? model.history.at(-1)?.step ?? 0;
    set((s) => {
      const current = s.models[MAIN_MODEL] ?? model;
      return { models: { ...s.models, [MAIN_MODEL]: { ...current, marks: addMark(current.marks, step, label) } } };
    });
  };

  return {
    state: { config: initial },
    actions: {
      setData: (patch) => changeConfig({ ...get().config, data: { ...get().config.data, ...patch } }, true),
      setModel: (patch) => changeConfig({ ...get().config, model: { ...get().config.model, ...patch } }, true),
      setLoss: (patch) => changeConfig({ ...get().config, loss: { ...get().config.loss, ...patch } }, false),
      setTrain: (patch) => {
        const live = Object.keys(patch).every((k) => k === 'lr');
        changeConfig({ ...get().config, train: { ...get().config.train, ...patch } }, !live);
      },
      loadConfig: (config, view) => {
        const accepted = accept(config);
        if (!accepted) return;
        set((s) => ({ config: accepted, view: { ...s.view, ...view } }));
        link.rebuild(false);
      },
    },
  };
}
