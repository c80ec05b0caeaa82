/**
 * The Web Worker that runs the engine off the page's thread: the page stays responsive while it trains. One run at a
 * time is sent by worker-client.ts; `abort` stops it within one step.
 */
import { runInBrowser } from './engine-browser.ts';
import type { Query } from './requests.ts';
import type { Kind, RunEvent } from './run-types.ts';

export type ToWorker =
  | { type: 'run'; id: number; kind: Kind; query: Query; wasmBase: string }
  | { type: 'abort'; id: number };
export type FromWorker =
  | { id: number; type: 'event'; event: RunEvent }
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'error'; name: string; message: string };

/** The part of the worker's global scope used here (the site's type library is the DOM's, not the worker's). */
const scope = self as unknown as {
  postMessage: (m: FromWorker) => void;
  addEventListener: (type: 'message', f: (e: MessageEvent<ToWorker>) => void) => void;
};
const runs = new Map<number, AbortController>();

scope.addEventListener('message', async ({ data }) => {
  if (data.type === 'abort') {
    runs.get(data.id)?.abort();
    return;
  }
  const ctl = new AbortController();
  runs.set(data.id, ctl);
  const post = (m: FromWorker) => scope.postMessage(m);
  try {
    const result = await runInBrowser(data.kind, data.query, data.wasmBase, {
      signal: ctl.signal,
      onEvent: (event) => post({ id: data.id, type: 'event', event }),
    });
    post({ id: data.id, type: 'result', result });
  } catch (err) {
    const e = err as Error;
    post({ id: data.id, type: 'error', name: e?.name ?? 'Error', message: e?.message ?? String(err) });
  } finally {
    runs.delete(data.id);
  }
});
