/**
 * Answers already computed on this page, by request (most recently used last), and the computations on their way.
 * Results are immutable for a given engine, so a state the reader comes back to, or one prefetched, shows without a
 * round trip. A computation is shared by everyone who asks for the same request while it runs: a latecomer first
 * gets the events so far (start, frames), then the rest, as the API does for joiners of a stream. It is stopped
 * (its fetch or worker run aborted) when the last one waiting for it has aborted; a waiter without a signal (a
 * prefetch) keeps it alive.
 */
import { abortError, type RunEvent, type RunHooks } from './run-types.ts';

type Listener = (event: RunEvent) => void;
interface Computation {
  key: string;
  events: RunEvent[];
  listeners: Set<Listener>;
  holders: number;
  stop: AbortController;
  done: Promise<unknown>;
}

const memo = new Map<string, unknown>();
const running = new Map<string, Computation>();
const MEMO_ENTRIES = 128;

export function remembered(key: string): boolean {
  return memo.has(key);
}

/** `compute` gets an `emit` for its events and a signal that aborts once nobody waits for it any more. */
export type Compute = (emit: Listener, signal: AbortSignal) => Promise<unknown>;

export function shared(key: string, compute: Compute, hooks: RunHooks = {}): Promise<unknown> {
  if (memo.has(key)) {
    const hit = memo.get(key);
    memo.delete(key);
    memo.set(key, hit);
    return Promise.resolve(hit);
  }
  return join(running.get(key) ?? start(key, compute), hooks);
}

function start(key: string, compute: Compute): Computation {
  const stop = new AbortController();
  const c: Computation = { key, events: [], listeners: new Set(), holders: 0, stop, done: Promise.resolve() };
  const emit = (e: RunEvent) => {
    if (e.type === 'start') c.events.length = 0; // a retry elsewhere (API → browser) starts the story over
    c.events.push(e);
    for (const l of c.listeners) l(e);
  };
  c.done = compute(emit, stop.signal)
    .then((value) => {
      memo.set(key, value);
      if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
      return value;
    })
    .finally(() => {
      if (running.get(key) === c) running.delete(key);
    });
  c.done.catch(() => undefined);
  running.set(key, c);
  return c;
}

function join(c: Computation, { onEvent, signal }: RunHooks): Promise<unknown> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  c.holders++;
  if (onEvent) {
    for (const e of c.events) onEvent(e);
    c.listeners.add(onEvent);
  }
  return new Promise((resolve, reject) => {
    const leave = () => {
      if (onEvent) c.listeners.delete(onEvent);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      leave();
      if (--c.holders === 0) {
        // Forget it at once: a request made from now on starts afresh rather than joining a run being torn down.
        if (running.get(c.key) === c) running.delete(c.key);
        c.stop.abort();
      }
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    c.done.then(
      (v) => {
        leave();
        resolve(v);
      },
      (err) => {
        leave();
        reject(err);
      },
    );
  });
}
