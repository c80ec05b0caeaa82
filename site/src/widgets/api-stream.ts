/**
 * A run through the API, streamed: `Accept: application/x-ndjson` answers one JSON object per line — `start`, a
 * `frame` per logged step and checkpoint, and `result`, exactly the plain body. A cache hit sends start and result at
 * once. An API that answers plain JSON instead (an older deployment, a proxy that drops the header) still works: that
 * body is the result.
 */
import { type Query, toSearch } from './requests.ts';
import { ApiRefusal, ApiUnavailable, type Kind, type RunEvent } from './run-types.ts';

export function apiPath(kind: Kind, q: Query): string {
  if (kind === 'sample') {
    const { init, ...rest } = q;
    return `/api/v1/initializers/${encodeURIComponent(String(init))}/sample?${toSearch(rest)}`;
  }
  if (kind === 'experiment') {
    const { name, ...rest } = q;
    return `/api/v1/experiments/${encodeURIComponent(String(name))}?${toSearch(rest)}`;
  }
  return `/api/v1/${kind}?${toSearch(q)}`;
}

/** Statuses after which the browser computes instead: rate-limited, or the API or its engine unavailable. */
const unavailable = (status: number) => status === 429 || status >= 500;

export async function fetchRun(
  origin: string,
  kind: Kind,
  q: Query,
  emit: (e: RunEvent) => void,
  signal: AbortSignal,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(origin.replace(/\/$/, '') + apiPath(kind, q), {
      headers: { Accept: 'application/x-ndjson' },
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ApiUnavailable((err as Error).message, false);
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
    const message = problem?.detail ?? problem?.title ?? `HTTP ${res.status}`;
    if (!unavailable(res.status)) throw new ApiRefusal(message, res.status);
    const wait = Number(res.headers.get('Retry-After') ?? Number.NaN);
    throw new ApiUnavailable(message, true, Number.isFinite(wait) ? wait : undefined);
  }
  if (!res.headers.get('content-type')?.includes('ndjson') || !res.body) return res.json();
  return readStream(res.body, emit, signal);
}

interface Line {
  type: string;
  result?: unknown;
  detail?: string;
  title?: string;
  message?: string;
}

/** The stream's lines as they arrive (the last one need not end in a newline). */
async function* lines(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read().catch((err) => {
        if (signal.aborted) throw err;
        throw new ApiUnavailable(`the stream broke off: ${(err as Error).message}`, true);
      });
      buffer += done ? '\n' : decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const text = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (text) yield text;
      }
      if (done) return;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

async function readStream(body: ReadableStream<Uint8Array>, emit: (e: RunEvent) => void, signal: AbortSignal) {
  for await (const text of lines(body, signal)) {
    const line = JSON.parse(text) as Line;
    if (line.type === 'result') return line.result;
    // The run failed after the stream began (the server's trouble, not the request's): the browser may manage.
    if (line.type === 'error')
      throw new ApiUnavailable(line.detail ?? line.title ?? line.message ?? 'stream error', true);
    if (line.type === 'start' || line.type === 'frame') emit(line as unknown as RunEvent);
  }
  throw new ApiUnavailable('the stream ended before the result', true);
}
