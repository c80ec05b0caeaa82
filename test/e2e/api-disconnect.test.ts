/**
 * A client that disconnects mid-stream, through a real `wrangler dev` over HTTP: its run stops and leaves nothing in
 * the cache. The run must outlast the time the worker takes to learn of the disconnect (its next write failing
 * through wrangler dev's proxy, or a write stalled for STALLED_CLIENT_MS), on a fast machine too. The default cap's
 * largest trial is about 1.5 s of work on a quiet machine, short enough to finish and be cached first, so this
 * file's server allows a larger one.
 */
import { describe, expect, it } from 'vitest';
import { LineReader, NDJSON_HEADERS } from '../api/ndjson.ts';
import { query, TINY } from '../api/tiny.ts';
import { wranglerDevPerFile } from './dev.ts';

const dev = wranglerDevPerFile({ WORK_CAP_FLOPS: '2e11' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runsInFlight(): Promise<number> {
  const health = (await (await fetch(`${dev.url}/api/v1/health`)).json()) as { load: { runs: number } };
  return health.load.runs;
}

describe('a client that disconnects', () => {
  it('stops its run: a cheap request started right after answers long before the run would have, nothing is cached', async () => {
    // 1.7e11 FLOPs, a frame every 50 steps: about ten seconds of work on a quiet machine, far longer than the worker
    // takes to learn that its client left.
    const long = { depth: 6, width: 128, batchSize: 64, steps: 5000, logEvery: 50, checkpointEvery: 0, seed: 22 };
    const path = `/api/v1/trials?${query(long)}`;
    const abort = new AbortController();
    const stream = new LineReader(await fetch(dev.url + path, { headers: NDJSON_HEADERS, signal: abort.signal }));
    await stream.until((l) => l.type === 'frame');
    const t0 = performance.now();
    await stream.until((l) => l.type === 'frame' && (l.step as number) >= 200);
    // Its own pace: the time the rest of the run would take had it gone on.
    const restMs = ((performance.now() - t0) * (long.steps - 200)) / 200;
    abort.abort();

    const t1 = performance.now();
    const cheap = await fetch(`${dev.url}/api/v1/trials?${query({ ...TINY, seed: 23 })}`);
    expect(cheap.status).toBe(200);
    await cheap.arrayBuffer();
    expect(performance.now() - t1).toBeLessThan(restMs);

    // wrangler dev's proxy does not pass a disconnect on: the worker learns of it when the client stops reading.
    while ((await runsInFlight()) > 0) await sleep(20);
    expect(performance.now() - t1).toBeLessThan(restMs); // stopped, not finished
    const again = await fetch(dev.url + path, { headers: NDJSON_HEADERS });
    expect(again.headers.get('X-Cache')).toBe('MISS'); // the abandoned run left nothing in the cache
    await again.body?.cancel();
    while ((await runsInFlight()) > 0) await sleep(20);
  });
});
