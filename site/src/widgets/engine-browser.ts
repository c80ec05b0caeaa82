/** The engine in the reader's browser: loaded only when the API cannot be reached (tfjs + wasm are large). */
import * as engine from '../../../src/index.ts';
import type { Kind } from './engine-client.ts';
import { type Query, toStrings } from './requests.ts';

// The .wasm files sit in /wasm/ beside the page's chunks (/_astro/, /widgets/): resolved at run time, not bundled.
const WASM_BASE = new URL(/* @vite-ignore */ '../wasm/', import.meta.url).href;

export async function runInBrowser(kind: Kind, q: Query): Promise<unknown> {
  await engine.initBackend({ wasmBase: WASM_BASE });
  if (kind === 'sample')
    return engine.sampleInitializer(engine.paramsOrThrow(engine.normaliseSampleParams(toStrings(q), true)));
  if (kind === 'compare')
    return engine.runCompare(engine.paramsOrThrow(engine.normaliseCompareParams(toStrings(q), true)));
  return engine.theoryGrid(engine.paramsOrThrow(engine.normaliseTheoryParams(toStrings(q), true)));
}
