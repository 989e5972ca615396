/**
 * The playground's one store (zustand, framework-free core): the configuration, the view settings, what
 * the training worker reports, and notices for the person using it. Actions live beside the state; only
 * the store talks to the worker (through a TrainingClient), and components read narrow selectors.
 *
 * Live vs reset. Loss and learning rate apply to the running model at once. Data, architecture,
 * optimizer, batch size and seeds rebuild the model (a new run at step 0), as the controls say.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BackendPreference, BackendReport } from '../backend/names';
import type { DatasetSnapshot, FieldSnapshot, FromWorker, MetricsMessage, ModelSpec } from '../worker/protocol';
import type { TrainingClient } from '../worker/client';
import { parseConfig, type DataConfig, type ExperimentConfig, type LossConfig, type ModelConfig, type TrainConfig } from '../core/config';
import { DEFAULT_VIEW, fieldOptionsFor, type HistoryPoint, type ViewSettings } from '../core/view';

/** The model id of the single-model playground (comparisons add more ids). */
export const MAIN_MODEL = 'main';

/** Steps per second the speed control offers; null = as fast as the machine goes. */
export const SPEEDS = [1, 10, 100, null] as const;
export type Speed = (typeof SPEEDS)[number];

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'warning' | 'error';
}

/** What the worker last reported about one model. */
export interface ModelTraining {
  history: HistoryPoint[];
  latest: MetricsMessage | null;
  field: FieldSnapshot | null;
  dataset: DatasetSnapshot | null;
  divergedAt: number | null;
}

export type TrainingStatus = 'starting' | 'paused' | 'playing' | 'diverged' | 'error';

export interface PlaygroundState {
  config: ExperimentConfig;
  view: ViewSettings;
  presentation: boolean;
  speed: Speed;
  backendPreference: BackendPreference;
  backend: BackendReport | null;
  status: TrainingStatus;
  /** Why training stopped (divergence, error), for a person; null otherwise. */
  statusMessage: string | null;
  models: Record<string, ModelTraining>;
  /** tf.memory().numTensors in the worker at the last snapshot. */
  workerTensors: number | null;
  notices: Notice[];
  actions: PlaygroundActions;
}

export interface PlaygroundActions {
  /** Starts the worker (backend selection) and builds the model, paused at step 0. */
  start(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(count?: number): void;
  /** Fresh weights from the seeds, step 0, paused. */
  reset(): void;
  /** Data changes rebuild the dataset and the model. */
  setData(patch: Partial<DataConfig>): void;
  /** Architecture changes rebuild the model. */
  setModel(patch: Partial<ModelConfig>): void;
  /** Applies at once to the running model. */
  setLoss(patch: Partial<LossConfig>): void;
  /** lr applies at once; optimizer, batch size, seed and steps rebuild the model. */
  setTrain(patch: Partial<TrainConfig>): void;
  /** Replaces the whole configuration (a preset, a pasted link) and rebuilds. */
  loadConfig(config: ExperimentConfig, view?: Partial<ViewSettings>): void;
  setView(patch: Partial<ViewSettings>): void;
  togglePresentation(): void;
  setSpeed(speed: Speed): void;
  /** Restarts the worker on another tfjs backend. */
  setBackend(preference: BackendPreference): void;
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}

/** The part of the worker client the store uses (tests pass a fake). */
export type ClientApi = Pick<
  TrainingClient,
  'subscribe' | 'init' | 'start' | 'reset' | 'play' | 'pause' | 'step' | 'setLoss' | 'setLearningRate' | 'setFieldOptions' | 'setSpeed' | 'terminate'
>;

export interface StoreOptions {
  /** Makes the worker client. */
  createClient: () => ClientApi;
  config: ExperimentConfig;
  view?: ViewSettings;
  backendPreference?: BackendPreference;
  /** Notices to show from the start (e.g. bad URL values). */
  notices?: string[];
}

export type PlaygroundStore = StoreApi<PlaygroundState>;

/** History points kept per model; older points are thinned (every other one) beyond this. */
const MAX_HISTORY = 1500;

function emptyModel(): ModelTraining {
  return { history: [], latest: null, field: null, dataset: null, divergedAt: null };
}

function appendHistory(history: HistoryPoint[], m: MetricsMessage): HistoryPoint[] {
  if (history.length > 0 && history[history.length - 1].step === m.step) return history;
  const next = [...history, { step: m.step, loss: m.loss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy }];
  return next.length > MAX_HISTORY ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

export function createPlaygroundStore(options: StoreOptions): PlaygroundStore {
  let client: ClientApi | null = null;
  let unsubscribe: (() => void) | null = null;
  let noticeId = 0;

  return createStore<PlaygroundState>()((set, get) => {
    const notices: Notice[] = (options.notices ?? []).map((text) => ({ id: ++noticeId, text, tone: 'warning' }));

    const notify = (text: string, tone: Notice['tone'] = 'info') =>
      set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: ++noticeId, text, tone }] }));

    const specs = (): ModelSpec[] => [{ id: MAIN_MODEL, config: get().config }];

    const updateModel = (id: string, patch: (m: ModelTraining) => Partial<ModelTraining>) =>
      set((s) => {
        const current = s.models[id] ?? emptyModel();
        return { models: { ...s.models, [id]: { ...current, ...patch(current) } } };
      });

    const onMessage = (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          set({ backend: message.backend });
          return;
        case 'state':
          set((s) => ({ status: message.playing ? 'playing' : s.status === 'diverged' ? 'diverged' : 'paused' }));
          return;
        case 'metrics':
          set({ workerTensors: message.tensors });
          updateModel(message.modelId, (m) => ({ latest: message, history: appendHistory(m.history, message) }));
          return;
        case 'dataset':
          updateModel(message.modelId, () => ({ dataset: message.dataset }));
          return;
        case 'field':
          updateModel(message.modelId, () => ({ field: message.field }));
          return;
        case 'diverged': {
          updateModel(message.modelId, () => ({ divergedAt: message.step }));
          const { train, loss } = get().config;
          const tau = loss.name === 'tau-bce' ? ', a smaller tau' : '';
          set({
            status: 'diverged',
            statusMessage:
              `At step ${message.step} the loss became NaN or infinite, so training stopped. ` +
              `Try a smaller learning rate (now ${train.lr})${tau}, or press reset.`,
          });
          return;
        }
        case 'error':
          set({ status: 'error', statusMessage: message.message });
          return;
        default:
          return;
      }
    };

    /** Opens a new run of the current config, paused at step 0 (or playing if `play`). */
    const rebuild = (play = false) => {
      if (!client) return;
      set({ models: { [MAIN_MODEL]: emptyModel() }, status: play ? 'playing' : 'paused', statusMessage: null });
      if (play) client.start(specs());
      else client.reset(specs());
      client.setFieldOptions(fieldOptionsFor(get().view));
      client.setSpeed(get().speed);
    };

    /** Validates a candidate config; on any issue nothing changes and the person is told why. */
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
      set({ config });
      if (resets) rebuild(wasPlaying);
      else {
        client?.setLoss(MAIN_MODEL, config.loss);
        client?.setLearningRate(MAIN_MODEL, config.train.lr);
      }
    };

    const connect = () => {
      unsubscribe?.();
      client?.terminate();
      client = options.createClient();
      unsubscribe = client.subscribe(onMessage);
      set({ backend: null, status: 'starting' });
      client.init(get().backendPreference);
      rebuild(false);
    };

    const actions: PlaygroundActions = {
      start: connect,
      play: () => {
        if (get().status === 'diverged') return notify('Training diverged: press reset (or change a setting) first.', 'warning');
        set({ status: 'playing' });
        client?.play();
      },
      pause: () => client?.pause(),
      togglePlay: () => (get().status === 'playing' ? actions.pause() : actions.play()),
      step: (count = 1) => {
        if (get().status === 'diverged') return notify('Training diverged: press reset (or change a setting) first.', 'warning');
        client?.step(count);
      },
      reset: () => rebuild(false),
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
        rebuild(false);
      },
      setView: (patch) => {
        const before = fieldOptionsFor(get().view);
        set((s) => ({ view: { ...s.view, ...patch } }));
        const after = fieldOptionsFor(get().view);
        if (before.distance !== after.distance) client?.setFieldOptions(after);
      },
      togglePresentation: () => set((s) => ({ presentation: !s.presentation })),
      setSpeed: (speed) => {
        set({ speed });
        client?.setSpeed(speed);
      },
      setBackend: (backendPreference) => {
        set({ backendPreference });
        connect();
      },
      notify,
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    };

    return {
      config: options.config,
      view: options.view ?? { ...DEFAULT_VIEW },
      presentation: false,
      speed: null,
      backendPreference: options.backendPreference ?? 'auto',
      backend: null,
      status: 'starting',
      statusMessage: null,
      models: { [MAIN_MODEL]: emptyModel() },
      workerTensors: null,
      notices,
      actions,
    };
  });
}
