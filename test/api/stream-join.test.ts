/** Identical requests share one computation: a stream that joins late gets the whole history, a plain one keeps it alive. */
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../functions/cache.ts';
import { engineRuns } from '../../functions/engine.ts';
import { resultCache } from '../../functions/results.ts';
import type { Run } from '../../functions/run.ts';
import { isAbortError, normaliseTrialParams } from '../../src/index.ts';
import { call, query, TINY } from './helpers.ts';
import { LineReader, NDJSON_HEADERS } from './ndjson.ts';

/** Long enough (81 frames, each yielding to the isolate) that a second request arrives while it runs. */
const LONG = { ...TINY, steps: 400, logEvery: 5, checkpointEvery: 100 };

async function runOf(params: Record<string, unknown>): Promise<Run> {
  const n = normaliseTrialParams(params);
  if (!n.ok) throw new Error('bad params');
  const run = await resultCache.inFlight(await cacheKey('trial', n.params));
  if (!run) throw new Error('no run in flight');
  return run;
}

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('joining a run in flight', () => {
  it('a stream that joins mid-run receives every frame from the first, then the same result', async () => {
    const params = { ...LONG, seed: 601 };
    const path = `/api/v1/trials?${query(params)}`;
    const runs = engineRuns.count;
    const first = new LineReader(await call(path, { headers: NDJSON_HEADERS }));
    await first.until((l) => l.type === 'frame' && (l.step as number) >= 50);
    const run = await runOf(params);
    const joined = await call(path, { headers: NDJSON_HEADERS });
    expect(joined.headers.get('X-Cache')).toBe('MISS');
    const late = new LineReader(joined);
    await late.next();
    expect(run.outcome).toBeNull(); // it joined a run still going
    const [a, b] = await Promise.all([first.rest(), late.rest()]);
    expect(b).toEqual(a);
    expect(a.filter((l) => l.startsWith('{"type":"frame"'))).toHaveLength(81);
    expect(engineRuns.count - runs).toBe(1);
  });

  it('a plain request keeps the run alive after the stream that started it leaves', async () => {
    const params = { ...LONG, seed: 602 };
    const path = `/api/v1/trials?${query(params)}`;
    const abandoned = resultCache.stats.abandoned;
    const stream = new LineReader(await call(path, { headers: NDJSON_HEADERS }));
    await stream.until((l) => l.type === 'frame');
    const run = await runOf(params);
    const plain = call(path);
    while (run.audience.plainWaiters === 0) await tick();
    await stream.cancel();
    const res = await plain;
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text()).params.seed).toBe(602);
    expect(resultCache.stats.abandoned).toBe(abandoned);
    expect((await call(path)).headers.get('X-Cache')).toBe('HIT');
  });

  it('one of two streams leaving does not stop the run; the last one leaving does', async () => {
    const params = { ...LONG, steps: 4000, seed: 603 };
    const path = `/api/v1/trials?${query(params)}`;
    const abandoned = resultCache.stats.abandoned;
    const a = new LineReader(await call(path, { headers: NDJSON_HEADERS }));
    await a.until((l) => l.type === 'frame');
    const run = await runOf(params);
    const b = new LineReader(await call(path, { headers: NDJSON_HEADERS }));
    await b.until((l) => l.type === 'frame');
    expect(run.audience.listeners).toBe(2);
    await a.cancel();
    while (run.audience.listeners > 1) await tick(); // the worker has seen it leave
    const before = run.lines.length;
    await b.until((l) => l.type === 'frame' && (l.step as number) > 5 * before);
    expect(run.abandoned).toBe(false);
    await b.cancel();
    expect(isAbortError(await run.done.catch((err) => err))).toBe(true);
    expect(run.framesAfterAbandon).toBeLessThanOrEqual(1);
    expect(resultCache.stats.abandoned).toBe(abandoned + 1);
  });
});
