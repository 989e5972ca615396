/**
 * The engine inside the training worker: it owns the models of the current run and advances them in
 * lockstep, K steps each per tick, posting snapshots at a fixed rate. No DOM: it runs in a Web Worker and,
 * with an injected backend selector, in Node (unit tests).
 *
 * Scheduling. Every command and every tick runs through one promise queue, so a reset never disposes a
 * Trainer under a running step and commands apply in the order they were sent. Each tick is a new task
 * (`nextTask`, or setTimeout when the speed menu asks for a wait), so the worker's message events get in
 * between. K adapts so that one tick takes about `tickBudgetMs` for all models together
 * (1 <= K <= maxStepsPerTick); the cost model (core/cost.ts) keeps one step well under 200 ms.
 *
 * Pause answers at once: the message stops training and posts `state` when it arrives, whatever is
 * queued; the final snapshot follows. Commands received earlier but still queued (a play, a step, a
 * start) do not undo it. Long work (evaluations, snapshots) runs in chunks with a new task between them:
 * a snapshot taken while playing is dropped when a command is waiting, any snapshot when a new run is.
 *
 * Faults. A backend lost under the run (a WebGL context, a WebGPU device) is noticed by its watch even
 * while a step waits on it forever; the backend is chosen again without it, the run's models are rebuilt
 * from their last weights read back, and a notice says so. A wasm module that aborted (out of memory) is
 * restarted fresh, the models rebuilt paused, and an error says what happened. A diverged model given a
 * new learning rate or loss goes back to its last finite weights (`recovered`).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendPreference, BackendReport } from '../backend/names';
import type { BackendWatch } from '../backend/loss';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, parseConfig, type ExperimentConfig, type LossConfig } from '../core/config';
import { runTrialKey } from '../train/backendTrial';
import { canCheckTolerance } from '../lip/orthonormalize';
import { computeFieldSnapshot, datasetSnapshot, snapshotTransferables } from '../train/fieldSnapshot';
import { readModelWeights, weightsTransferables } from '../train/inference';
import { FIXED_MODEL_NOTICE, type DatasetSnapshot, type FieldAck, type FieldOptions, type FromWorker, type ModelSpec, type PointAttack, type RunId, type ToFieldWorker } from './protocol';
import { attackModel } from '../train/attack';
import { computeReport, DEFAULT_REPORT_OPTIONS } from '../train/report';
import { exportMlp, lipschitzBoundOf, readNetWeights } from '../lip/export';
import { evaluationChunkPoints } from '../core/cost';
import { Trainer, type BetweenChunks, type Evaluation } from '../train/trainer';
import { modelOfFile, viewedModelConfig } from '../train/viewedModel';
import { parseMlpJson, type MlpJson } from '../core/mlpJson';
import { nextTask } from './nextTask';
import { Abandonable } from './abandonable';
import { FieldSizer } from './fieldSizer';
import { ModelRun } from './modelRun';
import { BatchedLockstep, lockstepBlocker } from '../train/lockstep';
import { Pacer } from './pacer';
import { ProgressReporter } from './progress';

/** What a backend choice may be told: backends lost earlier, and whom to tell before each trial. */
export interface SelectionOptions {
  exclude: BackendName[];
  onTrial?: (name: BackendName, index: number, total: number) => void | Promise<void>;
}

export interface EngineOptions {
  /** Posts a message; `transfer` lists buffers to move rather than copy. */
  post: (message: FromWorker, transfer?: Transferable[]) => void;
  /**
   * Activates a tfjs backend and reports on it (selectBackend in the browser): for 'auto', by trials of
   * the training step of the run's models `configs` (train/backendTrial.ts: a comparison as one lockstep
   * step of all), unless `cached` holds a choice measured earlier for the same size; never one of
   * `selection.exclude`.
   */
  selectBackend: (
    preference: BackendPreference,
    configs: readonly ExperimentConfig[],
    cached: BackendReport | undefined,
    selection: SelectionOptions,
  ) => Promise<BackendReport>;
  /** Watches the active backend for its loss (backend/loss.ts); without it, losses are not looked for. */
  watchBackend?: (name: BackendName) => BackendWatch;
  /** Drops a dead backend so that it can start fresh (backend/loss.ts). */
  retireBackend?: (name: BackendName) => void;
  /** Minimum time between two metrics snapshots while training. */
  metricsIntervalMs?: number;
  /** Wall time one tick aims at, all models together. */
  tickBudgetMs?: number;
  maxStepsPerTick?: number;
  /** A preparation shorter than this posts no `progress`. */
  progressDelayMs?: number;
}

/** Where field snapshots are computed when not in this worker: the field worker, over a port. */
export interface FieldSink {
  post(message: ToFieldWorker, transfer?: Transferable[]): void;
}

const DEFAULTS = { metricsIntervalMs: 250, tickBudgetMs: 40, maxStepsPerTick: 200, progressDelayMs: 300 };
/** Metrics snapshots take at most about 1/METRICS_SHARE of a playing run's time (100,000 points). */
const METRICS_SHARE = 4;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A snapshot dropped between two chunks because a command (or a new run) is waiting. */
class Superseded extends Error {}

/** The backend stopped working under a task. */
class BackendLost extends Error {
  constructor(readonly backend: BackendName, readonly reason: string) {
    super(`${backend}: ${reason}`);
  }
}

/** Snapshots taken by a playing tick may be dropped for any waiting command; final ones only for a new run. */
type SnapshotKind = 'tick' | 'final';

/** How a queued task counts for the snapshots in progress. */
type TaskKind = 'command' | 'run' | 'internal';

const nextTaskPromise = () => new Promise<void>((resolve) => nextTask(resolve));

export class WorkerEngine {
  private readonly post: (message: FromWorker, transfer?: Transferable[]) => void;
  private readonly options: typeof DEFAULTS;
  private backend: Promise<BackendReport> | null = null;
  /** The size class (trialSizeKey) the active backend was chosen for, and how it was asked for. */
  private backendKey: string | null = null;
  private preference: BackendPreference = 'auto';
  private cachedChoices: Record<string, BackendReport> = {};
  /** Backends lost in this worker (a GPU context or device): never chosen again. */
  private readonly excluded: BackendName[] = [];
  private watch: BackendWatch | null = null;
  /** The queue's running task, given up when the backend is lost under it (it may wait forever). */
  private readonly running = new Abandonable();
  /** A loss heard and not yet recovered from. */
  private lost: BackendLost | null = null;
  /** The run's configurations the backend was last chosen for (a recovery chooses for them again). */
  private lastConfigs: readonly ExperimentConfig[] = [DEFAULT_CONFIG];
  private runId: RunId = 0;
  /** The model file the run views (`view`), or null: its weights are fixed, Play and Step are refused. */
  private viewedFile: MlpJson | null = null;

  private get fixed(): boolean {
    return this.viewedFile !== null;
  }
  private models: ModelRun[] = [];
  /** The models' batched lockstep while they share one (GPU backends; `lockstepFor`). */
  private lockstep: BatchedLockstep | null = null;
  private playing = false;
  private pendingSteps = 0;
  private stepsPerTick = 1;
  private lastMetricsMs = -Infinity;
  private lastMetricsCostMs = 0;
  /** Commands received so far, numbered; and the number of the last pause. */
  private received = 0;
  private pausedAt = 0;
  /** Commands and new runs queued and not yet started (snapshots in progress give way to them). */
  private waitingCommands = 0;
  private waitingRuns = 0;
  /** A pause stopped a running model: its final snapshot is owed. */
  private finalSnapshotOwed = false;
  /** Field snapshots are opt-in: none until a client asks with setFieldOptions (they cost real time). */
  private fieldOptions: FieldOptions | null = null;
  private lastFieldMs = -Infinity;
  private lastFieldCostMs = 0;
  /** The field worker, when attached: snapshots are computed there, in parallel with training. */
  private fieldSink: FieldSink | null = null;
  /** `measure` requests of this run not yet acknowledged; a new request waits until they are. */
  private fieldsInFlight = 0;
  /** A snapshot was due while requests were in flight: request one as soon as they are done. */
  private fieldWanted = false;
  private readonly fieldSizer = new FieldSizer();
  /** Speed limit while playing (steps per second per model); null = unlimited. */
  private pacer: Pacer | null = null;
  private nextTickDelayMs = 0;
  private tickScheduled = false;
  private queue: Promise<void> = Promise.resolve();
  /** Wall time spent in training steps in this run (all models together: they train in lockstep). */
  private trainingMs = 0;

  constructor(private readonly engineOptions: EngineOptions) {
    this.post = engineOptions.post;
    this.options = {
      metricsIntervalMs: engineOptions.metricsIntervalMs ?? DEFAULTS.metricsIntervalMs,
      tickBudgetMs: engineOptions.tickBudgetMs ?? DEFAULTS.tickBudgetMs,
      maxStepsPerTick: engineOptions.maxStepsPerTick ?? DEFAULTS.maxStepsPerTick,
      progressDelayMs: engineOptions.progressDelayMs ?? DEFAULTS.progressDelayMs,
    };
  }

  /**
   * Select the backend for `config` (the page's current one) and answer `ready`. `cached` holds the
   * automatic choices this browser measured earlier, by size (trialSizeKey); later calls only re-post the
   * report.
   */
  init(runId: RunId, preference: BackendPreference, config: ExperimentConfig = DEFAULT_CONFIG, cached: Record<string, BackendReport> = {}): void {
    this.received++;
    this.enqueue(runId, 'command', async () => {
      if (!this.backend) {
        this.preference = preference;
        this.cachedChoices = { ...cached };
      }
      const report = await this.backendFor([config], new ProgressReporter(this.post, runId, this.options.progressDelayMs));
      this.post({ type: 'ready', runId, backend: report });
    });
  }

  /** Open run `runId` with fresh models; play at once when `play` (unless a pause came after it). */
  load(runId: RunId, specs: ModelSpec[], play: boolean): void {
    this.open(runId, () => ({ specs, fixed: null }), play);
  }

  /**
   * Open run `runId` viewing a model file: one model `id`, a net holding the file's weights, residual blocks
   * included (train/viewedModel.ts), on the data of `config`, paused at step 0 for good: it does not train.
   */
  view(runId: RunId, id: string, model: MlpJson, config: ExperimentConfig): void {
    this.open(
      runId,
      () => {
        const checked = parseMlpJson(model);
        if ('error' in checked) throw new Error(`The model file cannot be viewed: ${checked.error}.`);
        const viewed = viewedModelConfig(checked.mlp, config);
        if ('error' in viewed) throw new Error(`The model file cannot be viewed: ${viewed.error}. Reset returns to training.`);
        return { specs: [{ id, config: viewed.config }], fixed: checked.mlp };
      },
      false,
    );
  }

  private open(runId: RunId, what: () => { specs: ModelSpec[]; fixed: MlpJson | null }, play: boolean): void {
    const order = ++this.received;
    this.enqueue(runId, 'run', async () => {
      const { specs, fixed } = what();
      this.disposeModels();
      this.runId = runId;
      this.playing = false;
      this.pendingSteps = 0;
      this.finalSnapshotOwed = false;
      this.stepsPerTick = 1;
      this.trainingMs = 0;
      this.lastMetricsMs = -Infinity;
      this.lastMetricsCostMs = 0;
      const checked = checkSpecs(specs);
      const progress = new ProgressReporter(this.post, runId, this.options.progressDelayMs);
      // The run decides the backend: a comparison is measured as one lockstep step of all its models.
      const previous = this.backend;
      const report = await this.backendFor(checked.map((s) => s.config), progress);
      // A new choice (the model changed size a lot) is announced like the first one.
      if (previous !== null && previous !== this.backend) this.post({ type: 'ready', runId, backend: report });
      this.viewedFile = fixed;
      this.models = await this.buildModels(checked, progress);
      this.fieldsInFlight = 0;
      this.fieldWanted = false;
      for (const m of this.models) {
        const dataset = datasetSnapshot(m.trainer);
        this.post({ type: 'dataset', runId, modelId: m.id, dataset }, datasetTransferables(dataset));
      }
      this.sendDatasetsToSink();
      await this.postMetrics(this.models, 'final', progress);
      await this.postFields(this.models, 'final');
      this.setPlaying(play && order > this.pausedAt);
    });
  }

  play(runId: RunId): void {
    const order = ++this.received;
    this.control(runId, () => {
      if (this.refuseIfFixed()) return;
      if (order > this.pausedAt) this.setPlaying(true);
    });
  }

  /**
   * Stops training now, before anything queued runs: `state` is posted at once (the answer the page
   * waits for), the final snapshot of the models that were running follows in the queue.
   */
  pause(runId: RunId): void {
    this.pausedAt = ++this.received;
    if (runId >= this.runId) {
      if (runId === this.runId && (this.playing || this.pendingSteps > 0)) this.finalSnapshotOwed = true;
      if (runId === this.runId) {
        this.playing = false;
        this.pendingSteps = 0;
      }
      this.post({ type: 'state', runId, playing: false });
    }
    this.control(runId, async () => {
      if (!this.finalSnapshotOwed) return;
      this.finalSnapshotOwed = false;
      await this.postMetrics(this.active(), 'final');
      await this.postFields(this.active(), 'final');
    });
  }

  step(runId: RunId, count: number): void {
    const order = ++this.received;
    this.control(runId, () => {
      if (!Number.isInteger(count) || count < 1) throw new Error(`step count must be an integer >= 1, got ${count}`);
      if (order < this.pausedAt || this.refuseIfFixed()) return; // a pause sent after it stopped it already
      this.setPlaying(false);
      this.pendingSteps += count;
      this.schedule();
    });
  }

  /** Limits (or, with null, frees) the training speed while playing. */
  setSpeed(runId: RunId, stepsPerSecond: number | null): void {
    this.received++;
    this.control(runId, () => {
      this.pacer = stepsPerSecond === null ? null : new Pacer(stepsPerSecond);
    });
  }

  /** New settings for field snapshots; when paused, a fresh snapshot follows at once. */
  setFieldOptions(runId: RunId, options: FieldOptions): void {
    this.received++;
    this.control(runId, async () => {
      const n = options.gridNodes;
      if (!Number.isInteger(n) || n < 3 || n > 1001) throw new Error(`grid nodes must be an integer from 3 to 1001, got ${n}`);
      this.fieldOptions = { ...options };
      if (!this.wantsSteps()) await this.postFields(this.models, 'final');
    });
  }

  /** A new loss for one model; a diverged model goes back to its last finite weights first. */
  setLoss(runId: RunId, modelId: string, loss: LossConfig): void {
    this.received++;
    this.control(runId, async () => {
      const m = this.model(modelId);
      m.config = { ...m.config, loss };
      if (m.diverged) await this.recoverModel(m);
      else m.trainer.setLoss(loss);
    });
  }

  /** A new learning rate for one model; a diverged model goes back to its last finite weights first. */
  setLearningRate(runId: RunId, modelId: string, lr: number): void {
    this.received++;
    this.control(runId, async () => {
      if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be finite and > 0, got ${lr}`);
      const m = this.model(modelId);
      m.config = { ...m.config, train: { ...m.config.train, lr } };
      if (m.diverged) await this.recoverModel(m);
      else m.trainer.setLearningRate(lr);
    });
  }

  /**
   * The minimum-norm attack on (x, y) for every model, at its current weights: queued like a command, so
   * no training step runs in between; each model answers with an `attack` message.
   */
  attack(runId: RunId, x: number, y: number): void {
    this.received++;
    this.control(runId, async () => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`attack point must be finite, got (${x}, ${y})`);
      for (const m of this.models) {
        const model = m.trainer.model;
        const box = m.trainer.dataset.domain;
        const [result] = await attackModel(model, Float32Array.of(x, y), box);
        const lipschitzBound = lipschitzBoundOf(await readNetWeights(model), model.outputScale);
        const attack: PointAttack = {
          step: m.trainer.step,
          point: [x, y],
          f: result.f,
          lipschitzBound,
          flipped: result.flipped,
          distance: result.distance,
          flipPoint: result.flipPoint ? [result.flipPoint[0], result.flipPoint[1]] : null,
          path: result.path.map((p): [number, number] => [p[0], p[1]]),
        };
        this.post({ type: 'attack', runId: this.runId, modelId: m.id, attack });
      }
    });
  }

  /**
   * The runner's report of every model at its current weights (train/report.ts computeReport, attack
   * included), as `npm run experiment` prints it: queued like a command, between two ticks.
   */
  report(runId: RunId): void {
    this.received++;
    this.control(runId, async () => {
      const backend = (await this.backend)?.name ?? tf.getBackend();
      for (const m of this.models) {
        const report = await computeReport(m.trainer, DEFAULT_REPORT_OPTIONS);
        const metrics = { ...report, steps: m.trainer.step, seconds: this.trainingMs / 1000, msPerStep: m.meanMsPerStep, backend, diverged: m.diverged };
        this.post({ type: 'results', runId: this.runId, modelId: m.id, metrics });
      }
    });
  }

  /**
   * Every model as the runner's `--save-model` file (exportMlp: effective weights baked in) at its current
   * weights: queued like a command, between two ticks, so the file is the model of one step.
   */
  exportModel(runId: RunId): void {
    this.received++;
    this.control(runId, async () => {
      for (const m of this.models) {
        this.post({ type: 'model', runId: this.runId, modelId: m.id, model: await exportMlp(m.trainer.model) });
      }
    });
  }

  /** Field snapshots are computed by `sink` from now on (null: in this worker again). */
  attachFieldSink(sink: FieldSink | null): void {
    this.enqueue(this.runId, 'internal', () => {
      this.fieldSink = sink;
      this.fieldsInFlight = 0;
      this.fieldWanted = false;
      this.sendDatasetsToSink();
      if (!this.wantsSteps()) return this.postFields(this.active(), 'final');
    });
  }

  /** The field worker finished a request: send the next one if a snapshot became due meanwhile. */
  onFieldAck(ack: FieldAck): void {
    this.enqueue(this.runId, 'internal', () => {
      if (ack.runId !== this.runId || this.fieldsInFlight === 0) return; // an older run's request
      this.fieldsInFlight--;
      this.fieldSizer.record(ack.costMs, ack.playing);
      if (this.fieldsInFlight === 0 && this.fieldWanted) {
        this.fieldWanted = false;
        return this.postFields(this.active(), this.playing ? 'tick' : 'final');
      }
    });
  }

  /** Release every model; the backend stays. Resolves when done. */
  dispose(runId: RunId): Promise<void> {
    this.received++;
    return this.enqueue(runId, 'run', () => {
      this.playing = false;
      this.pendingSteps = 0;
      this.disposeModels();
    });
  }

  /** Resolves when every command and tick queued so far, and any queued meanwhile, has run (for tests). */
  async idle(): Promise<void> {
    let queue: Promise<void>;
    do {
      queue = this.queue;
      await queue;
    } while (queue !== this.queue);
  }

  /**
   * The backend for a run of models like `configs`: the active one, unless the choice is automatic and
   * the run's size class (runTrialKey: the models' sizes and number) differs from the one it was chosen
   * for, in which case the choice is made again (from the cache, or by new trials). A new choice is
   * watched for its loss.
   */
  private async backendFor(configs: readonly ExperimentConfig[], progress: ProgressReporter): Promise<BackendReport> {
    this.lastConfigs = configs;
    const key = runTrialKey(configs);
    if (this.backend && (this.preference !== 'auto' || this.backendKey === key)) return this.backend;
    this.backendKey = key;
    const selection: SelectionOptions = {
      exclude: [...this.excluded],
      onTrial: async (name, index, total) => {
        progress.report(`measuring the ${name} backend`, index, total);
        await nextTaskPromise(); // the worker's heartbeat gets in between two trials
      },
    };
    const cached = this.cachedChoices[key];
    this.backend = this.engineOptions
      .selectBackend(this.preference, configs, cached && !this.excluded.includes(cached.name) ? cached : undefined, selection)
      .then((report) => ({ ...report, sizeKey: key }));
    const report = await this.backend;
    if (report.requested === 'auto') this.cachedChoices[key] = report;
    this.watchBackend(report.name);
    return report;
  }

  /** Watches the active backend: a loss abandons the task waiting on it, and the run moves elsewhere. */
  private watchBackend(name: BackendName): void {
    this.watch?.stop();
    this.watch = this.engineOptions.watchBackend?.(name) ?? null;
    const watch = this.watch;
    if (!watch) return;
    void watch.lost.then((reason) => {
      if (watch !== this.watch || this.lost) return;
      this.lost = new BackendLost(name, reason);
      this.running.abandon(this.lost);
      // An idle queue recovers at once: any task does, before its own work.
      void this.enqueue(this.runId, 'internal', () => undefined);
    });
  }

  /** The backend's failure behind an error, if it is one (a lost context, an aborted wasm module). */
  private failureBehind(err: unknown): BackendLost | null {
    if (err instanceof BackendLost) return err;
    const reason = this.watch?.check() ?? null;
    const name = (tf.getBackend() ?? 'cpu') as BackendName;
    return reason === null ? null : new BackendLost(name, reason);
  }

  /**
   * Run `task` after everything queued before it. A failure becomes an `error` message and pauses, unless
   * the backend died under it: then the run moves to a working backend (`recoverBackend`).
   */
  private enqueue(runId: RunId, kind: TaskKind, task: () => void | Promise<void>): Promise<void> {
    if (kind === 'command') this.waitingCommands++;
    if (kind === 'run') this.waitingRuns++;
    this.queue = this.queue.then(async () => {
      if (kind === 'command') this.waitingCommands--;
      if (kind === 'run') this.waitingRuns--;
      try {
        if (this.lost) await this.recoverBackend();
        await this.running.run(task);
      } catch (err) {
        if (err instanceof Superseded) return;
        const failure = this.lost ?? this.failureBehind(err);
        if (failure) {
          this.lost = failure;
          try {
            await this.recoverBackend();
          } catch (again) {
            this.fail(runId, `the backend was lost (${failure.reason}) and could not be replaced: ${errorMessage(again)}`);
          }
          return;
        }
        this.fail(runId, errorMessage(err));
      }
    });
    return this.queue;
  }

  /** Stops training and says why. */
  private fail(runId: RunId, message: string): void {
    const wasPlaying = this.playing;
    this.playing = false;
    this.pendingSteps = 0;
    this.post({ type: 'error', runId, message });
    if (wasPlaying) this.post({ type: 'state', runId: this.runId, playing: false });
  }

  /** A command for the current run only: stale run ids are ignored. */
  private control(runId: RunId, task: () => void | Promise<void>): void {
    this.enqueue(runId, 'command', () => (runId === this.runId ? task() : undefined));
  }

  /**
   * The backend died: retire it, choose again (without a lost GPU backend; a fresh module for an aborted
   * wasm), rebuild every model there from its last weights read back, and say what happened. A run that
   * was playing goes on after a lost GPU; after a wasm abort it waits, paused, with an error.
   */
  private async recoverBackend(): Promise<void> {
    const lost = this.lost!;
    this.lost = null;
    const wasPlaying = this.playing || this.pendingSteps > 0;
    this.playing = false;
    this.pendingSteps = 0;
    this.watch?.stop();
    this.watch = null;
    this.engineOptions.retireBackend?.(lost.backend);
    const gpu = lost.backend === 'webgl' || lost.backend === 'webgpu';
    if (gpu && !this.excluded.includes(lost.backend)) this.excluded.push(lost.backend);
    if (this.excluded.includes(this.preference as BackendName)) this.preference = 'auto';
    this.backend = null;
    this.backendKey = null;
    const chosen = await this.backendFor(this.lastConfigs, new ProgressReporter(this.post, this.runId, this.options.progressDelayMs));
    const report: BackendReport = { ...chosen, reason: `${lost.backend} was lost (${lost.reason}); ${chosen.reason}` };
    this.backend = Promise.resolve(report);
    this.post({ type: 'ready', runId: this.runId, backend: report });

    for (const m of this.models) m.replaceTrainer(this.newTrainer(m.config, m.trainer.dataset));
    this.fieldsInFlight = 0;
    this.fieldWanted = false;
    const steps = [...new Set(this.models.map((m) => m.trainer.step))].join(', ');
    const from = this.models.length === 0 ? '' : steps === '0' ? ' The run starts again from step 0 (no weights had been read back yet).' :
      ` The run goes on from step ${steps}, its last weights read back before the loss (the steps after it are redone; the optimizer state starts fresh).`;
    if (gpu) {
      // The watch's words ("the WebGL context was lost", "the WebGPU device was lost (destroyed)") lead.
      const what = lost.reason.charAt(0).toUpperCase() + lost.reason.slice(1);
      this.post({
        type: 'notice',
        runId: this.runId,
        level: 'warning',
        message: `${what}: the GPU was reset, or the browser took it back. Training moved to ${report.name}, chosen again without ${lost.backend}.${from}`,
      });
    } else {
      this.post({
        type: 'error',
        runId: this.runId,
        message:
          `The ${lost.backend} backend stopped: ${lost.reason}. It was restarted fresh and the run is paused.${from} ` +
          'If it happens again, the configuration is too big for this browser: fewer or narrower layers, fewer points, or a smaller batch.',
      });
    }
    await this.postMetrics(this.models, 'final');
    await this.postFields(this.active(), 'final');
    this.setPlaying(gpu && wasPlaying);
  }

  /**
   * A trainer for `config` on the active backend. Its passes over many points (the runner's report on
   * Download results, an attack) yield between chunks: Pause and the heartbeat get in (a report of a
   * standard 3 x 544 net took a minute here).
   */
  private newTrainer(config: ExperimentConfig, dataset: Trainer['dataset']): Trainer {
    // A viewed file's net is rebuilt from the file (on a new backend too): its blocks have no variables.
    const model = this.viewedFile ? modelOfFile(this.viewedFile, config) : undefined;
    return new Trainer(config, dataset, { checkTolerance: canCheckTolerance(tf.getBackend()), between: nextTaskPromise, model });
  }

  /** Builds one model per (checked) spec, saying so when it takes a while; all or none. */
  private async buildModels(specs: ModelSpec[], progress: ProgressReporter): Promise<ModelRun[]> {
    const runs: ModelRun[] = [];
    try {
      for (const [i, { id, config }] of specs.entries()) {
        progress.report(specs.length > 1 ? `building model ${i + 1} of ${specs.length}` : 'building the model', i, specs.length);
        const trainer = this.newTrainer(config, generateDataset(config.data));
        runs.push(new ModelRun(id, config, trainer));
        if (i + 1 < specs.length) await nextTaskPromise();
      }
    } catch (err) {
      for (const r of runs) r.trainer.dispose();
      throw err;
    }
    return runs;
  }

  /**
   * A diverged model given a new setting: a fresh trainer (fresh optimizer state and power-iteration
   * vectors) at its last finite weights, `recovered`, then its snapshot.
   */
  private async recoverModel(m: ModelRun): Promise<void> {
    m.replaceTrainer(this.newTrainer(m.config, m.trainer.dataset));
    m.diverged = false;
    this.post({ type: 'recovered', runId: this.runId, modelId: m.id, step: m.trainer.step });
    await this.postMetrics([m], 'final');
    await this.postFields([m], 'final');
  }

  /** A viewed model file does not train: Play and Step say so, and the run stays paused. */
  private refuseIfFixed(): boolean {
    if (!this.fixed) return false;
    this.post({ type: 'notice', runId: this.runId, level: 'info', message: FIXED_MODEL_NOTICE });
    this.post({ type: 'state', runId: this.runId, playing: false });
    return true;
  }

  private model(id: string): ModelRun {
    const found = this.models.find((m) => m.id === id);
    if (!found) throw new Error(`no model "${id}" in run ${this.runId}`);
    return found;
  }

  private active(): ModelRun[] {
    return this.models.filter((m) => !m.diverged);
  }

  private wantsSteps(): boolean {
    return (this.playing || this.pendingSteps > 0) && this.active().length > 0;
  }

  /** Sets and announces the play state (also when unchanged: the client may be waiting for it). */
  private setPlaying(playing: boolean): void {
    const starting = playing && !this.playing;
    this.playing = playing && this.active().length > 0;
    // Play shows its first steps at once, however long evaluations make the gap between later snapshots.
    if (starting) this.lastMetricsMs = -Infinity;
    this.post({ type: 'state', runId: this.runId, playing: this.playing });
    this.schedule();
  }

  /** Queues the next tick in a new task; at most one tick is pending or queued at a time. */
  private schedule(): void {
    if (this.tickScheduled || !this.wantsSteps()) return;
    this.tickScheduled = true;
    const delay = this.playing ? this.nextTickDelayMs : 0;
    const run = () => {
      void this.enqueue(this.runId, 'internal', () => {
        this.tickScheduled = false;
        return this.tick();
      });
    };
    if (delay > 0) setTimeout(run, delay);
    else nextTask(run);
  }

  /** K steps for every live model, divergence checks, maybe a snapshot, and the next tick. */
  private async tick(): Promise<void> {
    if (!this.wantsSteps()) return;
    const stepping = !this.playing;
    const pacer = stepping ? null : this.pacer;
    const k = stepping ? Math.min(this.stepsPerTick, this.pendingSteps) : pacer ? pacer.stepsPerTick() : this.stepsPerTick;
    const models = this.active();
    const started = performance.now();
    pacer?.tickStarted(started);
    const losses = await this.stepModels(models, k);
    const elapsed = performance.now() - started;
    this.trainingMs += elapsed;
    if (!pacer) this.adaptStepsPerTick(k, elapsed);
    // A pause that came meanwhile has cleared the pending steps already.
    if (stepping) this.pendingSteps = Math.max(0, this.pendingSteps - k);

    // The exact step of divergence: the first non-finite batch loss of the tick.
    const divergedAt = new Map<ModelRun, number>();
    models.forEach((m, i) => {
      const bad = losses[i].findIndex((loss) => !Number.isFinite(loss));
      if (bad < 0) return;
      m.diverged = true;
      divergedAt.set(m, m.trainer.step - k + bad + 1);
    });
    const finished = stepping && this.pendingSteps === 0;
    const final = finished || divergedAt.size > 0 ? 'final' : 'tick';
    // A big evaluation (100,000 points) refreshes less often: at most 1/METRICS_SHARE of the time.
    const metricsGap = Math.max(this.options.metricsIntervalMs, METRICS_SHARE * this.lastMetricsCostMs);
    const due = performance.now() - this.lastMetricsMs >= metricsGap;
    if (due || final === 'final') await this.postMetrics(models, final);
    // In this worker, snapshots get at most about 40% of its time: the gap after one is at least 1.5x
    // its cost. The field worker computes them in parallel, so then only the interval counts.
    const interval = this.fieldOptions?.intervalMs ?? 0;
    const fieldGap = this.fieldSink ? interval : Math.max(interval, 1.5 * this.lastFieldCostMs);
    // Ticks end at most a tick budget apart: asking half a budget early keeps the mean gap at the interval
    // (asking late made 200 ms a 4.5-a-second refresh, not 5).
    const fieldDue = performance.now() - this.lastFieldMs >= fieldGap - this.options.tickBudgetMs / 2;
    if (fieldDue || finished) await this.postFields(models.filter((m) => !m.diverged), final);
    for (const [m, step] of divergedAt) this.post({ type: 'diverged', runId: this.runId, modelId: m.id, step });
    // The wait counts the whole tick, snapshots included, so the speed limit holds on average.
    this.nextTickDelayMs = pacer ? pacer.delayAfter(k, performance.now()) : 0;
    if (this.playing && this.active().length === 0) this.setPlaying(false);
    this.schedule();
  }

  /**
   * k steps of every model, in lockstep. Models that can share one batched computation (same shape, on a
   * GPU backend: train/lockstep.ts) take their steps together, each recorded with an equal share of the
   * time; otherwise each model queues its k steps synchronously before the losses are awaited, and the
   * time each call takes is that model's own cost on wasm and cpu, which compute while queueing.
   */
  private async stepModels(models: ModelRun[], k: number): Promise<Float32Array[]> {
    const lockstep = this.lockstepFor(models);
    if (lockstep) {
      const started = performance.now();
      const losses = await lockstep.runStepsWithLosses(k);
      const share = (performance.now() - started) / models.length;
      for (const m of models) m.recordSteps(share, k);
      return losses;
    }
    return Promise.all(
      models.map((m) => {
        const queued = performance.now();
        const done = m.trainer.runStepsWithLosses(k);
        m.recordSteps(performance.now() - queued, k);
        return done;
      }),
    );
  }

  /**
   * The batched lockstep of these models' trainers, kept while they stay the same and can share one
   * (checked every tick: live changes may part them); null when they step one after another.
   */
  private lockstepFor(models: ModelRun[]): BatchedLockstep | null {
    const trainers = models.map((m) => m.trainer);
    const batchable = lockstepBlocker(trainers) === null;
    if (this.lockstep && (!batchable || !this.lockstep.trains(trainers))) this.disposeLockstep();
    if (batchable && !this.lockstep) this.lockstep = new BatchedLockstep(trainers);
    return this.lockstep;
  }

  private disposeLockstep(): void {
    try {
      this.lockstep?.dispose();
    } catch {
      // Its backend is gone (a lost GPU context): nothing to free there.
    }
    this.lockstep = null;
  }

  /** Up by at most 2x a tick, down at once: a tick that ran long is not repeated at that size. */
  private adaptStepsPerTick(k: number, elapsedMs: number): void {
    if (k !== this.stepsPerTick) return;
    const factor = Math.min(2, this.options.tickBudgetMs / Math.max(elapsedMs, 0.1));
    this.stepsPerTick = Math.min(this.options.maxStepsPerTick, Math.max(1, Math.floor(k * factor)));
  }

  /**
   * What runs between two chunks of an evaluation or a snapshot: a new task (messages get in), then the
   * snapshot gives way if a new run waits, or, for a playing tick's snapshot, any command.
   */
  private betweenChunks(kind: SnapshotKind, onChunk?: () => void): BetweenChunks {
    return async () => {
      await nextTaskPromise();
      if (this.waitingRuns > 0 || (kind === 'tick' && this.waitingCommands > 0)) throw new Superseded();
      onChunk?.();
    };
  }

  /**
   * Evaluates `models` on their full train and test sets (in chunks) and posts one `metrics` message per
   * model; then keeps checkpoints and runs the health detectors (a notice per finding, once a run).
   * A snapshot superseded between chunks posts nothing.
   */
  private async postMetrics(models: ModelRun[], kind: SnapshotKind, progress?: ProgressReporter): Promise<void> {
    const started = performance.now();
    const evaluations: Evaluation[] = [];
    try {
      for (const [i, m] of models.entries()) {
        const { train, test } = m.trainer.dataset;
        const chunk = evaluationChunkPoints(m.config.model);
        const total = Math.ceil(train.labels.length / chunk) + Math.ceil(test.labels.length / chunk);
        let done = 0;
        const what = models.length > 1 ? `evaluating model ${i + 1} of ${models.length}` : 'evaluating the model';
        evaluations.push(await m.trainer.evaluate(this.betweenChunks(kind, () => progress?.report(what, ++done, total))));
      }
    } catch (err) {
      // A playing tick goes on without this snapshot; a final one ends its task (a new run replaces it).
      if (err instanceof Superseded && kind === 'tick') return;
      throw err;
    }
    const tensors = tf.memory().numTensors;
    this.lastMetricsMs = performance.now();
    this.lastMetricsCostMs = this.lastMetricsMs - started;
    models.forEach((m, i) => {
      const { step, loss, testLoss, trainAccuracy, testAccuracy } = evaluations[i];
      const msPerStep = m.takeMsPerStep();
      const batched = this.lockstep?.trainers.includes(m.trainer) ?? false;
      this.post({ type: 'metrics', runId: this.runId, modelId: m.id, step, loss, testLoss, trainAccuracy, testAccuracy, tensors, msPerStep, batched });
    });
    // In a comparison the page puts the model's name (its setting) before the notice.
    const comparison = this.models.length > 1;
    for (const [i, m] of models.entries()) {
      for (const message of await m.observe(evaluations[i])) {
        this.post({ type: 'notice', runId: this.runId, level: 'warning', message, ...(comparison ? { modelId: m.id } : {}) });
      }
    }
  }

  /**
   * One field snapshot per model: computed here (in chunks) and posted (buffers transferred), or, with a
   * field worker, requested from it with the models' current weights (at most one request per model in
   * flight; a snapshot due meanwhile is requested when they are answered).
   */
  private async postFields(models: ModelRun[], kind: SnapshotKind): Promise<void> {
    const options = this.fieldOptions;
    if (!options) return;
    const playing = this.playing;
    const sized = { ...options, gridNodes: this.fieldSizer.gridNodes(options.gridNodes, playing) };
    if (this.fieldSink) return this.requestFields(models, sized, playing, this.fieldSink);
    const started = performance.now();
    try {
      for (const m of models) {
        const chunking = { points: evaluationChunkPoints(m.config.model), between: this.betweenChunks(kind) };
        const field = await computeFieldSnapshot(m.trainer, sized, chunking);
        this.post({ type: 'field', runId: this.runId, modelId: m.id, field }, snapshotTransferables(field));
      }
    } catch (err) {
      if (err instanceof Superseded && kind === 'tick') return;
      throw err;
    }
    // Computing fields takes time too: count the gap from its end, so training keeps most of the worker.
    this.lastFieldMs = performance.now();
    this.lastFieldCostMs = this.lastFieldMs - started;
    this.fieldSizer.record(this.lastFieldCostMs / Math.max(1, models.length), playing);
  }

  private async requestFields(models: ModelRun[], options: FieldOptions, playing: boolean, sink: FieldSink): Promise<void> {
    if (this.fieldsInFlight > 0) {
      this.fieldWanted = true;
      return;
    }
    this.lastFieldMs = performance.now();
    for (const m of models) {
      const weights = await readModelWeights(m.trainer.model);
      const request: ToFieldWorker = { type: 'measure', runId: this.runId, modelId: m.id, step: m.trainer.step, weights, options, playing };
      this.fieldsInFlight++;
      sink.post(request, weightsTransferables(weights));
    }
  }

  /** Gives the field worker the datasets of the current models (it keeps them for the run). */
  private sendDatasetsToSink(): void {
    if (!this.fieldSink) return;
    for (const m of this.models) {
      const dataset = datasetSnapshot(m.trainer);
      this.fieldSink.post({ type: 'dataset', runId: this.runId, modelId: m.id, dataset }, datasetTransferables(dataset));
    }
  }

  private disposeModels(): void {
    this.disposeLockstep();
    for (const m of this.models) {
      try {
        m.trainer.dispose();
      } catch {
        // Its backend is gone (an aborted module): nothing to free there.
      }
    }
    this.models = [];
  }
}

function datasetTransferables(dataset: DatasetSnapshot): ArrayBuffer[] {
  return [dataset.trainXy, dataset.trainLabels, dataset.testXy, dataset.testLabels].map((a) => a.buffer as ArrayBuffer);
}

/** Validates the specs (at least one, unique ids, configs without issues); returns them with parsed configs. */
function checkSpecs(specs: ModelSpec[]): ModelSpec[] {
  if (specs.length === 0) throw new Error('a run needs at least one model');
  const ids = new Set(specs.map((s) => s.id));
  if (ids.size !== specs.length) throw new Error('model ids must be unique within a run');
  return specs.map(({ id, config }) => {
    const { config: checked, issues } = parseConfig(config);
    if (issues.length > 0) throw new Error(`model "${id}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    return { id, config: checked };
  });
}
