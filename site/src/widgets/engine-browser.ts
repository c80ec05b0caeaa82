/**
 * The engine in the reader's browser, for when the API cannot be reached: in a Web Worker (engine-worker.ts), or on
 * the page's thread where workers are unavailable. Loaded only then (tfjs + wasm are large).
 */
import * as engine from '../../../src/index.ts';
import { type Query, toStrings } from './requests.ts';
import type { Kind, RunHooks } from './run-types.ts';

/** `wasmBase`: where the .wasm files are served (/wasm/ beside the page's chunks; the worker's chunk lives elsewhere). */
export async function runInBrowser(kind: Kind, q: Query, wasmBase: string, hooks: RunHooks = {}): Promise<unknown> {
  const input = toStrings(q);
  if (kind === 'compare') {
    // The start goes out before the backend starts (a second or so): the page can set up the run's empty figure.
    const params = engine.paramsOrThrow(engine.normaliseCompareParams(input, true));
    hooks.onEvent?.({ type: 'start', params });
    await engine.initBackend({ wasmBase });
    return engine.runCompare(params, { onFrame: hooks.onEvent, signal: hooks.signal });
  }
  await engine.initBackend({ wasmBase });
  if (kind === 'sample')
    return engine.sampleInitializer(engine.paramsOrThrow(engine.normaliseSampleParams(input, true)));
  return engine.theoryGrid(engine.paramsOrThrow(engine.normaliseTheoryParams(input, true)));
}
