/**
 * The Web Worker that runs the engine off the page's thread: the page stays responsive while it trains (a run),
 * parses a reader's CSV (parse), or assembles the phase diagram's measurement from the API's runs (an experiment).
 * worker-client.ts sends them; `abort` stops one within a step.
 */
import { parseCsv, runInBrowser } from './engine-browser.ts';
import { type MeasureEvent, measureExperiment } from './experiment-browser.ts';
import type { Query } from './requests.ts';
import type { Kind, RunEvent, UserCsv } from './run-types.ts';

export type ToWorker =
  /** `csv`: the reader's file behind the query's `user:<id>` dataset, registered before the run. */
  | { type: 'run'; id: number; kind: Kind; query: Query; wasmBase: string; csv?: UserCsv }
  /** A reader's CSV to parse and register; answers with its summary (user-data.ts CsvOutcome). */
  | { type: 'parse'; id: number; csv: string; target?: string }
  /** `origin`: the API's, resolved by the page (a worker's own location is not the page's). */
  | { type: 'experiment'; id: number; name: string; settings: Record<string, string>; origin: string; wasmBase: string }
  | { type: 'abort'; id: number };
export type FromWorker =
  | { id: number; type: 'event'; event: RunEvent | MeasureEvent }
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'error'; name: string; message: string };

/** The part of the worker's global scope used here (the site's type library is the DOM's, not the worker's). */
const scope = self as unknown as {
  postMessage: (m: FromWorker) => void;
  addEventListener: (type: 'message', f: (e: MessageEvent<ToWorker>) => void) => void;
};
const runs = new Map<number, AbortController>();

function start(m: Exclude<ToWorker, { type: 'abort' }>, signal: AbortSignal): Promise<unknown> {
  const onEvent = (event: RunEvent | MeasureEvent) => scope.postMessage({ id: m.id, type: 'event', event });
  if (m.type === 'run') return runInBrowser(m.kind, m.query, m.wasmBase, { signal, onEvent }, m.csv);
  if (m.type === 'parse') return parseCsv(m.csv, m.target);
  return measureExperiment(m.name, m.settings, m.origin, m.wasmBase, { signal, onEvent });
}

scope.addEventListener('message', async ({ data }) => {
  if (data.type === 'abort') {
    runs.get(data.id)?.abort();
    return;
  }
  const ctl = new AbortController();
  runs.set(data.id, ctl);
  try {
    scope.postMessage({ id: data.id, type: 'result', result: await start(data, ctl.signal) });
  } catch (err) {
    const e = err as Error;
    scope.postMessage({ id: data.id, type: 'error', name: e?.name ?? 'Error', message: e?.message ?? String(err) });
  } finally {
    runs.delete(data.id);
  }
});
