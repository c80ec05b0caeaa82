/**
 * How widgets get results: the API on the configured origin, streamed, or — when it cannot be reached, or the data
 * are the reader's own file — the same engine in the reader's browser (a Web Worker; tfjs wasm, loaded only then).
 * Both take the same request objects (requests.ts) and give the same events (start, frames) and the same result.
 * This is the one place that chooses.
 */
import { fetchRun } from './api-stream.ts';
import { remembered as inMemo, shared } from './memo.ts';
import { type Query, toSearch } from './requests.ts';
import { ApiUnavailable, type Kind, type RunEvent, type UserCsv } from './run-types.ts';
import { isUserDataset } from './user-data.ts';
import { runInBrowser } from './worker-client.ts';

export interface Request {
  kind: Kind;
  query: Query;
}
export type Where = 'live' | 'browser';

/** A run on the reader's local file is remembered apart: a later run of its server copy asks the API. */
export const keyOf = (r: Request, local = false) => `${local ? 'local:' : ''}${r.kind}?${toSearch(r.query)}`;

export function remembered(r: Request, local = false): boolean {
  return inMemo(keyOf(r, local));
}

/** One request through the API only, without events (prefetch: an in-browser run would compete for the page). */
export function fromApi(origin: string, r: Request): Promise<unknown> {
  return shared(keyOf(r), (emit, signal) => fetchRun(origin, r.kind, r.query, emit, signal));
}

export interface RunAll {
  origin: string;
  signal: AbortSignal;
  onEvent: (index: number, event: RunEvent) => void;
  onAnswer: (index: number, value: unknown) => void;
  /** The run moved to the browser: the API was out of reach, or answered that it could not run it now. */
  onBrowser: (why: ApiUnavailable) => void;
  /** The reader's CSV, trained on in the browser only: no request with it (or its id) goes to the API. */
  local?: UserCsv;
}

/**
 * A widget's requests, at most two at a time against the API (cached answers arrive at once; computations
 * interleave in the API's isolate anyway, and more at once would meet its concurrency limit), one at a time in the
 * browser once the API has proved unreachable. Resolves to where the last of them ran; rejects with the first
 * failure the browser could not help with (a refusal, an engine error) or an AbortError.
 */
export async function runAll(requests: readonly Request[], o: RunAll): Promise<Where> {
  // Stops the other lane too once one has failed.
  const stop = new AbortController();
  const abort = () => stop.abort(o.signal.reason);
  o.signal.addEventListener('abort', abort, { once: true });
  let where: Where = o.local ? 'browser' : 'live';
  const one = async (r: Request, i: number) => {
    const hooks = { signal: stop.signal, onEvent: (e: RunEvent) => o.onEvent(i, e) };
    const key = keyOf(r, o.local !== undefined);
    if (where === 'live')
      try {
        o.onAnswer(i, await shared(key, (emit, signal) => fetchRun(o.origin, r.kind, r.query, emit, signal), hooks));
        return;
      } catch (err) {
        if (!(err instanceof ApiUnavailable) || stop.signal.aborted) throw err;
        // The server's copy of a reader's CSV is on the server only: the browser has nothing to train on.
        if (isUserDataset(String(r.query.dataset))) throw err;
        if (where === 'live') o.onBrowser(err);
        where = 'browser';
      }
    const compute = (emit: (e: RunEvent) => void, signal: AbortSignal) =>
      runInBrowser(r.kind, r.query, { onEvent: emit, signal }, o.local);
    o.onAnswer(i, await shared(key, compute, hooks));
  };
  let next = 0;
  const lane = async () => {
    while (next < requests.length && !stop.signal.aborted) {
      const i = next++;
      await one(requests[i], i);
    }
  };
  try {
    await Promise.all([lane(), lane()]);
  } catch (err) {
    stop.abort();
    throw err;
  } finally {
    o.signal.removeEventListener('abort', abort);
  }
  return where;
}
