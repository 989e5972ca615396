import type { BackendPreference } from '../../backend/names';
import { fieldOptionsFor, type HistoryPoint } from '../../core/view';
import { FIXED_MODEL_NOTICE, type MetricsMessage, type ModelSpec } from '../../worker/protocol';
import type { ClientEvent } from '../../worker/client';
import { RateMeter } from '../rate';
import { modelEntries } from '../comparison';
import type {
  ClientApi,
  GetState,
  ModelTraining,
  NoticeActions,
  SetState,
  TrainingActions,
  TrainingLink,
  TrainingState,
} from './types';

/** History points kept per model; older points are thinned (every other one) beyond this. */
const MAX_HISTORY = 1500;

/** A worker lost this many times within RESTART_WINDOW_MS is not restarted again: something is wrong. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

function emptyModel(): ModelTraining {
  return { history: [], latest: null, field: null, dataset: null, divergedAt: null, stepsPerSecond: null, marks: [], bounds: [] };
}

function appendHistory(history: HistoryPoint[], m: MetricsMessage): HistoryPoint[] {
  if (history.length > 0 && history[history.length - 1].step === m.step) return history;
  const point: HistoryPoint = { step: m.step, loss: m.loss, testLoss: m.testLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy };
  const next = [...history, point];
  return next.length > MAX_HISTORY ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

import { slowChoiceWarning } from '../backendAdvice';

/** The bound history with [step, bound] appended (one entry per step; thinned like the history). */
function appendBound(bounds: [number, number][], step: number, bound: number): [number, number][] {
  if (bounds.length > 0 && bounds[bounds.length - 1][0] === step) return bounds;
  const next: [number, number][] = [...bounds, [step, bound]];
  return next.length > MAX_HISTORY ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

/**
 * The training slice: the only code that talks to the worker. It owns the client, turns the worker's
 * messages into state (status, per-model history and snapshots, backend) and offers the other slices a
 * `TrainingLink` (the client of the moment and `rebuild`).
 */
export function createTrainingSlice(
  set: SetState,
  get: GetState,
  createClient: () => ClientApi,
  notify: NoticeActions['notify'],
  backendPreference: BackendPreference,
  nowMs: () => number,
): { state: TrainingState; actions: TrainingActions; link: TrainingLink } {
  let client: ClientApi | null = null;
  let unsubscribe: (() => void) | null = null;
  const meters = new Map<string, RateMeter>();
  /** When the worker was last found dead and restarted (a crash loop stops after MAX_RESTARTS). */
  let restarts: number[] = [];

  /** The measured speed of a model after a report that it is at `step`. */
  const measure = (id: string, step: number): number | null => {
    let meter = meters.get(id);
    if (!meter) meters.set(id, (meter = new RateMeter()));
    meter.add(nowMs(), step);
    return meter.rate();
  };

  /** The models of the run: the config alone, or one per value of the sweep (the config slice checked it). */
  const specs = (): ModelSpec[] => {
    const entries = modelEntries(get().config, get().sweep);
    return entries.ok ? entries.models.map(({ id, config }) => ({ id, config })) : [];
  };
  const emptyModels = (): Record<string, ModelTraining> => Object.fromEntries(specs().map((m) => [m.id, emptyModel()]));

  const updateModel = (id: string, patch: (m: ModelTraining) => Partial<ModelTraining>) =>
    set((s) => {
      const current = s.models[id] ?? emptyModel();
      return { models: { ...s.models, [id]: { ...current, ...patch(current) } } };
    });

  const onMessage = (message: ClientEvent) => {
    switch (message.type) {
      case 'ready': {
        const { backend } = message;
        // Keep the last measurements of every backend, to warn about a slow manual choice later.
        set((s) => ({ backend, measuredTrials: backend.trials.some((t) => !('error' in t)) ? backend.trials : s.measuredTrials }));
        // A backend asked for by name (the URL, the picker) that could not start: say so where it is seen.
        if (backend.requested !== 'auto' && backend.requested !== backend.name) {
          notify(`Backend ${backend.requested} is not available here, so ${backend.name} runs instead: ${backend.reason}`, 'warning');
        }
        return;
      }
      case 'state':
        // The worker's word is the run state: "playing" clears the reason it last stopped.
        set((s) => ({
          status: message.playing ? 'playing' : s.status === 'diverged' ? 'diverged' : 'paused',
          statusMessage: message.playing ? null : s.statusMessage,
        }));
        return;
      case 'lost':
        return onWorkerLost(message.reason);
      case 'notice':
        notify(message.modelId === undefined ? message.message : `${modelName(message.modelId)}: ${message.message}`, message.level);
        return;
      case 'progress':
        set({ progress: { what: message.what, done: message.done, total: message.total } });
        return;
      case 'recovered': {
        updateModel(message.modelId, () => ({ divergedAt: null }));
        const stillDiverged = Object.values(get().models).some((m) => m.divergedAt !== null);
        if (!stillDiverged && get().status === 'diverged') set({ status: 'paused', statusMessage: null });
        notify(`${modelName(message.modelId)}: back to the weights of step ${message.step}, the last before the loss became NaN; training goes on from there with the new setting.`, 'info');
        return;
      }
      case 'metrics':
        set({ workerTensors: message.tensors, progress: null });
        updateModel(message.modelId, (m) => ({
          latest: message,
          history: appendHistory(m.history, message),
          stepsPerSecond: measure(message.modelId, message.step),
        }));
        return;
      case 'dataset':
        updateModel(message.modelId, () => ({ dataset: message.dataset }));
        return;
      case 'field':
        updateModel(message.modelId, (m) => ({ field: message.field, bounds: appendBound(m.bounds, message.field.step, message.field.lipschitzBound) }));
        return;
      case 'diverged': {
        updateModel(message.modelId, () => ({ divergedAt: message.step }));
        const others = Object.entries(get().models).filter(([id, m]) => id !== message.modelId && m.divergedAt === null);
        if (others.length > 0) {
          // In a comparison the worker trains the others on: say which one stopped.
          notify(`${modelName(message.modelId)}: the loss became NaN or infinite at step ${message.step}; that model stopped, the others go on.`, 'warning');
          return;
        }
        // The advice is written from the current settings when shown (app/divergence.ts), so it stays true.
        set({ status: 'diverged', statusMessage: null });
        return;
      }
      case 'error':
        // Before the backend is up an error means nothing can train; later the worker says by a `state`
        // message whether training stopped, so the status stays the worker's.
        set((s) => ({ status: s.status === 'starting' ? 'error' : s.status, statusMessage: message.message, progress: null }));
        return;
      case 'results': {
        const current = get().results;
        if (!current) return;
        set({ results: { entries: { ...current.entries, [message.modelId]: message.metrics } } });
        return;
      }
      case 'model': {
        const current = get().modelFiles;
        if (!current) return;
        set({ modelFiles: { entries: { ...current.entries, [message.modelId]: message.model } } });
        return;
      }
      case 'attack': {
        const current = get().attack;
        const [x, y] = message.attack.point;
        // Only answers for the point asked last count.
        if (!current || current.point[0] !== x || current.point[1] !== y) return;
        set({ attack: { ...current, results: { ...current.results, [message.modelId]: message.attack } } });
        return;
      }
      default:
        return;
    }
  };

  /** A model's name for a person: its sweep label in a comparison, else its id. */
  const modelName = (id: string): string => {
    const entries = modelEntries(get().config, get().sweep);
    return (entries.ok ? entries.models.find((m) => m.id === id)?.label : undefined) ?? id;
  };

  /**
   * The worker is gone (closed, killed, silent): start a fresh one with the same configuration, at step 0
   * (the page holds no copy of the weights), playing again if it was. A crash loop stops after a few tries.
   */
  const onWorkerLost = (reason: string) => {
    const now = nowMs();
    restarts = [...restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
    const wasPlaying = get().status === 'playing';
    if (restarts.length > MAX_RESTARTS) {
      unsubscribe?.();
      client = null;
      set({
        status: 'error',
        progress: null,
        statusMessage: `The training worker stopped ${restarts.length} times within a minute (last: ${reason}). Reload the page, or open the defaults.`,
      });
      return;
    }
    notify(`The training worker stopped (${reason}). A fresh worker took over with the same settings, at step 0: the page keeps no copy of the weights.`, 'error');
    connect();
    if (wasPlaying) actions.play();
  };

  /** Opens a new run of the current config, paused at step 0 (or playing if `play`). */
  const rebuild = (play = false) => {
    if (!client) return;
    meters.clear();
    // Until the backend is up, the run waits: "starting", not "paused".
    const idle = get().backend ? 'paused' : 'starting';
    set({ models: emptyModels(), status: play ? 'playing' : idle, statusMessage: null, attack: null, results: null, modelFiles: null, progress: null, imported: null });
    if (play) client.start(specs());
    else client.reset(specs());
    client.setFieldOptions(fieldOptionsFor(get().view));
    client.setSpeed(get().speed);
  };

  const connect = () => {
    unsubscribe?.();
    client?.terminate();
    client = createClient();
    unsubscribe = client.subscribe(onMessage);
    set({ backend: null, status: 'starting' });
    client.init(get().backendPreference, get().config);
    rebuild(false);
  };

  /** A blank drawing canvas has nothing to train: say so instead of training, unseen, the data it replaced. */
  const refuseIfBlank = (): boolean => {
    if (!get().drawing.blank) return false;
    notify('The drawing canvas is blank: add a point (click on the plot) before training.', 'info');
    return true;
  };

  const refuseIfDiverged = (): boolean => {
    if (get().status !== 'diverged') return false;
    notify('Training diverged: lower the learning rate or change the loss (the model goes back to its last finite weights and trains on), or press reset.', 'warning');
    return true;
  };

  /** A viewed model file does not train (the worker refuses too, with the same words). */
  const refuseIfImported = (): boolean => {
    if (!get().imported) return false;
    notify(FIXED_MODEL_NOTICE, 'info');
    return true;
  };

  const actions: TrainingActions = {
    start: connect,
    play: () => {
      if (refuseIfImported() || refuseIfBlank() || refuseIfDiverged()) return;
      set({ status: 'playing' });
      client?.play();
    },
    pause: () => client?.pause(),
    togglePlay: () => (get().status === 'playing' ? actions.pause() : actions.play()),
    step: (count = 1) => {
      if (refuseIfImported() || refuseIfBlank() || refuseIfDiverged()) return;
      client?.step(count);
    },
    reset: () => rebuild(false),
    requestResults: () => {
      set({ results: { entries: {} } });
      client?.report();
    },
    clearResults: () => set({ results: null }),
    requestModels: () => {
      set({ modelFiles: { entries: {} } });
      client?.exportModel();
    },
    clearModels: () => set({ modelFiles: null }),
    attackPoint: (point) => {
      set({ attack: point ? { point, results: {} } : null });
      if (point) client?.attack(point[0], point[1]);
    },
    viewModel: (name, model) => {
      const first = specs()[0];
      if (!client || !first) return;
      meters.clear();
      const idle = get().backend ? 'paused' : 'starting';
      set({
        models: { [first.id]: emptyModel() },
        status: idle,
        statusMessage: null,
        attack: null,
        results: null,
        modelFiles: null,
        progress: null,
        imported: { name },
      });
      client.viewModel(first.id, model, first.config);
      client.setFieldOptions(fieldOptionsFor(get().view));
    },
    setSpeed: (speed) => {
      set({ speed });
      client?.setSpeed(speed);
    },
    setBackend: (preference) => {
      if (preference === get().backendPreference) return;
      set({ backendPreference: preference });
      connect();
      notify(`Backend: ${preference}. Training restarted at step 0 on it.`, 'info');
      const warning = slowChoiceWarning(preference, get().measuredTrials);
      if (warning) notify(warning, 'warning');
    },
  };

  return {
    state: {
      speed: null,
      backendPreference,
      backend: null,
      measuredTrials: [],
      status: 'starting',
      statusMessage: null,
      progress: null,
      models: {},
      workerTensors: null,
      attack: null,
      results: null,
      modelFiles: null,
      imported: null,
    },
    actions,
    link: { client: () => client, rebuild },
  };
}
