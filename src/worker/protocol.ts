/**
 * The training worker's protocol: every message between the UI thread and the worker, as two
 * discriminated unions on `type`, imported by both ends (client.ts, worker.ts, engine.ts).
 *
 * Runs. A run is one set of models trained together in lockstep. The client numbers runs; `start` and
 * `reset` open a new run with a new `runId`. Every message carries a runId:
 *   - the worker ignores control messages (`play`, `pause`, `step`, `setLoss`, `setLearningRate`) whose
 *     runId is not the current run's;
 *   - the client drops messages from the worker whose runId is not its current run's, so metrics still in
 *     flight from an old run never reach a new one. `ready` is the exception: it describes the worker (its
 *     backend), not a run, and is always delivered.
 *
 * Messages are structured-cloned; anything big (grids, weights) will travel as Float32Array in a transfer
 * list. Plain data only: no class instances, no functions.
 */
import type { BackendName, BackendPreference, BackendReport } from '../backend/names';
import type { ExperimentConfig, LossConfig } from '../core/config';
import type { MlpJson } from '../core/mlpJson';

/** Why Play and Step do nothing on a viewed model file: the worker's notice, and the page's before asking. */
export const FIXED_MODEL_NOTICE = 'An imported model does not train: Reset returns to training.';

/** A run number chosen by the client; larger is newer. */
export type RunId = number;

/** One model of a run: an id unique within the run (e.g. "lipschitz", "standard", "tau-0.1") and its config. */
export interface ModelSpec {
  id: string;
  config: ExperimentConfig;
}

/** UI thread -> worker. */
export type ToWorker =
  /**
   * Select the tfjs backend inside the worker (selectBackend with this preference; for 'auto', by trials
   * of the training step of `config`, or a choice in `cached`, measured earlier in this browser for the
   * same size class); answered by `ready`.
   */
  | { type: 'init'; runId: RunId; backend: BackendPreference; config?: ExperimentConfig; cached?: Record<string, BackendReport> }
  /** Replace all models by `models` (fresh weights from their seeds) and play. */
  | { type: 'start'; runId: RunId; models: ModelSpec[] }
  /** Replace all models by `models` (fresh weights from their seeds), paused at step 0. */
  | { type: 'reset'; runId: RunId; models: ModelSpec[] }
  /**
   * View a model file, paused at step 0 for good: one model `modelId`, the file's weights (a standard net
   * of its shape) on the data of `config`; Play and Step are refused with FIXED_MODEL_NOTICE.
   */
  | { type: 'viewModel'; runId: RunId; modelId: string; model: MlpJson; config: ExperimentConfig }
  /** Train continuously until `pause` (or until every model has diverged). */
  | { type: 'play'; runId: RunId }
  /** Stop after the current tick; a final `metrics` snapshot follows. */
  | { type: 'pause'; runId: RunId }
  /** Pause, then train exactly `count` more steps (every model), then post metrics. */
  | { type: 'step'; runId: RunId; count: number }
  /** New loss for one model, effective at its next step; weights and optimizer state are kept. */
  | { type: 'setLoss'; runId: RunId; modelId: string; loss: LossConfig }
  /** New learning rate for one model, effective at its next step. */
  | { type: 'setLearningRate'; runId: RunId; modelId: string; lr: number }
  /** Limit training to about this many steps per second per model (null: as fast as possible). */
  | { type: 'setSpeed'; runId: RunId; stepsPerSecond: number | null }
  /**
   * Turns on field snapshots (none are computed before this message) and sets what they hold (grid
   * resolution, optional maps); applies to later snapshots.
   */
  | { type: 'setFieldOptions'; runId: RunId; options: FieldOptions }
  /** Release every model's tensors; the worker stays alive, with its backend, for a later `start`. */
  | { type: 'dispose'; runId: RunId }
  /**
   * From now on, field snapshots are computed by the field worker at the other end of `port` (the
   * training worker sends it weights; see ToFieldWorker), in parallel with training.
   */
  | { type: 'attachFieldWorker'; runId: RunId; port: MessagePort }
  /** The field worker is gone: compute field snapshots in this worker again. */
  | { type: 'detachFieldWorker'; runId: RunId }
  /**
   * Attack the point (x, y) of every model at its current weights (between two training ticks): each
   * model answers with an `attack` message.
   */
  | { type: 'attack'; runId: RunId; x: number; y: number }
  /** The runner's full report of every model at its current weights (answered by `results` messages). */
  | { type: 'report'; runId: RunId }
  /** Every model as the runner's --save-model file, at its current weights (answered by `model` messages). */
  | { type: 'exportModel'; runId: RunId };

// The snapshot types live with the code that computes them; the protocol names them for both ends.
import type { DatasetSnapshot, FieldSnapshot, ModelWeights } from '../train/snapshot';
import type { FieldOptions } from '../core/view';
export type { DatasetSnapshot, FieldOptions, FieldSnapshot, ModelWeights };

/**
 * The field worker. Snapshots (f, |grad f| and the report's numbers on a grid) cost as much as many
 * training steps, so a second worker computes them in parallel, from the effective weights the training
 * worker sends it over a MessageChannel. It posts `field` messages (and `error`s) straight to the page,
 * with the same shape as the training worker's, and acknowledges each request to the training worker,
 * which sends at most one request per model at a time (the latest weights win).
 */
export type ToFieldWorker =
  /** A model's dataset, once per run and model; a newer run id drops older runs' datasets. */
  | { type: 'dataset'; runId: RunId; modelId: string; dataset: DatasetSnapshot }
  /** Compute and post the snapshot of a model at `step` with these effective weights. */
  | { type: 'measure'; runId: RunId; modelId: string; step: number; weights: ModelWeights; options: FieldOptions; playing: boolean };

/** Field worker -> training worker: a `measure` request is done (`ok` false when it failed). */
export interface FieldAck {
  type: 'measured';
  runId: RunId;
  modelId: string;
  ok: boolean;
  /** How long the snapshot took in the field worker. */
  costMs: number;
  /** Whether the training worker asked for it while playing (only those size later snapshots). */
  playing: boolean;
}

/** Page -> field worker: the channel to the training worker, and the tfjs backend to use. */
export type ToFieldWorkerFromPage =
  | { type: 'connect'; port: MessagePort }
  /** Use this backend (the one the training worker chose), so both compute the same f. */
  | { type: 'init'; backend: BackendName };

/** Worker -> UI thread. */
export type FromWorker =
  /**
   * The worker is alive: posted every HEARTBEAT_MS (liveness.ts) from the worker's own timer, by the
   * training and the field worker alike. The client consumes it; a silent worker is taken for dead.
   */
  | { type: 'alive'; runId: RunId }
  /** The backend the worker selected (answer to `init`). */
  | { type: 'ready'; runId: RunId; backend: BackendReport }
  /** Whether the worker is training continuously; posted on every change (play, pause, all diverged). */
  | { type: 'state'; runId: RunId; playing: boolean }
  /**
   * One model's snapshot, posted at a fixed rate while training and once after every start, reset, pause
   * and completed `step`. loss (the train loss), testLoss, trainAccuracy, testAccuracy are over the whole
   * sets at the current weights, not a mini-batch (testLoss and testAccuracy NaN without test points);
   * `tensors` is tf.memory().numTensors in the worker, which must stay flat while training. `msPerStep`
   * is this model's own time per training step since the last metrics (NaN before any step): on wasm and
   * cpu its computation; on WebGL and WebGPU only the time to queue its kernels (the GPU runs them later).
   * `batched`: the model's steps run with the others' as one batched computation (train/lockstep.ts, GPU
   * backends); `msPerStep` is then its equal share of the time of those steps, waited for to the end.
   */
  | {
      type: 'metrics';
      runId: RunId;
      modelId: string;
      step: number;
      loss: number;
      testLoss: number;
      trainAccuracy: number;
      testAccuracy: number;
      tensors: number;
      msPerStep: number;
      batched: boolean;
    }
  /** The dataset of a model of the run, posted once after `start`/`reset`. */
  | { type: 'dataset'; runId: RunId; modelId: string; dataset: DatasetSnapshot }
  /** A field snapshot of one model (big arrays transferred), at most every FieldOptions.intervalMs. */
  | { type: 'field'; runId: RunId; modelId: string; field: FieldSnapshot }
  /** A model's training loss became NaN or infinite by `step`; that model stops, the others go on. */
  | { type: 'diverged'; runId: RunId; modelId: string; step: number }
  /** Something failed (bad config, backend error); `message` is for a person. */
  | { type: 'error'; runId: RunId; message: string }
  /**
   * Something the user should know that is not a failure of the run (a backend fell back after its GPU
   * context was lost, a run was rebuilt, a limit was applied); `message` is for a person. `modelId`: the
   * model of a comparison it is about, which the page names by its setting ("lr = 10: ...").
   */
  | { type: 'notice'; runId: RunId; level: 'info' | 'warning'; message: string; modelId?: string }
  /**
   * A long preparation (building big models, evaluating a big dataset) is under way: `done` of `total`
   * units of `what` (e.g. "building model 2 of 4"). Posted at most a few times a second.
   */
  | { type: 'progress'; runId: RunId; what: string; done: number; total: number }
  /**
   * A diverged model was given a new learning rate or loss: its weights (and optimizer state) went back to
   * those of `step`, its last finite snapshot, and it trains on from there.
   */
  | { type: 'recovered'; runId: RunId; modelId: string; step: number }
  /** One model's minimum-norm attack on a point, at the weights of `step` (answer to `attack`). */
  | { type: 'attack'; runId: RunId; modelId: string; attack: PointAttack }
  /**
   * One model's report, the very object `npm run experiment` prints (train/run.ts RunResult): `seconds`
   * is the run's training wall time (lockstep models share it), `backend` the worker's.
   */
  | { type: 'results'; runId: RunId; modelId: string; metrics: RunMetrics }
  /** One model's file of `npm run experiment -- --save-model` (lip/export.ts exportMlp; answer to `exportModel`). */
  | { type: 'model'; runId: RunId; modelId: string; model: MlpJson };

/**
 * A model's report as the runner prints it (train/run.ts RunResult). Typed loosely here so that the page,
 * which passes it on to a file untouched, never imports the training code's types (and tfjs with them).
 */
export type RunMetrics = Record<string, unknown>;

/**
 * The minimum-norm attack on one point of one model (analysis/attack.ts): f at the point and the model's
 * Lipschitz bound at the same weights (certified radius |f| / bound), the flip point found and the path
 * of the search, in data coordinates.
 */
export interface PointAttack {
  step: number;
  point: [number, number];
  f: number;
  lipschitzBound: number;
  flipped: boolean;
  /** |flipPoint - point|; null without a flip within the budget and the plot's box. */
  distance: number | null;
  flipPoint: [number, number] | null;
  path: [number, number][];
}

export type MetricsMessage = Extract<FromWorker, { type: 'metrics' }>;
