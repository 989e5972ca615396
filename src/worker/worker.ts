/**
 * The training worker's entry point: a message switch over the engine (engine.ts), nothing more.
 * The backend is chosen here, in the worker, by the same policy as on the page (selectBackend).
 */
import { selectBackend } from '../backend/select';
import { retireBackend, watchBackend } from '../backend/loss';
import { HEARTBEAT_MS } from './liveness';
import type { FieldAck, FromWorker, ToFieldWorker, ToWorker } from './protocol';
import { WorkerEngine } from './engine';
import { measureStepAndGrid } from '../train/backendTrial';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// The page takes a silent worker for dead (liveness.ts): say we are alive between tasks.
setInterval(() => scope.postMessage({ type: 'alive', runId: 0 } satisfies FromWorker), HEARTBEAT_MS);

const engine = new WorkerEngine({
  post: (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer),
  selectBackend: (preference, configs, cached, selection) => selectBackend(preference, () => measureStepAndGrid(configs), cached, selection),
  watchBackend,
  retireBackend,
});

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      return engine.init(message.runId, message.backend, message.config, message.cached);
    case 'start':
      return engine.load(message.runId, message.models, true);
    case 'reset':
      return engine.load(message.runId, message.models, false);
    case 'viewModel':
      return engine.view(message.runId, message.modelId, message.model, message.config);
    case 'play':
      return engine.play(message.runId);
    case 'pause':
      return engine.pause(message.runId);
    case 'step':
      return engine.step(message.runId, message.count);
    case 'setLoss':
      return engine.setLoss(message.runId, message.modelId, message.loss);
    case 'setLearningRate':
      return engine.setLearningRate(message.runId, message.modelId, message.lr);
    case 'setSpeed':
      return engine.setSpeed(message.runId, message.stepsPerSecond);
    case 'setFieldOptions':
      return engine.setFieldOptions(message.runId, message.options);
    case 'dispose':
      return void engine.dispose(message.runId);
    case 'attachFieldWorker': {
      const port = message.port;
      port.onmessage = (event: MessageEvent<FieldAck>) => engine.onFieldAck(event.data);
      return engine.attachFieldSink({ post: (m: ToFieldWorker, transfer: Transferable[] = []) => port.postMessage(m, transfer) });
    }
    case 'detachFieldWorker':
      return engine.attachFieldSink(null);
    case 'attack':
      return engine.attack(message.runId, message.x, message.y);
    case 'report':
      return engine.report(message.runId);
    case 'exportModel':
      return engine.exportModel(message.runId);
    default: {
      const unknown: never = message;
      const runId = (unknown as { runId?: number }).runId ?? 0;
      scope.postMessage({ type: 'error', runId, message: `unknown message ${JSON.stringify(unknown)}` } satisfies FromWorker);
    }
  }
};
