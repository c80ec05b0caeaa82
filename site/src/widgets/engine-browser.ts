/**
 * The engine in the reader's browser, for when the API cannot be reached and for the reader's own CSV: in a Web
 * Worker (engine-worker.ts), or on the page's thread where workers are unavailable. Loaded only then (tfjs + wasm
 * are large).
 */
import { userSplit } from '../../../src/data/user-rules.ts';
import * as engine from '../../../src/index.ts';
import { type Query, toStrings } from './requests.ts';
import type { Kind, RunHooks, UserCsv } from './run-types.ts';
import type { CsvOutcome } from './user-data.ts';

/**
 * `wasmBase`: where the .wasm files are served (/wasm/ beside the page's chunks; the worker's chunk lives elsewhere).
 * `csv`: the reader's file behind a `user:<id>` dataset, registered here first (this context's registry is its own).
 */
export async function runInBrowser(
  kind: Kind,
  q: Query,
  wasmBase: string,
  hooks: RunHooks = {},
  csv?: UserCsv,
): Promise<unknown> {
  if (csv && !engine.userDataOf(String(q.dataset))) {
    const parsed = await parseCsv(csv.text, csv.target);
    if (!parsed.ok) throw new RangeError(parsed.errors.map((e) => e.message).join('; '));
  }
  const input = toStrings(q);
  // An experiment's runs are the API's to compute and cache; the browser only assembles them (experiment-browser.ts).
  if (kind === 'experiment') throw new RangeError('an experiment is measured through the API, not run in the browser');
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

/** Parses and registers a reader's CSV; the page gets its summary (the rows stay here, where they are trained on). */
export async function parseCsv(text: string, target?: string): Promise<CsvOutcome> {
  const parsed = await engine.parseUserCsv(text, target);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  const dataset = engine.registerUserData(d);
  return {
    ok: true,
    summary: {
      dataset,
      rows: d.rows,
      features: d.features.length,
      classes: d.classNames?.length ?? null,
      target: d.target,
      featureNames: d.features,
      ...userSplit(d.rows, engine.DEFAULT_TEST_FRACTION),
    },
  };
}
