/**
 * The engine inside the training worker: it owns the Trainers of the current run and advances them in
 * lockstep, K steps each per tick, posting snapshots at a fixed rate. No DOM: it runs in a Web Worker and,
 * with an injected backend selector, in Node (unit tests).
 *
 * Scheduling. Every command and every tick runs through one promise queue, so a reset never disposes a
 * Trainer under a running step and commands apply in the order they were sent. Each tick is a new task
 * (`nextTask`, or setTimeout when the speed menu asks for a wait), so the worker's message events get in
 * between: a `pause` waits at most one tick.
 * K adapts so that one tick takes about `tickBudgetMs` for all models together (1 <= K <= maxStepsPerTick).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference, BackendReport } from '../backend/names';
import { generateDataset } from '../data/split';
import { DEFAULT_CONFIG, parseConfig, type ExperimentConfig, type LossConfig } from '../core/config';
import { trialSizeKey } from '../train/backendTrial';
import { canCheckTolerance } from '../lip/orthonormalize';
import { computeFieldSnapshot, datasetSnapshot, snapshotTransferables } from '../train/fieldSnapshot';
import { readModelWeights, weightsTransferables } from '../train/inference';
import type { DatasetSnapshot, FieldAck, FieldOptions, FromWorker, ModelSpec, PointAttack, RunId, ToFieldWorker } from './protocol';
import { attackModel } from '../train/attack';
import { computeReport, DEFAULT_REPORT_OPTIONS } from '../train/report';
import { lipschitzBoundOf, readEffectiveWeights } from '../lip/export';
import { Trainer } from '../train/trainer';
import { nextTask } from './nextTask';
import { FieldSizer } from './fieldSizer';
import { Pacer } from './pacer';

export interface EngineOptions {
  /** Posts a message; `transfer` lists buffers to move rather than copy. */
  post: (message: FromWorker, transfer?: Transferable[]) => void;
  /**
   * Activates a tfjs backend and reports on it (selectBackend in the browser): for 'auto', by trials of
   * the training step of `config` (train/backendTrial.ts), unless `cached` holds a choice measured earlier
   * for the same size.
   */
  selectBackend: (preference: BackendPreference, config: ExperimentConfig, cached: BackendReport | undefined) => Promise<BackendReport>;
  /** Minimum time between two metrics snapshots while training. */
  metricsIntervalMs?: number;
  /** Wall time one tick aims at, all models together. */
  tickBudgetMs?: number;
  maxStepsPerTick?: number;
}

/** Where field snapshots are computed when not in this worker: the field worker, over a port. */
export interface FieldSink {
  post(message: ToFieldWorker, transfer?: Transferable[]): void;
}

interface ModelRun {
  id: string;
  trainer: Trainer;
  diverged: boolean;
}

const DEFAULTS = { metricsIntervalMs: 250, tickBudgetMs: 40, maxStepsPerTick: 200 };

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class WorkerEngine {
  private readonly post: (message: FromWorker, transfer?: Transferable[]) => void;
  private readonly options: typeof DEFAULTS;
  private backend: Promise<BackendReport> | null = null;
  /** The size class (trialSizeKey) the active backend was chosen for, and how it was asked for. */
  private backendKey: string | null = null;
  private preference: BackendPreference = 'auto';
  private cachedChoices: Record<string, BackendReport> = {};
  private runId: RunId = 0;
  private models: ModelRun[] = [];
  private playing = false;
  private pendingSteps = 0;
  private stepsPerTick = 1;
  private lastMetricsMs = -Infinity;
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
    };
  }

  /**
   * Select the backend for `config` (the page's current one) and answer `ready`. `cached` holds the
   * automatic choices this browser measured earlier, by size (trialSizeKey); later calls only re-post the
   * report.
   */
  init(runId: RunId, preference: BackendPreference, config: ExperimentConfig = DEFAULT_CONFIG, cached: Record<string, BackendReport> = {}): void {
    this.enqueue(runId, async () => {
      if (!this.backend) {
        this.preference = preference;
        this.cachedChoices = { ...cached };
      }
      const report = await this.backendFor(config);
      this.post({ type: 'ready', runId, backend: report });
    });
  }

  /** Open run `runId` with fresh models; play at once when `play`. */
  load(runId: RunId, specs: ModelSpec[], play: boolean): void {
    this.enqueue(runId, async () => {
      this.disposeModels();
      this.runId = runId;
      this.playing = false;
      this.pendingSteps = 0;
      this.stepsPerTick = 1;
      this.trainingMs = 0;
      this.lastMetricsMs = -Infinity;
      const checked = checkSpecs(specs);
      // The first model decides the backend (a comparison's models are of one size class in practice).
      const previous = this.backend;
      const report = await this.backendFor(checked[0].config);
      // A new choice (the model changed size a lot) is announced like the first one.
      if (previous !== null && previous !== this.backend) this.post({ type: 'ready', runId, backend: report });
      const checkTolerance = canCheckTolerance(report.name);
      this.models = buildModels(checked, checkTolerance);
      this.fieldsInFlight = 0;
      this.fieldWanted = false;
      for (const m of this.models) {
        const dataset = datasetSnapshot(m.trainer);
        this.post({ type: 'dataset', runId, modelId: m.id, dataset }, datasetTransferables(dataset));
      }
      this.sendDatasetsToSink();
      await this.postMetrics(this.models);
      await this.postFields(this.models);
      this.setPlaying(play);
    });
  }

  play(runId: RunId): void {
    this.control(runId, () => this.setPlaying(true));
  }

  pause(runId: RunId): void {
    this.control(runId, async () => {
      const wasRunning = this.playing || this.pendingSteps > 0;
      this.playing = false;
      this.pendingSteps = 0;
      // The final snapshot goes before the state, so a client that sees "paused" already has the last step.
      if (wasRunning) {
        await this.postMetrics(this.active());
        await this.postFields(this.active());
      }
      this.setPlaying(false);
    });
  }

  step(runId: RunId, count: number): void {
    this.control(runId, () => {
      if (!Number.isInteger(count) || count < 1) throw new Error(`step count must be an integer >= 1, got ${count}`);
      this.setPlaying(false);
      this.pendingSteps += count;
      this.schedule();
    });
  }

  /** Limits (or, with null, frees) the training speed while playing. */
  setSpeed(runId: RunId, stepsPerSecond: number | null): void {
    this.control(runId, () => {
      this.pacer = stepsPerSecond === null ? null : new Pacer(stepsPerSecond);
    });
  }

  /** New settings for field snapshots; when paused, a fresh snapshot follows at once. */
  setFieldOptions(runId: RunId, options: FieldOptions): void {
    this.control(runId, async () => {
      const n = options.gridNodes;
      if (!Number.isInteger(n) || n < 3 || n > 1001) throw new Error(`grid nodes must be an integer from 3 to 1001, got ${n}`);
      this.fieldOptions = { ...options };
      if (!this.wantsSteps()) await this.postFields(this.models);
    });
  }

  setLoss(runId: RunId, modelId: string, loss: LossConfig): void {
    this.control(runId, () => this.model(modelId).trainer.setLoss(loss));
  }

  setLearningRate(runId: RunId, modelId: string, lr: number): void {
    this.control(runId, () => {
      if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be finite and > 0, got ${lr}`);
      this.model(modelId).trainer.setLearningRate(lr);
    });
  }

  /**
   * The minimum-norm attack on (x, y) for every model, at its current weights: queued like a command, so
   * no training step runs in between; each model answers with an `attack` message.
   */
  attack(runId: RunId, x: number, y: number): void {
    this.control(runId, async () => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`attack point must be finite, got (${x}, ${y})`);
      for (const m of this.models) {
        const model = m.trainer.model;
        const box = m.trainer.dataset.domain;
        const [result] = await attackModel(model, Float32Array.of(x, y), box);
        const lipschitzBound = lipschitzBoundOf(await readEffectiveWeights(model), model.outputScale);
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
    this.control(runId, async () => {
      const backend = (await this.backend)?.name ?? tf.getBackend();
      for (const m of this.models) {
        const report = await computeReport(m.trainer, DEFAULT_REPORT_OPTIONS);
        const metrics = { ...report, steps: m.trainer.step, seconds: this.trainingMs / 1000, backend, diverged: m.diverged };
        this.post({ type: 'results', runId: this.runId, modelId: m.id, metrics });
      }
    });
  }

  /** Field snapshots are computed by `sink` from now on (null: in this worker again). */
  attachFieldSink(sink: FieldSink | null): void {
    this.enqueue(this.runId, () => {
      this.fieldSink = sink;
      this.fieldsInFlight = 0;
      this.fieldWanted = false;
      this.sendDatasetsToSink();
      if (!this.wantsSteps()) return this.postFields(this.active());
    });
  }

  /** The field worker finished a request: send the next one if a snapshot became due meanwhile. */
  onFieldAck(ack: FieldAck): void {
    this.enqueue(this.runId, () => {
      if (ack.runId !== this.runId || this.fieldsInFlight === 0) return; // an older run's request
      this.fieldsInFlight--;
      this.fieldSizer.record(ack.costMs, ack.playing);
      if (this.fieldsInFlight === 0 && this.fieldWanted) {
        this.fieldWanted = false;
        return this.postFields(this.active());
      }
    });
  }

  /** Release every model; the backend stays. Resolves when done. */
  dispose(runId: RunId): Promise<void> {
    return this.enqueue(runId, () => {
      this.playing = false;
      this.pendingSteps = 0;
      this.disposeModels();
    });
  }

  /** Resolves when every command and tick queued so far has run (for tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  /**
   * The backend for models like `config`: the active one, unless the choice is automatic and the model's
   * size class (trialSizeKey) differs from the one it was chosen for, in which case the choice is made
   * again (from the cache, or by new trials).
   */
  private async backendFor(config: ExperimentConfig): Promise<BackendReport> {
    const key = trialSizeKey(config);
    if (this.backend && (this.preference !== 'auto' || this.backendKey === key)) return this.backend;
    this.backendKey = key;
    this.backend = this.engineOptions
      .selectBackend(this.preference, config, this.cachedChoices[key])
      .then((report) => ({ ...report, sizeKey: key }));
    const report = await this.backend;
    if (report.requested === 'auto') this.cachedChoices[key] = report;
    return report;
  }

  /** Run `task` after everything queued before it; a failure becomes an `error` message and pauses. */
  private enqueue(runId: RunId, task: () => void | Promise<void>): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        await task();
      } catch (err) {
        const wasPlaying = this.playing;
        this.playing = false;
        this.pendingSteps = 0;
        this.post({ type: 'error', runId, message: errorMessage(err) });
        if (wasPlaying) this.post({ type: 'state', runId: this.runId, playing: false });
      }
    });
    return this.queue;
  }

  /** A command for the current run only: stale run ids are ignored. */
  private control(runId: RunId, task: () => void | Promise<void>): void {
    this.enqueue(runId, () => (runId === this.runId ? task() : undefined));
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
    this.playing = playing && this.active().length > 0;
    this.post({ type: 'state', runId: this.runId, playing: this.playing });
    this.schedule();
  }

  /** Queues the next tick in a new task; at most one tick is pending or queued at a time. */
  private schedule(): void {
    if (this.tickScheduled || !this.wantsSteps()) return;
    this.tickScheduled = true;
    const delay = this.playing ? this.nextTickDelayMs : 0;
    const run = () => {
      void this.enqueue(this.runId, () => {
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
    // Each runStep call queues its k steps synchronously before awaiting its last loss: lockstep.
    const losses = await Promise.all(models.map((m) => m.trainer.runSteps(k)));
    const elapsed = performance.now() - started;
    this.trainingMs += elapsed;
    if (!pacer) this.adaptStepsPerTick(k, elapsed);
    if (stepping) this.pendingSteps -= k;

    const diverged = models.filter((_, i) => !Number.isFinite(losses[i]));
    for (const m of diverged) m.diverged = true;
    const finished = stepping && this.pendingSteps === 0;
    const due = performance.now() - this.lastMetricsMs >= this.options.metricsIntervalMs;
    if (due || finished || diverged.length > 0) await this.postMetrics(models);
    // In this worker, snapshots get at most about 40% of its time: the gap after one is at least 1.5x
    // its cost. The field worker computes them in parallel, so then only the interval counts.
    const interval = this.fieldOptions?.intervalMs ?? 0;
    const fieldGap = this.fieldSink ? interval : Math.max(interval, 1.5 * this.lastFieldCostMs);
    const fieldDue = performance.now() - this.lastFieldMs >= fieldGap;
    if (fieldDue || finished) await this.postFields(models.filter((m) => !m.diverged));
    for (const m of diverged) this.post({ type: 'diverged', runId: this.runId, modelId: m.id, step: m.trainer.step });
    // The wait counts the whole tick, snapshots included, so the speed limit holds on average.
    this.nextTickDelayMs = pacer ? pacer.delayAfter(k, performance.now()) : 0;
    if (this.playing && this.active().length === 0) this.setPlaying(false);
    this.schedule();
  }

  private adaptStepsPerTick(k: number, elapsedMs: number): void {
    if (k !== this.stepsPerTick) return;
    const factor = Math.min(2, Math.max(0.5, this.options.tickBudgetMs / Math.max(elapsedMs, 0.1)));
    this.stepsPerTick = Math.min(this.options.maxStepsPerTick, Math.max(1, Math.round(k * factor)));
  }

  /** Evaluates `models` on their full train and test sets and posts one `metrics` message per model. */
  private async postMetrics(models: ModelRun[]): Promise<void> {
    const evaluations = await Promise.all(models.map((m) => m.trainer.evaluate()));
    const tensors = tf.memory().numTensors;
    this.lastMetricsMs = performance.now();
    models.forEach((m, i) => {
      const { step, loss, testLoss, trainAccuracy, testAccuracy } = evaluations[i];
      this.post({
        type: 'metrics',
        runId: this.runId,
        modelId: m.id,
        step,
        loss,
        testLoss,
        trainAccuracy,
        testAccuracy,
        tensors,
      });
    });
  }

  /**
   * One field snapshot per model: computed here and posted (buffers transferred), or, with a field
   * worker, requested from it with the models' current weights (at most one request per model in flight;
   * a snapshot due meanwhile is requested when they are answered).
   */
  private async postFields(models: ModelRun[]): Promise<void> {
    const options = this.fieldOptions;
    if (!options) return;
    const playing = this.playing;
    const sized = { ...options, gridNodes: this.fieldSizer.gridNodes(options.gridNodes, playing) };
    if (this.fieldSink) return this.requestFields(models, sized, playing, this.fieldSink);
    const started = performance.now();
    for (const m of models) {
      const field = await computeFieldSnapshot(m.trainer, sized);
      this.post({ type: 'field', runId: this.runId, modelId: m.id, field }, snapshotTransferables(field));
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
    for (const m of this.models) m.trainer.dispose();
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

/** Builds one Trainer per (checked) spec. */
function buildModels(specs: ModelSpec[], checkTolerance: boolean): ModelRun[] {
  const runs: ModelRun[] = [];
  try {
    for (const { id, config } of specs) {
      runs.push({ id, trainer: new Trainer(config, generateDataset(config.data), { checkTolerance }), diverged: false });
    }
  } catch (err) {
    for (const r of runs) r.trainer.dispose();
    throw err;
  }
  return runs;
}
