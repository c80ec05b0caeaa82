/**
 * Runs on the engine in the reader's browser: in one Web Worker kept for the page's life (its wasm backend starts
 * once), one run at a time so the figure fills request by request. Where no worker can start (an old browser without
 * module workers, a blocked script) the engine runs on the page's own thread instead, yielding between frames.
 */
import type { FromWorker, ToWorker } from './engine-worker.ts';
import workerUrl from './engine-worker.ts?worker&url';
import type { MeasureEvent } from './experiment-browser.ts';
import type { Query } from './requests.ts';
import { abortError, type Kind, type RunHooks, type UserCsv, WorkerGone } from './run-types.ts';
import type { CsvOutcome } from './user-data.ts';

/** The .wasm files, beside the chunks of the page's widget code (/_astro/ or /widgets/ → /wasm/). */
const WASM_BASE = new URL(/* @vite-ignore */ '../wasm/', import.meta.url).href;

interface Pending {
  onEvent?: (e: never) => void;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

let worker: Worker | null = null;
let broken = false;
const pending = new Map<number, Pending>();
let nextId = 1;

/**
 * A worker script must be same-origin with the page; on another site (the custom-element bundle) a same-origin blob
 * module imports the real one, which the bundle's origin serves with CORS.
 */
function spawn(): Worker {
  const url = new URL(workerUrl, import.meta.url);
  const src =
    url.origin === location.origin
      ? url.href
      : URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' }));
  const w = new Worker(src, { type: 'module' });
  w.addEventListener('message', (e: MessageEvent<FromWorker>) => settle(e.data));
  w.addEventListener('error', () => {
    broken = true;
    worker = null;
    for (const p of pending.values()) p.reject(new WorkerGone('the engine worker failed'));
    pending.clear();
  });
  return w;
}

function settle(m: FromWorker): void {
  const p = pending.get(m.id);
  if (!p) return;
  if (m.type === 'event') {
    p.onEvent?.(m.event as never);
    return;
  }
  pending.delete(m.id);
  if (m.type === 'result') p.resolve(m.result);
  else p.reject(Object.assign(new Error(m.message), { name: m.name }));
}

/** Sends `message` (a run or an experiment) with a fresh id; its events go to `onEvent` until it settles. */
function inWorker<E>(
  message: DistributiveOmit<ToWorker, 'id'>,
  onEvent: ((e: E) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (broken || typeof Worker === 'undefined') return Promise.reject(new WorkerGone('no engine worker here'));
  worker ??= spawn();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { onEvent: onEvent as (e: never) => void, resolve, reject });
    signal?.addEventListener(
      'abort',
      () => {
        if (!pending.delete(id)) return;
        w.postMessage({ type: 'abort', id } satisfies ToWorker);
        reject(abortError(signal));
      },
      { once: true },
    );
    w.postMessage({ ...message, id } as ToWorker);
  });
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function onPage(kind: Kind, query: Query, hooks: RunHooks, csv?: UserCsv): Promise<unknown> {
  const { runInBrowser } = await import('./engine-browser.ts');
  return runInBrowser(kind, query, WASM_BASE, hooks, csv);
}

async function runOnce(kind: Kind, query: Query, hooks: RunHooks, csv?: UserCsv): Promise<unknown> {
  try {
    return await inWorker({ type: 'run', kind, query, wasmBase: WASM_BASE, csv }, hooks.onEvent, hooks.signal);
  } catch (err) {
    if (!(err instanceof WorkerGone)) throw err;
    return onPage(kind, query, hooks, csv);
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs wait for the one before them; one aborted while waiting never starts. `csv`: see engine-worker.ts. */
export function runInBrowser(kind: Kind, query: Query, hooks: RunHooks = {}, csv?: UserCsv): Promise<unknown> {
  const turn = queue.then(() => {
    if (hooks.signal?.aborted) throw abortError(hooks.signal);
    return runOnce(kind, query, hooks, csv);
  });
  queue = turn.catch(() => undefined);
  return turn;
}

/**
 * The phase diagram's measurement, assembled in the worker from the API's runs (experiment-browser.ts). Rejects with
 * WorkerGone where no worker runs: the page then asks the API's experiment route instead.
 */
export function measureInWorker(
  name: string,
  settings: Record<string, string>,
  origin: string,
  onEvent: (e: MeasureEvent) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  const api = new URL(origin || location.origin, location.href).origin;
  return inWorker({ type: 'experiment', name, settings, origin: api, wasmBase: WASM_BASE }, onEvent, signal);
}

/**
 * A reader's CSV parsed and registered by the engine in the worker (not queued behind a run: parsing takes
 * milliseconds, and the worker answers it between a run's steps). Where no worker runs, on the page's thread.
 */
export async function parseCsv(text: string, target?: string): Promise<CsvOutcome> {
  try {
    return (await inWorker({ type: 'parse', csv: text, target }, undefined, undefined)) as CsvOutcome;
  } catch (err) {
    if (!(err instanceof WorkerGone)) throw err;
    return (await import('./engine-browser.ts')).parseCsv(text, target);
  }
}
