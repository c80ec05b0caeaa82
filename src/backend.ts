/**
 * The one place that sets up tfjs. The engine always runs on the wasm backend, SIMD build, single-threaded; hosts
 * differ only in how the .wasm file is found, which they say through `BackendHost`:
 * - Node: nothing to do (tfjs reads the file next to its own module).
 * - Browser: `wasmBase` = the URL folder the site serves the .wasm files from.
 * - workerd: the adapter in functions/ patches WebAssembly.instantiate and passes a sentinel base.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { EngineInfo } from './result.ts';
import { ENGINE_VERSION, TFJS_VERSION } from './version.ts';

export interface BackendHost {
  /** Folder (ending in '/') or sentinel prefix tfjs fetches `tfjs-backend-wasm-simd.wasm` from. */
  wasmBase?: string;
  /** Runs before the backend initialises (e.g. install a platform fetch). */
  beforeInit?: () => void;
}

let ready: Promise<EngineInfo> | null = null;

/** Initialise the wasm backend once per process/isolate; later calls return the same promise. */
export function initBackend(host: BackendHost = {}): Promise<EngineInfo> {
  ready ??= (async () => {
    // Threads would make float summation order (and so results) depend on the host; SIMD does not.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    host.beforeInit?.();
    if (host.wasmBase) setWasmPaths(host.wasmBase, true);
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('tfjs wasm backend failed to initialise');
    await tf.ready();
    return engineInfo();
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** Provenance block of every result. */
export function engineInfo(): EngineInfo {
  return {
    version: ENGINE_VERSION,
    tfjs: TFJS_VERSION,
    backend: tf.getBackend() ?? 'none',
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') as boolean,
    threads: tf.getBackend() === 'wasm' ? getThreadsCount() : 1,
  };
}

export { tf };
