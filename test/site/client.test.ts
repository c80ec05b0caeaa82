/**
 * The widgets' engine client without a browser: the NDJSON reader against a real HTTP server that splits lines across
 * chunks, and the page's shared computations (a joiner replays what it missed; the last waiter to abort stops it).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRun } from '../../site/src/widgets/api-stream.ts';
import { remembered, shared } from '../../site/src/widgets/memo.ts';
import { ApiRefusal, ApiUnavailable, type RunEvent } from '../../site/src/widgets/run-types.ts';

let server: Server;
let origin = '';
const RESULT = { params: { inits: ['he_normal'] }, trials: [{ steps: [0, 10] }], timing: { ms: 1 } };

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const mode = url.searchParams.get('mode');
    if (mode === 'plain') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(RESULT));
    if (mode === 'refuse' || mode === 'busy') {
      const status = mode === 'refuse' ? 422 : 503;
      return res
        .writeHead(status, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ detail: `no (${status})` }));
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const lines = [
      JSON.stringify({ type: 'start', params: RESULT.params, engine: {} }),
      JSON.stringify({ type: 'frame', step: 0, steps: 10, checkpoint: true, trials: [] }),
      JSON.stringify({ type: 'frame', step: 10, steps: 10, checkpoint: false, trials: [] }),
      mode === 'fail' ? JSON.stringify({ type: 'error', status: 500, detail: 'engine failed' }) : '',
      mode === 'cut' || mode === 'fail' ? '' : JSON.stringify({ type: 'result', result: RESULT }),
    ]
      .filter(Boolean)
      .join('\n');
    // Chunks of 7 bytes: every line arrives in pieces, and the last one without its newline.
    let pos = 0;
    const timer = setInterval(() => {
      if (pos >= lines.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(lines.slice(pos, pos + 7));
      pos += 7;
    }, 1);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const run = (mode: string, events: RunEvent[] = []) =>
  fetchRun(origin, 'compare', { mode }, (e) => events.push(e), new AbortController().signal);

describe('the NDJSON reader', () => {
  it('passes on start and frames in order and returns the result line, however the bytes are split', async () => {
    const events: RunEvent[] = [];
    expect(await run('stream', events)).toEqual(RESULT);
    expect(events.map((e) => (e.type === 'frame' ? e.step : e.type))).toEqual(['start', 0, 10]);
  });

  it('takes a plain JSON answer as the result', async () => {
    expect(await run('plain')).toEqual(RESULT);
  });

  it('tells a refusal (the browser would refuse too) from an API that cannot run it now', async () => {
    await expect(run('refuse')).rejects.toThrow(ApiRefusal);
    await expect(run('busy')).rejects.toMatchObject({ message: 'no (503)', answered: true });
    await expect(run('busy')).rejects.toThrow(ApiUnavailable);
    await expect(run('fail')).rejects.toMatchObject({ message: 'engine failed', answered: true });
    await expect(run('cut')).rejects.toThrow(/ended before the result/);
    await expect(
      fetchRun('http://127.0.0.1:9', 'compare', {}, () => {}, new AbortController().signal),
    ).rejects.toMatchObject({ answered: false });
  });
});

/** A computation driven by hand: `emit` events, then `finish`; `stopped` says whether it was aborted. */
function manual() {
  let emit: (e: RunEvent) => void = () => {};
  let finish: (v: unknown) => void = () => {};
  const state = { stopped: false, starts: 0 };
  const compute = (e: (x: RunEvent) => void, signal: AbortSignal) => {
    state.starts++;
    emit = e;
    return new Promise((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => {
        state.stopped = true;
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      });
    });
  };
  const frame = (step: number): RunEvent => ({ type: 'frame', step, steps: 2, checkpoint: false, trials: [] });
  return { compute, state, send: (step: number) => emit(frame(step)), finish: (v: unknown) => finish(v) };
}

describe('shared computations', () => {
  it('give a joiner the events so far, then the rest, and remember the answer', async () => {
    const m = manual();
    const first: RunEvent[] = [];
    const second: RunEvent[] = [];
    const a = shared('k1', m.compute, { onEvent: (e) => first.push(e) });
    m.send(1);
    const b = shared('k1', m.compute, { onEvent: (e) => second.push(e) });
    m.send(2);
    m.finish('answer');
    expect(await Promise.all([a, b])).toEqual(['answer', 'answer']);
    expect(m.state.starts).toBe(1);
    expect(second).toEqual(first);
    expect(remembered('k1')).toBe(true);
    expect(await shared('k1', m.compute)).toBe('answer');
  });

  it('stop when the last waiter aborts, not before; a waiter without a signal keeps them alive', async () => {
    const m = manual();
    const one = new AbortController();
    const two = new AbortController();
    const a = shared('k2', m.compute, { signal: one.signal });
    const b = shared('k2', m.compute, { signal: two.signal });
    one.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(m.state.stopped).toBe(false);
    two.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    expect(m.state.stopped).toBe(true);
    expect(remembered('k2')).toBe(false);

    const kept = manual();
    const prefetch = shared('k3', kept.compute);
    const reader = new AbortController();
    const c = shared('k3', kept.compute, { signal: reader.signal });
    reader.abort();
    await expect(c).rejects.toMatchObject({ name: 'AbortError' });
    expect(kept.state.stopped).toBe(false);
    kept.finish('done');
    expect(await prefetch).toBe('done');
  });

  it('start afresh for a request made after the last waiter left', async () => {
    const m = manual();
    const ctl = new AbortController();
    const a = shared('k4', m.compute, { signal: ctl.signal });
    ctl.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    const b = shared('k4', m.compute);
    m.finish('again');
    expect(await b).toBe('again');
    expect(m.state.starts).toBe(2);
  });
});
