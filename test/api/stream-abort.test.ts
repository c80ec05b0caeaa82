/** A stream whose client goes away stops its run within one step, caches nothing, and frees the isolate at once. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../functions/cache.ts';
import { runSlots } from '../../functions/load.ts';
import { resultCache } from '../../functions/results.ts';
import { isAbortError, normaliseTrialParams } from '../../src/index.ts';
import { call, query, TINY } from './helpers.ts';
import { LineReader, NDJSON_HEADERS } from './ndjson.ts';

/** Thousands of steps: seconds of work, far more than the test lets it do. */
const ABANDONED = { ...TINY, steps: 5000, logEvery: 50, checkpointEvery: 0 };

async function keyOf(params: Record<string, unknown>): Promise<string> {
  const n = normaliseTrialParams(params);
  if (!n.ok) throw new Error('bad params');
  return cacheKey('trial', n.params);
}

describe('an abandoned stream', () => {
  it('stops its run before a cheap request started right after it answers, and caches nothing', async () => {
    const params = { ...ABANDONED, seed: 701 };
    const key = await keyOf(params);
    const abandoned = resultCache.stats.abandoned;
    const stream = new LineReader(await call(`/api/v1/trials?${query(params)}`, { headers: NDJSON_HEADERS }));
    await stream.until((l) => l.type === 'frame' && (l.step as number) >= 100);
    const run = await resultCache.inFlight(key);
    if (!run) throw new Error('no run in flight');
    const order: string[] = [];
    const stopped = run.done.catch((err) => {
      order.push('abandoned run stopped');
      return err;
    });

    await stream.cancel();
    const cheap = await call(`/api/v1/trials?${query({ ...TINY, seed: 702 })}`);
    order.push('cheap request answered');
    expect(cheap.status).toBe(200);
    await cheap.arrayBuffer();

    expect(order).toEqual(['abandoned run stopped', 'cheap request answered']);
    expect(isAbortError(await stopped)).toBe(true);
    expect(run.lines.length).toBe(run.abandonedAt);
    expect(run.framesAfterAbandon).toBeLessThanOrEqual(1); // it stopped within one logged step
    const last = JSON.parse(run.lines.at(-1) ?? '{}') as { step: number };
    expect(last.step).toBeLessThan(ABANDONED.steps / 2);
    expect(resultCache.stats.abandoned).toBe(abandoned + 1);
    expect(runSlots.running).toBe(0);
    expect(resultCache.lru.get(key)).toBeUndefined();
    expect(await env.TRIALS.get(key)).toBeNull();
  });

  it('the same request afterwards starts a fresh computation instead of joining the stopped one', async () => {
    const params = { ...ABANDONED, seed: 703 };
    const path = `/api/v1/trials?${query(params)}`;
    const first = new LineReader(await call(path, { headers: NDJSON_HEADERS }));
    await first.until((l) => l.type === 'frame');
    const stopped = await resultCache.inFlight(await keyOf(params));
    await first.cancel();
    await stopped?.done.catch(() => undefined);
    const started = resultCache.stats.started;
    const again = await call(path, { headers: NDJSON_HEADERS });
    expect(again.headers.get('X-Cache')).toBe('MISS');
    const second = new LineReader(again);
    const frame = await second.until((l) => l.type === 'frame');
    expect(frame.step).toBe(0);
    expect(resultCache.stats.started).toBe(started + 1);
    await second.cancel();
  });
});
