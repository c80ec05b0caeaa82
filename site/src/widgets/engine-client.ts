/**
 * How widgets get results: the API on the configured origin, or — when it cannot be reached — the same engine run
 * in the reader's browser (tfjs wasm, loaded only then). Both take the same request objects (requests.ts).
 */
import { type Query, toSearch } from './requests.ts';

export type Kind = 'sample' | 'compare' | 'theory';
export interface Runner {
  run(kind: Kind, query: Query): Promise<unknown>;
  readonly where: 'live' | 'browser';
}

/** Raised for answers that prove the API is up but refused the request (the fallback would refuse it too). */
export class ApiRefusal extends Error {}

function apiPath(kind: Kind, q: Query): string {
  if (kind === 'sample') {
    const { init, ...rest } = q;
    return `/api/v1/initializers/${encodeURIComponent(String(init))}/sample?${toSearch(rest)}`;
  }
  return `/api/v1/${kind}?${toSearch(q)}`;
}

/**
 * Answers already fetched or computed on this page, by request (most recently used last), and the ones on their way.
 * Results are immutable for a given engine, so a state the reader comes back to, or one prefetched, shows without a
 * round trip, and a run that asks for what a prefetch is already fetching waits for that answer instead of a second.
 * Requests are therefore not cancelled when a run is superseded: the answer still lands here (the server, whose run
 * cannot be interrupted anyway, caches it too).
 */
const memo = new Map<string, unknown>();
const inflight = new Map<string, Promise<unknown>>();
const MEMO_ENTRIES = 128;
const memoKey = (kind: Kind, q: Query) => `${kind}?${toSearch(q)}`;

export function remembered(kind: Kind, q: Query): boolean {
  return memo.has(memoKey(kind, q));
}

function throughMemo(kind: Kind, q: Query, compute: () => Promise<unknown>): Promise<unknown> {
  const key = memoKey(kind, q);
  if (memo.has(key)) {
    const hit = memo.get(key);
    memo.delete(key);
    memo.set(key, hit);
    return Promise.resolve(hit);
  }
  const pending =
    inflight.get(key) ??
    compute()
      .then((value) => {
        memo.set(key, value);
        if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
        return value;
      })
      .finally(() => inflight.delete(key));
  inflight.set(key, pending);
  return pending;
}

export function apiRunner(origin: string): Runner {
  return {
    where: 'live',
    run: (kind, q) => throughMemo(kind, q, () => fetchApi(origin, kind, q)),
  };
}

async function fetchApi(origin: string, kind: Kind, q: Query): Promise<unknown> {
  const res = await fetch(origin.replace(/\/$/, '') + apiPath(kind, q));
  if (res.ok) return res.json();
  const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
  const message = problem?.detail ?? problem?.title ?? `HTTP ${res.status}`;
  // 503/502/504: the engine or the worker is unavailable — the browser can still compute.
  if (res.status >= 502) throw new Error(message);
  throw new ApiRefusal(message);
}

let browserEngine: Promise<typeof import('./engine-browser.ts')> | null = null;

export function browserRunner(): Runner {
  return {
    where: 'browser',
    run: (kind, q) =>
      throughMemo(kind, q, async () => {
        browserEngine ??= import('./engine-browser.ts');
        const engine = await browserEngine;
        return engine.runInBrowser(kind, q);
      }),
  };
}
