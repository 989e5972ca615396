/**
 * The UI thread's side of the training worker: creates the worker, sends typed commands stamped with the
 * current run id, and delivers the worker's messages of the current run (plus `ready`, which describes the
 * worker itself) to subscribers. Stale messages from earlier runs are dropped here, in one place.
 *
 * It also starts the field worker, which computes field snapshots in parallel (protocol.ts, ToFieldWorker):
 * it joins the two workers with a MessageChannel, gives the field worker the training worker's backend
 * once known, and delivers its `field` messages like the training worker's. If the field worker fails,
 * it is dropped and the training worker computes snapshots itself again.
 */
import type { BackendPreference } from '../backend/names';
import type { ExperimentConfig, LossConfig } from '../core/config';
import type { MlpJson } from '../core/mlpJson';
import { loadTrialCache, saveTrialChoice } from './trialCache';
import { LivenessWatch } from './liveness';
import type { FieldOptions, FromWorker, ModelSpec, RunId, ToFieldWorkerFromPage, ToWorker } from './protocol';

/**
 * What the client itself reports beside the worker's messages: the training worker is gone (closed,
 * killed, or silent past the liveness timeout; `reason` is for a person). The client is then closed: make
 * a new one.
 */
export interface WorkerLost {
  type: 'lost';
  runId: RunId;
  reason: string;
}

export type ClientEvent = FromWorker | WorkerLost;
export type WorkerListener = (message: ClientEvent) => void;

/** Makes the liveness watch of a worker (tests pass one with a fake clock). */
export type WatchFactory = (onSilent: (silentMs: number) => void) => LivenessWatch;

/** The part of a Worker the client uses; tests may pass a fake. */
export interface WorkerLike<In = ToWorker> {
  postMessage(message: In, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'messageerror', listener: (event: MessageEvent) => void): void;
  terminate(): void;
}

function createTrainingWorker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'training' });
}

function createFieldWorker(): WorkerLike<ToFieldWorkerFromPage> {
  return new Worker(new URL('./fieldWorker.ts', import.meta.url), { type: 'module', name: 'field' });
}

export class TrainingClient {
  private readonly worker: WorkerLike;
  private readonly listeners = new Set<WorkerListener>();
  private current: RunId = 0;
  private closed = false;

  private fieldWorker: WorkerLike<ToFieldWorkerFromPage> | null = null;
  private readonly watch: LivenessWatch;
  private fieldWatch: LivenessWatch | null = null;

  constructor(
    worker: WorkerLike = createTrainingWorker(),
    fieldWorker: WorkerLike<ToFieldWorkerFromPage> | null = createFieldWorker(),
    private readonly makeWatch: WatchFactory = (onSilent) => new LivenessWatch(onSilent),
  ) {
    this.worker = worker;
    this.watch = makeWatch((ms) => this.lose(`it sent nothing for ${Math.round(ms / 1000)} s`));
    this.worker.addEventListener('message', (event) => {
      const message = event.data;
      this.watch.heard();
      if (message.type === 'alive') return;
      if (message.type === 'ready') {
        this.fieldWorker?.postMessage({ type: 'init', backend: message.backend.name }, []);
        saveTrialChoice(message.backend);
      }
      this.deliver(message);
    });
    // A worker that fails to load or throws outside the engine reports here, not by message.
    // The worker keeps running after most uncaught errors; if it does not, the liveness watch notices.
    this.worker.addEventListener('error', (event) =>
      this.deliver({ type: 'error', runId: this.current, message: `The training worker reported an error: ${event.message || 'unknown error'}` }),
    );
    this.worker.addEventListener('messageerror', () =>
      this.deliver({ type: 'error', runId: this.current, message: 'A message from the training worker could not be read.' }),
    );
    if (fieldWorker) this.attachFieldWorker(fieldWorker);
  }

  /** Joins the field worker to the training worker and delivers its snapshots. */
  private attachFieldWorker(fieldWorker: WorkerLike<ToFieldWorkerFromPage>): void {
    this.fieldWorker = fieldWorker;
    const channel = new MessageChannel();
    this.fieldWatch = this.makeWatch(() => this.dropFieldWorker());
    fieldWorker.addEventListener('message', (event) => {
      this.fieldWatch?.heard();
      if (event.data.type !== 'alive') this.deliver(event.data);
    });
    fieldWorker.addEventListener('error', () => this.dropFieldWorker());
    fieldWorker.addEventListener('messageerror', () => this.dropFieldWorker());
    fieldWorker.postMessage({ type: 'connect', port: channel.port2 }, [channel.port2]);
    this.send({ type: 'attachFieldWorker', runId: this.current, port: channel.port1 }, [channel.port1]);
  }

  /** The field worker failed (to load, or outside its engine): snapshots go back to the training worker. */
  private dropFieldWorker(): void {
    if (!this.fieldWorker || this.closed) return;
    this.fieldWatch?.stop();
    this.fieldWatch = null;
    this.fieldWorker.terminate();
    this.fieldWorker = null;
    this.send({ type: 'detachFieldWorker', runId: this.current });
  }

  /** The run id stamped on commands; messages of other runs are dropped. */
  get runId(): RunId {
    return this.current;
  }

  /** Receive the current run's messages (and `ready`). Returns the unsubscribe function. */
  subscribe(listener: WorkerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts the worker's backend: `backend`, or for 'auto' the fastest in trials of `config`'s training
   * step (or the choice this browser measured earlier for its size, from localStorage).
   */
  init(backend: BackendPreference, config?: ExperimentConfig): void {
    this.send({ type: 'init', runId: this.current, backend, config, cached: loadTrialCache() });
  }

  /** Opens a new run with `models` and plays it. Returns the new run id. */
  start(models: ModelSpec[]): RunId {
    this.current++;
    this.send({ type: 'start', runId: this.current, models });
    return this.current;
  }

  /** Opens a new run with `models`, paused at step 0. Returns the new run id. */
  reset(models: ModelSpec[]): RunId {
    this.current++;
    this.send({ type: 'reset', runId: this.current, models });
    return this.current;
  }

  /** Opens a new run viewing a model file (it does not train), paused at step 0. Returns the new run id. */
  viewModel(modelId: string, model: MlpJson, config: ExperimentConfig): RunId {
    this.current++;
    this.send({ type: 'viewModel', runId: this.current, modelId, model, config });
    return this.current;
  }

  play(): void {
    this.send({ type: 'play', runId: this.current });
  }

  pause(): void {
    this.send({ type: 'pause', runId: this.current });
  }

  step(count = 1): void {
    this.send({ type: 'step', runId: this.current, count });
  }

  setLoss(modelId: string, loss: LossConfig): void {
    this.send({ type: 'setLoss', runId: this.current, modelId, loss });
  }

  setLearningRate(modelId: string, lr: number): void {
    this.send({ type: 'setLearningRate', runId: this.current, modelId, lr });
  }

  setSpeed(stepsPerSecond: number | null): void {
    this.send({ type: 'setSpeed', runId: this.current, stepsPerSecond });
  }

  setFieldOptions(options: FieldOptions): void {
    this.send({ type: 'setFieldOptions', runId: this.current, options });
  }

  /** Attacks the point (x, y) of every model (answered by one `attack` message per model). */
  attack(x: number, y: number): void {
    this.send({ type: 'attack', runId: this.current, x, y });
  }

  /** Asks for the runner's report of every model (answered by one `results` message per model). */
  report(): void {
    this.send({ type: 'report', runId: this.current });
  }

  /** Asks for every model's file as `--save-model` writes it (answered by one `model` message per model). */
  exportModel(): void {
    this.send({ type: 'exportModel', runId: this.current });
  }

  /** Ends the worker at once (its tensors go with it) and stops delivering messages. */
  terminate(): void {
    this.closed = true;
    this.listeners.clear();
    this.shutDown();
  }

  /** Posts one command; `transfer` lists buffers to move rather than copy (big Float32Arrays). */
  send(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.closed) return; // a lost worker: the owner has been told and makes a new client
    this.worker.postMessage(message, transfer);
  }

  /** The training worker is gone: end both workers and tell the listeners once. */
  private lose(reason: string): void {
    if (this.closed) return;
    const listeners = [...this.listeners];
    this.terminate();
    for (const listener of listeners) listener({ type: 'lost', runId: this.current, reason });
  }

  private shutDown(): void {
    this.watch.stop();
    this.fieldWatch?.stop();
    this.worker.terminate();
    this.fieldWorker?.terminate();
    this.fieldWorker = null;
  }

  private deliver(message: FromWorker): void {
    if (this.closed) return;
    if (message.type !== 'ready' && message.runId !== this.current) return;
    for (const listener of this.listeners) listener(message);
  }
}
