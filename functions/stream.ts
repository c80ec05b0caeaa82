/**
 * The NDJSON form of a result: `start` (params, engine), the run's `frame` lines as it trains, then `result`, whose
 * `result` is the plain response body byte for byte (embedded, not re-serialised), or `error` if the run fails after
 * the stream began. A cache hit is `start` + `result` at once.
 */
import type { EngineInfo } from '../src/index.ts';
import { INTERNAL_ERROR, type Problem, ProblemError, problemBody, safeJson } from './problem.ts';
import type { Outcome, Run } from './run.ts';

export const NDJSON = 'application/x-ndjson';

/** Whether the Accept header asks for the stream: it lists NDJSON with q > 0, at least as high as plain JSON. */
export function wantsStream(accept: string | undefined): boolean {
  if (!accept?.includes(NDJSON)) return false;
  const q = { [NDJSON]: 0, 'application/json': 0 } as Record<string, number>;
  for (const range of accept.toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim());
    if (!(type in q)) continue;
    const weight = params.find((p) => p.startsWith('q='));
    q[type] = Math.max(q[type], weight ? Number(weight.slice(2)) || 0 : 1);
  }
  return q[NDJSON] > 0 && q[NDJSON] >= q['application/json'];
}

export function startLine(params: unknown, engine: EngineInfo): string {
  return JSON.stringify({ type: 'start', params, engine });
}

export function resultLine(body: string): string {
  return `{"type":"result","result":${body}}`;
}

/** The problem a failure answers with; anything but a ProblemError is a bug, logged, and reported as a 500. */
export function problemOf(err: unknown): Problem {
  if (err instanceof ProblemError) return err.problem;
  console.error('a streamed run failed', err);
  return problemBody(500, INTERNAL_ERROR);
}

/** The problem's fields on an `error` line; its `type` URI gives way to the line's type (the status names it). */
export function errorLine(err: unknown): string {
  const { type: _uri, ...fields } = problemOf(err);
  return safeJson({ type: 'error', ...fields });
}

/** What one stream sends: batches of lines, the last batch with done. */
export interface LineSource {
  next(): Promise<{ lines: string[]; done: boolean }>;
  cancel(): void;
}

export function storedLines(head: string, body: string): LineSource {
  return { next: async () => ({ lines: [head, resultLine(body)], done: true }), cancel: () => {} };
}

function finalLine(outcome: Outcome): string {
  return outcome.ok ? resultLine(outcome.body) : errorLine(outcome.error);
}

/** A run's lines from its first frame, however late the stream joined; `leave` is called when the stream ends. */
export function runLines(head: string, run: Run, leave: () => void): LineSource {
  let cursor = -1;
  let gone = false;
  const end = () => {
    gone = true;
    leave();
  };
  return {
    async next() {
      if (cursor < 0) {
        cursor = run.lines.length;
        return { lines: [head, ...run.lines], done: false };
      }
      const fresh = await run.read(cursor);
      // A stream that has left has nobody to tell how the run ended (an abort, if it was the last).
      if (gone) return { lines: [], done: true };
      cursor += fresh.length;
      if (fresh.length > 0 || !run.outcome) return { lines: fresh, done: false };
      end();
      return { lines: [finalLine(run.outcome)], done: true };
    },
    cancel: end,
  };
}

/**
 * A client that has not taken a line for this long is treated as gone. A watching client reads each line as it comes
 * (a write waits on it only for as long as the line takes to reach it); one that stops reading while its connection
 * stays open — a hung tab, or a proxy that does not pass a disconnect on, as `wrangler dev`'s does not — would
 * otherwise keep a run going that nobody sees.
 */
export const STALLED_CLIENT_MS = 2000;
/**
 * The stall clock ticks at this period and counts at most one period per tick. Training shares the isolate's one
 * thread, so a long stretch of computation delays every timer: a client that was reading all along would otherwise
 * look stalled the moment the thread comes free. Counting only the time the isolate could have delivered the line
 * makes a busy isolate never mistake its own work for a client that went away.
 */
const STALL_TICK_MS = 100;

async function writeWithin(writer: WritableStreamDefaultWriter<Uint8Array>, chunk: Uint8Array): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    let waited = 0;
    let last = Date.now();
    const tick = () => {
      const now = Date.now();
      waited += Math.min(now - last, STALL_TICK_MS);
      last = now;
      if (waited >= STALLED_CLIENT_MS) reject(new Error('the client stopped reading'));
      else timer = setTimeout(tick, STALL_TICK_MS);
    };
    timer = setTimeout(tick, STALL_TICK_MS);
  });
  try {
    await Promise.race([writer.write(chunk), stalled]);
  } finally {
    clearTimeout(timer as ReturnType<typeof setTimeout>);
  }
}

/**
 * A 200 NDJSON response fed from `source`. A client that goes away errors the body: the next write fails (or the
 * writer's closed promise rejects first), or it stalls (STALLED_CLIENT_MS), and the source is cancelled. The feeding
 * is registered with `waitUntil`, because workerd ends a request's context when its client disconnects — its timers
 * and continuations with it — unless something keeps it: without that, a stream whose client left would never learn
 * it and never leave its run.
 */
export function ndjsonResponse(
  source: LineSource,
  headers: Record<string, string>,
  waitUntil: (promise: Promise<unknown>) => void,
): Response {
  const encoder = new TextEncoder();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  writer.closed.catch(() => source.cancel());
  const pump = async () => {
    for (;;) {
      const { lines, done } = await source.next();
      if (lines.length > 0) await writeWithin(writer, encoder.encode(`${lines.join('\n')}\n`));
      if (done) return writer.close();
    }
  };
  waitUntil(
    pump().catch(() => {
      source.cancel();
      writer.abort().catch(() => undefined);
    }),
  );
  return new Response(readable, { status: 200, headers: { 'Content-Type': NDJSON, ...headers } });
}
