/**
 * When a tfjs backend dies under a running worker, and how to get a fresh one: a WebGL context lost (the
 * GPU process reset, the browser reclaimed it, WEBGL_lose_context), a WebGPU device lost, a wasm module
 * that aborted (out of memory: every later call aborts too). The training worker watches its backend,
 * and on a loss retires it and chooses again (worker/engine.ts). Framework-free: tfjs only.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './names';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A watch on the active backend. A lost WebGL context never completes its fences, so tfjs's `data()`
 * waits forever on it: the `lost` promise is how a waiting worker hears of it.
 */
export interface BackendWatch {
  /** Resolves with what happened when the backend is lost by an event (never for wasm and cpu). */
  lost: Promise<string>;
  /** What is wrong with the backend now, or null when it still computes (for after an error). */
  check(): string | null;
  stop(): void;
}

/** The bits of tfjs's backends a watch reads (their public fields, typed loosely). */
interface WebGlBackendLike {
  gpgpu?: { gl?: WebGL2RenderingContext; itemsToPoll?: unknown[] };
}
interface WebGpuBackendLike {
  device?: { lost?: Promise<{ reason?: string; message?: string }> };
}

/** Watches backend `name` (the active one). */
export function watchBackend(name: BackendName): BackendWatch {
  let stopped = false;
  let lostReason: string | null = null;
  let report: (reason: string) => void = () => undefined;
  const lost = new Promise<string>((resolve) => {
    report = (reason) => {
      if (stopped || lostReason !== null) return;
      lostReason = reason;
      resolve(reason);
    };
  });
  const instance = tf.findBackend(name) as unknown;
  let stopListening = () => {};
  if (name === 'webgl') {
    const gl = (instance as WebGlBackendLike | undefined)?.gpgpu?.gl;
    const canvas = gl?.canvas as (EventTarget & { addEventListener?: unknown }) | undefined;
    const onLost = () => report('the WebGL context was lost');
    if (canvas && typeof canvas.addEventListener === 'function') {
      canvas.addEventListener('webglcontextlost', onLost);
      stopListening = () => canvas.removeEventListener('webglcontextlost', onLost);
    }
    return {
      lost,
      check: () => lostReason ?? (gl?.isContextLost() ? 'the WebGL context was lost' : null),
      stop: () => {
        stopped = true;
        stopListening();
      },
    };
  }
  if (name === 'webgpu') {
    void (instance as WebGpuBackendLike | undefined)?.device?.lost?.then((info) =>
      report(`the WebGPU device was lost (${info?.reason ?? 'unknown'}${info?.message ? `: ${info.message}` : ''})`),
    );
  }
  return {
    lost,
    check: () => lostReason ?? (name === 'wasm' ? wasmFailure() : null),
    stop: () => {
      stopped = true;
    },
  };
}

/** Null when the wasm backend still computes 1 + 1; what it says otherwise (an aborted module). */
function wasmFailure(): string | null {
  const backend = tf.findBackend('wasm');
  if (!backend || tf.getBackend() !== 'wasm') return null;
  try {
    const two = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()[0]);
    return two === 2 ? null : 'the wasm backend computes wrong results';
  } catch (err) {
    return `the wasm module aborted (${message(err).split('.')[0]}), most likely out of memory`;
  }
}

/**
 * Drops the instance of backend `name` (dead: a lost context, an aborted module) and registers its
 * factory again, so that the next `setBackend(name)` builds a fresh one (a new wasm module, a new WebGL
 * context). Tensors still held on the dead instance become free to dispose (disposing them calls into
 * nothing), and a lost WebGL context's endless fence polling stops.
 */
export function retireBackend(name: BackendName): void {
  const engine = tf.engine() as unknown as {
    registry: Record<string, tf.KernelBackend | undefined>;
    registryFactory: Record<string, { priority: number } | undefined>;
    backendName: string | null;
    backendInstance: tf.KernelBackend | null;
  };
  const instance = engine.registry[name];
  if (instance) {
    instance.dispose = () => undefined;
    instance.disposeData = () => true;
    const gpgpu = (instance as unknown as WebGlBackendLike).gpgpu;
    if (gpgpu?.itemsToPoll) gpgpu.itemsToPoll = [];
  }
  const factory = tf.findBackendFactory(name);
  const priority = engine.registryFactory[name]?.priority ?? 1;
  if (!factory) return;
  try {
    tf.removeBackend(name);
  } catch {
    // A kernel's dispose hook may call into the dead instance: drop it by hand.
    delete engine.registry[name];
    delete engine.registryFactory[name];
    if (engine.backendName === name) {
      engine.backendName = null;
      engine.backendInstance = null;
    }
  }
  tf.registerBackend(name, factory, priority);
}
