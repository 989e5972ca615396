import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Backend set-up for Node (unit tests, the headless runner, the benchmark). wasm (SIMD, one thread) is
 * the fastest here; cpu is the reference. tfjs-node is deliberately not used: it downloads a native binary.
 */
export type NodeBackend = 'wasm' | 'cpu';

let wasmPathsSet = false;

/** Activates a backend and returns its name; throws if tfjs cannot start it. */
export async function useNodeBackend(name: NodeBackend): Promise<NodeBackend> {
  if (name === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const pkg = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(path.join(pkg, 'dist') + path.sep);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`the tfjs ${name} backend could not start`);
  await tf.ready();
  return name;
}
