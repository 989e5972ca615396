/**
 * The shape of the playground's store, slice by slice (config, training, view, notices), and what the
 * slices share (types and two constants). The slice creators (./config.ts, ./training.ts, ./view.ts, ./notices.ts) and
 * the store that composes them (../store.ts) import from here, so no slice imports another.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BackendPreference, BackendReport, TrialResult } from '../../backend/names';
import type { DataConfig, ExperimentConfig, LabelledPoint, LossConfig, ModelConfig, TrainConfig } from '../../core/config';
import type { MlpJson } from '../../core/mlpJson';
import type { SettingMark } from '../liveChanges';
import type { Sweep } from '../../core/sweep';
import type { HistoryPoint, ViewSettings } from '../../core/view';
import type { TrainingClient } from '../../worker/client';
import type { DatasetSnapshot, FieldSnapshot, MetricsMessage, PointAttack, RunMetrics } from '../../worker/protocol';

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
  /** Training speed measured from the reported steps over the last 2 s of wall time; null when unknown. */
  stepsPerSecond: number | null;
  /** Live changes of the loss or learning rate during this run, for markers on the loss curve. */
  marks: SettingMark[];
  /** [step, Lipschitz bound] at each field snapshot, for the bound-over-steps chart. */
  bounds: [number, number][];
}

export type TrainingStatus = 'starting' | 'paused' | 'playing' | 'diverged' | 'error';

/** The configuration being trained. */
export interface ConfigState {
  /** The base configuration: the only model's, or every compared model's but for the swept field. */
  config: ExperimentConfig;
  /** One model per value of one setting (the URL's `sweep`), trained side by side; null for one model. */
  sweep: Sweep | null;
}
export interface ConfigActions {
  /** Data changes rebuild the dataset and the model. */
  setData(patch: Partial<DataConfig>): void;
  /** Architecture changes rebuild the model. */
  setModel(patch: Partial<ModelConfig>): void;
  /** Applies at once to the running model. */
  setLoss(patch: Partial<LossConfig>): void;
  /** lr applies at once; optimizer, batch size, seed and steps rebuild the model. */
  setTrain(patch: Partial<TrainConfig>): void;
  /** Replaces the whole configuration (a preset, a pasted link) and its sweep (none by default), and rebuilds. */
  loadConfig(config: ExperimentConfig, view?: Partial<ViewSettings>, sweep?: Sweep | null): void;
  /** Compares one model per value of a setting (null: back to one model); rebuilds. */
  setSweep(sweep: Sweep | null): void;
}

/** The worker, its backend and what it reports. */
export interface TrainingState {
  speed: Speed;
  backendPreference: BackendPreference;
  backend: BackendReport | null;
  /** The latest backend trials that measured something (the automatic choice's), kept across restarts. */
  measuredTrials: TrialResult[];
  status: TrainingStatus;
  /** The worker's last error, for a person, until training plays again or a new run starts; null otherwise. */
  statusMessage: string | null;
  /** A long preparation in the worker (building big models, ...), until the next metrics; null otherwise. */
  progress: { what: string; done: number; total: number } | null;
  models: Record<string, ModelTraining>;
  /** tf.memory().numTensors in the worker at the last snapshot. */
  workerTensors: number | null;
  /** The runner's report of each model, asked for by `requestResults` (null: none pending or kept). */
  results: { entries: Record<string, RunMetrics> } | null;
  /** Each model's `--save-model` file, asked for by `requestModels` (null: none pending or kept). */
  modelFiles: { entries: Record<string, MlpJson> } | null;
  /** The last attacked point and each model's answer so far (null: none, or cleared by a new run). */
  attack: { point: [number, number]; results: Record<string, PointAttack> } | null;
  /** The model file viewed instead of a trained model (`viewModel`; it does not train), until the next run. */
  imported: { name: string } | null;
}
export interface TrainingActions {
  /** Starts the worker (backend selection) and builds the model, paused at step 0. */
  start(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(count?: number): void;
  /** Fresh weights from the seeds, step 0, paused. */
  reset(): void;
  setSpeed(speed: Speed): void;
  /** Restarts the worker on another tfjs backend. */
  setBackend(preference: BackendPreference): void;
  /** Asks the worker for every model's full report (the runner's metrics); null results clear them. */
  requestResults(): void;
  clearResults(): void;
  /** Asks the worker for every model's file as the runner's --save-model writes it; clearModels drops them. */
  requestModels(): void;
  clearModels(): void;
  /** Runs the minimum-norm attack on (x, y) for every model (null: clears the last one). */
  attackPoint(point: [number, number] | null): void;
  /**
   * Views a model file `name` (trained elsewhere) on the current data, in place of the first model: paused
   * at step 0, Play and Step refused; Reset (or any rebuild) returns to training.
   */
  viewModel(name: string, model: MlpJson): void;
}

/** How the model is shown. */
export interface ViewState {
  view: ViewSettings;
  presentation: boolean;
}
export interface ViewActions {
  setView(patch: Partial<ViewSettings>): void;
  togglePresentation(): void;
}

/** The plot's drawing tools: what a click does. */
export interface DrawingSettings {
  /** Clicks on the plot draw (else they do nothing but hover). */
  active: boolean;
  /** The class a plain click adds; shift-click adds the other. */
  label: 1 | -1;
  /** Add points, or erase those near the pointer (a right-click always erases). */
  tool: 'add' | 'erase';
  /** A fresh canvas with no point yet: nothing can train, the plot shows the empty drawing square. */
  blank: boolean;
}
/** One undo entry: the data and whether the canvas was blank before an edit. */
export interface DrawingUndoEntry {
  data: DataConfig;
  blank: boolean;
}
export interface DrawingState {
  drawing: DrawingSettings;
  drawingUndo: DrawingUndoEntry[];
}
export interface DrawingActions {
  /**
   * Turns the drawing tools on. On generated data it starts either a blank canvas or a copy of the
   * current points (`current`); on user data it goes on with them.
   */
  startDrawing(from: 'blank' | 'current'): void;
  stopDrawing(): void;
  setDrawing(patch: Partial<Pick<DrawingSettings, 'label' | 'tool'>>): void;
  /** Makes `points` the user dataset (none: a blank canvas), recording the previous data for undo. */
  commitPoints(points: LabelledPoint[]): void;
  /** Goes back one edit; false when there is nothing to undo. */
  undoDrawing(): boolean;
}

/** Messages for the person using the playground. */
export interface NoticeState {
  notices: Notice[];
}
export interface NoticeActions {
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
  dismissAllNotices(): void;
}

export type PlaygroundActions = ConfigActions & TrainingActions & ViewActions & NoticeActions & DrawingActions;

export interface PlaygroundState extends ConfigState, TrainingState, ViewState, NoticeState, DrawingState {
  actions: PlaygroundActions;
}

export type PlaygroundStore = StoreApi<PlaygroundState>;
export type SetState = PlaygroundStore['setState'];
export type GetState = PlaygroundStore['getState'];

/** The part of the worker client the store uses (tests pass a fake). */
export type ClientApi = Pick<
  TrainingClient,
  'subscribe' | 'init' | 'start' | 'reset' | 'play' | 'pause' | 'step' | 'setLoss' | 'setLearningRate' | 'setFieldOptions' | 'setSpeed' | 'attack' | 'report' | 'exportModel' | 'viewModel' | 'terminate'
>;

/**
 * What the training slice offers the others: the worker client of the moment (null before `start`) and
 * `rebuild`, which opens a new run of the current config at step 0.
 */
export interface TrainingLink {
  client(): ClientApi | null;
  rebuild(play?: boolean): void;
}
