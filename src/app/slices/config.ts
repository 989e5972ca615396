import { parseConfig, type ExperimentConfig } from '../../core/config';
import { addMark, describeLiveChange } from '../liveChanges';
import { modelEntries } from '../comparison';
import type { Sweep } from '../../core/sweep';
import { type ConfigActions, type ConfigState, type GetState, type NoticeActions, type SetState, type TrainingLink } from './types';

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
  initialSweep: Sweep | null,
): { state: ConfigState; actions: ConfigActions } {
  const accept = (candidate: ExperimentConfig, sweep = get().sweep): ExperimentConfig | null => {
    const { config, issues } = parseConfig(candidate);
    if (issues.length > 0) {
      for (const issue of issues) notify(`Not applied: ${issue.path} ${issue.message}.`, 'warning');
      return null;
    }
    // In a comparison every swept value must still make a valid model with the new base.
    const models = modelEntries(config, sweep);
    if (!models.ok) {
      notify(`Not applied: ${models.error}.`, 'warning');
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
      const models = modelEntries(config, get().sweep);
      for (const m of models.ok ? models.models : []) {
        link.client()?.setLoss(m.id, m.config.loss);
        link.client()?.setLearningRate(m.id, m.config.train.lr);
      }
      markLiveChange(before, config);
    }
  };

  /** A marker on every model's loss curve at the step shown when a live setting changed. */
  const markLiveChange = (before: ExperimentConfig, after: ExperimentConfig) => {
    const label = describeLiveChange(before, after);
    if (!label) return;
    set((s) => {
      const models = { ...s.models };
      for (const [id, model] of Object.entries(models)) {
        const step = model.latest?.step ?? model.history.at(-1)?.step ?? 0;
        models[id] = { ...model, marks: addMark(model.marks, step, label) };
      }
      return { models };
    });
  };

  return {
    state: { config: initial, sweep: initialSweep },
    actions: {
      setData: (patch) => changeConfig({ ...get().config, data: { ...get().config.data, ...patch } }, true),
      setModel: (patch) => changeConfig({ ...get().config, model: { ...get().config.model, ...patch } }, true),
      setLoss: (patch) => changeConfig({ ...get().config, loss: { ...get().config.loss, ...patch } }, false),
      setTrain: (patch) => {
        const live = Object.keys(patch).every((k) => k === 'lr');
        changeConfig({ ...get().config, train: { ...get().config.train, ...patch } }, !live);
      },
      setSweep: (sweep) => {
        if (sweep && !accept(get().config, sweep)) return;
        set({ sweep });
        link.rebuild(get().status === 'playing');
      },
      loadConfig: (config, view, sweep = null) => {
        const accepted = accept(config, sweep);
        if (!accepted) return;
        set((s) => ({ config: accepted, sweep, view: { ...s.view, ...view } }));
        link.rebuild(false);
      },
    },
  };
}
