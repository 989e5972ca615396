/**
 * The engine inside the field worker: it turns `measure` requests (a model's effective weights at a step)
 * into field snapshots, with the same code as the training worker would use (computeFieldSnapshot on a
 * model rebuilt from the weights), and posts them to the page. No DOM: it runs in a Web Worker and, with
 * an injected backend selector, in Node (unit tests).
 *
 * Requests run one at a time, in order, after the backend is ready (`init`), through one promise queue.
 * A snapshot runs in chunks with a new task between them (bounded memory; the worker's heartbeat gets
 * in). A backend lost under a snapshot (a WebGL context: its fences never complete) fails that request
 * at once, and the backend is started afresh for the next one.
 */
import type { BackendName } from '../backend/names';
import type { BackendWatch } from '../backend/loss';
import { evaluationChunkPoints } from '../core/cost';
import { computeFieldSnapshot, snapshotTransferables } from '../train/fieldSnapshot';
import { datasetFromSnapshot, InferenceModel } from '../train/inference';
import type { ModelWeights } from '../train/snapshot';
import type { Dataset } from '../core/geometry';
import type { FieldAck, FromWorker, RunId, ToFieldWorker } from './protocol';
import { nextTask } from './nextTask';
import { Abandonable } from './abandonable';

export interface FieldEngineOptions {
  /** To the page: `field` snapshots and `error`s. */
  postToPage: (message: FromWorker, transfer?: Transferable[]) => void;
  /** To the training worker: one acknowledgement per `measure`. */
  postAck: (ack: FieldAck) => void;
  /** Activates a tfjs backend by name. */
  selectBackend: (name: BackendName) => Promise<unknown>;
  /** Watches the active backend for its loss (backend/loss.ts). */
  watchBackend?: (name: BackendName) => BackendWatch;
  /** Drops a dead backend so that it can start fresh (backend/loss.ts). */
  retireBackend?: (name: BackendName) => void;
}

/** Points per chunk of a snapshot of a model with these weights (the cost model's evaluation chunks). */
function chunkPoints(weights: ModelWeights): number {
  const hidden = weights.layers.slice(0, -1).map((l) => l.outputs);
  return evaluationChunkPoints({ hidden, activation: weights.activation, head: 'one-logit' });
}

const nextTaskPromise = () => new Promise<void>((resolve) => nextTask(resolve));

export class FieldEngine {
  private runId: RunId = 0;
  private readonly datasets = new Map<string, Dataset>();
  private queue: Promise<void>;
  private startBackend: ((name: BackendName) => void) | null = null;
  private backend: BackendName | null = null;
  private watch: BackendWatch | null = null;
  /** The snapshot being computed, given up when the backend is lost under it. */
  private readonly running = new Abandonable();

  constructor(private readonly options: FieldEngineOptions) {
    // Requests that arrive before `init` wait for the backend.
    this.queue = new Promise<BackendName>((resolve) => (this.startBackend = resolve)).then((name) => this.useBackend(name));
  }

  /** Selects the backend (the training worker's); a later call (it chose another) switches after the queue. */
  init(backend: BackendName): void {
    if (this.startBackend) {
      this.startBackend(backend);
      this.startBackend = null;
    } else {
      this.queue = this.queue.then(() => this.useBackend(backend));
    }
  }

  private async useBackend(name: BackendName): Promise<void> {
    await this.options.selectBackend(name);
    this.backend = name;
    this.watch?.stop();
    const watch = (this.watch = this.options.watchBackend?.(name) ?? null);
    void watch?.lost.then((reason) => {
      if (watch === this.watch) this.running.abandon(new Error(`the ${name} backend was lost (${reason})`));
    });
  }

  /** After a failed snapshot: a dead backend is dropped and started afresh, so the next request can run. */
  private async restartIfLost(): Promise<void> {
    const name = this.backend;
    if (!name || !this.watch?.check()) return;
    this.options.retireBackend?.(name);
    await this.useBackend(name);
  }

  handle(message: ToFieldWorker): void {
    this.queue = this.queue.then(() => this.run(message));
  }

  /** Resolves when every request queued so far has run (for tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(message: ToFieldWorker): Promise<void> {
    if (message.runId < this.runId) return this.ackStale(message);
    if (message.runId > this.runId) {
      this.runId = message.runId;
      this.datasets.clear();
    }
    if (message.type === 'dataset') {
      this.datasets.set(message.modelId, datasetFromSnapshot(message.dataset));
      return;
    }
    const { runId, modelId, step, weights, options, playing } = message;
    const started = performance.now();
    let model: InferenceModel | null = null;
    try {
      const dataset = this.datasets.get(modelId);
      if (!dataset) throw new Error(`the field worker has no dataset for model "${modelId}" of run ${runId}`);
      model = new InferenceModel(weights, dataset, step);
      const chunking = { points: chunkPoints(weights), between: nextTaskPromise };
      const inference = model;
      const field = await this.running.run(() => computeFieldSnapshot(inference, options, chunking));
      this.options.postToPage({ type: 'field', runId, modelId, field }, snapshotTransferables(field));
      this.options.postAck({ type: 'measured', runId, modelId, ok: true, costMs: performance.now() - started, playing });
    } catch (err) {
      this.options.postToPage({ type: 'error', runId, message: `field snapshot: ${err instanceof Error ? err.message : String(err)}` });
      this.options.postAck({ type: 'measured', runId, modelId, ok: false, costMs: performance.now() - started, playing });
      await this.restartIfLost();
    } finally {
      try {
        model?.dispose();
      } catch {
        // Its backend is gone: nothing to free there.
      }
    }
  }

  /** A request of an older run: nothing to draw, but the sender still counts on an answer. */
  private ackStale(message: ToFieldWorker): void {
    if (message.type === 'measure') {
      this.options.postAck({ type: 'measured', runId: message.runId, modelId: message.modelId, ok: false, costMs: 0, playing: message.playing });
    }
  }
}
