/**
 * The engine in the reader's browser, for when the API cannot be reached: in a Web Worker (engine-worker.ts), or on
 * the page's thread where workers are unavailable. Loaded only then (tfjs + wasm are large).
 */
import * as engine from '../../../src/index.ts';
import { type Query, toStrings } from './requests.ts';
import type { Kind, RunHooks } from './run-types.ts';

/** `wasmBase`: where the .wasm files are served (/wasm/ beside the page's chunks; the worker's chunk lives elsewhere). */
export async function runInBrowser(kind: Kind, q: Query, wasmBase: string, hooks: RunHooks = {}): Promise<unknown> {
  await engine.initBackend({ wasmBase });
  const input = toStrings(q);
  if (kind === 'sample')
    return engine.sampleInitializer(engine.paramsOrThrow(engine.normaliseSampleParams(input, true)));
  if (kind === 'theory') return engine.theoryGrid(engine.paramsOrThrow(engine.normaliseTheoryParams(input, true)));
  const params = engine.paramsOrThrow(engine.normaliseCompareParams(input, true));
  hooks.onEvent?.({ type: 'start', params });
  return engine.runCompare(params, { onFrame: hooks.onEvent, signal: hooks.signal });
}
