/**
 * The UI thread's side of the training worker: creates the worker, sends typed commands stamped with the
 * current run id, and delivers the worker's messages of the current run (plus `ready`, which describes the
 * worker itself) to subscribers. Stale messages from earlier runs are dropped here, in one place.
 */
import type { BackendPreference } from '../backend/names';
import type { LossConfig } from '../core/config';
import type { FieldOptions, FromWorker, ModelSpec, RunId, ToWorker } from './protocol';

export type WorkerListener = (message: FromWorker) => void;

/** The part of a Worker the client uses; tests may pass a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export function createTrainingWorker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'training' });
}

export class TrainingClient {
  private readonly worker: WorkerLike;
  private readonly listeners = new Set<WorkerListener>();
  private current: RunId = 0;
  private closed = false;

  constructor(worker: WorkerLike = createTrainingWorker()) {
    this.worker = worker;
    this.worker.addEventListener('message', (event) => this.deliver(event.data));
    // A worker that fails to load or throws outside the engine reports here, not by message.
    this.worker.addEventListener('error', (event) =>
      this.deliver({ type: 'error', runId: this.current, message: event.message || 'the training worker failed' }),
    );
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

  init(backend: BackendPreference): void {
    this.send({ type: 'init', runId: this.current, backend });
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

  /** Ends the worker at once (its tensors go with it) and stops delivering messages. */
  terminate(): void {
    this.closed = true;
    this.listeners.clear();
    this.worker.terminate();
  }

  /** Posts one command; `transfer` lists buffers to move rather than copy (big Float32Arrays). */
  send(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.closed) throw new Error('the training worker has been terminated');
    this.worker.postMessage(message, transfer);
  }

  private deliver(message: FromWorker): void {
    if (this.closed) return;
    if (message.type !== 'ready' && message.runId !== this.current) return;
    for (const listener of this.listeners) listener(message);
  }
}
