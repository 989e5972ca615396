/**
 * The field worker's entry point: a message switch over the field engine (fieldEngine.ts). The page sends
 * `connect` (the port to the training worker) and `init` (the backend the training worker chose); requests
 * arrive on the port.
 */
import { selectBackend } from '../backend/select';
import { retireBackend, watchBackend } from '../backend/loss';
import { FieldEngine } from './fieldEngine';
import { HEARTBEAT_MS } from './liveness';
import type { FieldAck, FromWorker, ToFieldWorker, ToFieldWorkerFromPage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// The page takes a silent worker for dead (liveness.ts): say we are alive between tasks.
setInterval(() => scope.postMessage({ type: 'alive', runId: 0 } satisfies FromWorker), HEARTBEAT_MS);
let port: MessagePort | null = null;

const engine = new FieldEngine({
  postToPage: (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer),
  postAck: (ack: FieldAck) => port?.postMessage(ack),
  selectBackend: (name) => selectBackend(name),
  watchBackend,
  retireBackend,
});

scope.onmessage = (event: MessageEvent<ToFieldWorkerFromPage>) => {
  const message = event.data;
  switch (message.type) {
    case 'connect':
      port = message.port;
      port.onmessage = (e: MessageEvent<ToFieldWorker>) => engine.handle(e.data);
      return;
    case 'init':
      return engine.init(message.backend);
  }
};
