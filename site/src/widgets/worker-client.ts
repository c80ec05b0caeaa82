/**
 * Runs on the engine in the reader's browser: in one Web Worker kept for the page's life (its wasm backend starts
 * once), one run at a time so the figure fills request by request. Where no worker can start (an old browser without
 * module workers, a blocked script) the engine runs on the page's own thread instead, yielding between frames.
 */
import type { FromWorker, ToWorker } from './engine-worker.ts';
import workerUrl from './engine-worker.ts?worker&url';
import type { Query } from './requests.ts';
import { abortError, type Kind, type RunHooks } from './run-types.ts';

/** The .wasm files, beside the chunks of the page's widget code (/_astro/ or /widgets/ → /wasm/). */
const WASM_BASE = new URL(/* @vite-ignore */ '../wasm/', import.meta.url).href;

interface Pending {
  hooks: RunHooks;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

class WorkerGone extends Error {}

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
    p.hooks.onEvent?.(m.event);
    return;
  }
  pending.delete(m.id);
  if (m.type === 'result') p.resolve(m.result);
  else p.reject(Object.assign(new Error(m.message), { name: m.name }));
}

function inWorker(kind: Kind, query: Query, hooks: RunHooks): Promise<unknown> {
  worker ??= spawn();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { hooks, resolve, reject });
    hooks.signal?.addEventListener(
      'abort',
      () => {
        if (!pending.delete(id)) return;
        w.postMessage({ type: 'abort', id } satisfies ToWorker);
        reject(abortError(hooks.signal as AbortSignal));
      },
      { once: true },
    );
    w.postMessage({ type: 'run', id, kind, query, wasmBase: WASM_BASE } satisfies ToWorker);
  });
}

async function onPage(kind: Kind, query: Query, hooks: RunHooks): Promise<unknown> {
  const { runInBrowser } = await import('./engine-browser.ts');
  return runInBrowser(kind, query, WASM_BASE, hooks);
}

async function runOnce(kind: Kind, query: Query, hooks: RunHooks): Promise<unknown> {
  if (broken || typeof Worker === 'undefined') return onPage(kind, query, hooks);
  try {
    return await inWorker(kind, query, hooks);
  } catch (err) {
    if (!(err instanceof WorkerGone)) throw err;
    return onPage(kind, query, hooks);
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs wait for the one before them; one aborted while waiting never starts. */
export function runInBrowser(kind: Kind, query: Query, hooks: RunHooks = {}): Promise<unknown> {
  const turn = queue.then(() => {
    if (hooks.signal?.aborted) throw abortError(hooks.signal);
    return runOnce(kind, query, hooks);
  });
  queue = turn.catch(() => undefined);
  return turn;
}
