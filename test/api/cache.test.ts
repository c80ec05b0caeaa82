/** Cache tiers, ETags and coalescing, observed through the engine-run counter and the KV binding itself. */

import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cacheKey, LruCache } from '../../functions/cache.ts';
import { engineRuns } from '../../functions/engine.ts';
import app from '../../functions/index.ts';
import { resultCache } from '../../functions/results.ts';
import { normaliseTrialParams, type TrialParams } from '../../src/index.ts';
import { call, freshIp, ORIGIN, query, TINY } from './helpers.ts';

function trialParams(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

/** Forget a result everywhere but KV, so the next request must read KV (or compute). */
async function dropFastTiers(key: string): Promise<void> {
  resultCache.lru.delete(key);
  await caches.default.delete(`https://results.initlab.internal/${encodeURIComponent(key)}`);
}

describe('result cache', () => {
  it('miss then hit, with an immutable Cache-Control and a stable ETag', async () => {
    const path = `/api/v1/trials?${query({ ...TINY, seed: 201 })}`;
    const runs = engineRuns.count;
    const first = await call(path);
    expect(first.headers.get('X-Cache')).toBe('MISS');
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const second = await call(path);
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(second.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await second.text()).toBe(await first.text());
    expect(engineRuns.count - runs).toBe(1);
  });

  it('If-None-Match → 304 without running the engine', async () => {
    const path = `/api/v1/trials?${query({ ...TINY, seed: 202 })}`;
    const etag = (await call(path)).headers.get('ETag') ?? '';
    expect(etag).toMatch(/^W\/"v[^"]+:[0-9a-f]{64}"$/);
    const runs = engineRuns.count;
    const res = await call(path, { headers: { 'If-None-Match': `"other", ${etag}` } });
    expect(res.status).toBe(304);
    expect(res.headers.get('ETag')).toBe(etag);
    expect(await res.text()).toBe('');
    expect(engineRuns.count).toBe(runs);
  });

  it('the key is v<cache-version>:<sha256 of the canonical params>, and the result lands in KV', async () => {
    const params = trialParams({ ...TINY, seed: 203 });
    const key = await cacheKey('trial', params);
    expect(key).toMatch(/^v\d+\.\d+\.\d+-\d+:[0-9a-f]{64}$/);
    // Same params in another order and with defaults spelled out → the same key.
    expect(await cacheKey('trial', trialParams({ seed: 203, ...TINY, init: 'he_normal' }))).toBe(key);
    await call(`/api/v1/trials?${query({ ...TINY, seed: 203 })}`);
    const stored = await env.TRIALS.get(key);
    expect(stored && JSON.parse(stored).params).toEqual(params);
  });

  it('N concurrent identical misses share one engine run', async () => {
    const path = `/api/v1/trials?${query({ ...TINY, seed: 204 })}`;
    const runs = engineRuns.count;
    const responses = await Promise.all(Array.from({ length: 12 }, () => call(path)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(engineRuns.count - runs).toBe(1);
    expect(new Set(bodies).size).toBe(1);
  });

  it('serves from KV after the fast tiers forget, without recomputing', async () => {
    const params = trialParams({ ...TINY, seed: 205 });
    const path = `/api/v1/trials?${query({ ...TINY, seed: 205 })}`;
    const body = await (await call(path)).text();
    await dropFastTiers(await cacheKey('trial', params));
    const runs = engineRuns.count;
    const res = await call(path);
    expect(res.headers.get('X-Cache')).toBe('HIT');
    expect(await res.text()).toBe(body);
    expect(engineRuns.count).toBe(runs);
  });

  it('serves from the Cache API when the LRU forgets and KV has lost the entry', async () => {
    const params = trialParams({ ...TINY, seed: 210 });
    const key = await cacheKey('trial', params);
    const path = `/api/v1/trials?${query({ ...TINY, seed: 210 })}`;
    const body = await (await call(path)).text();
    resultCache.lru.delete(key);
    await env.TRIALS.delete(key);
    const runs = engineRuns.count;
    const res = await call(path);
    expect(res.headers.get('X-Cache')).toBe('HIT');
    expect(await res.text()).toBe(body);
    expect(engineRuns.count).toBe(runs);
  });

  for (const [label, corrupt] of [
    ['unparseable', '{"params": {'],
    ['schema-invalid', '{"params": {}, "steps": "many"}'],
    ['a valid result for other params', ''],
  ] as const)
    it(`recomputes and overwrites a ${label} KV entry`, async () => {
      const params = trialParams({ ...TINY, seed: 206 });
      const key = await cacheKey('trial', params);
      const path = `/api/v1/trials?${query({ ...TINY, seed: 206 })}`;
      const good = await (await call(path)).text();
      const other = await (await call(`/api/v1/trials?${query({ ...TINY, seed: 207 })}`)).text();
      await dropFastTiers(key);
      await env.TRIALS.put(key, corrupt || other);
      const runs = engineRuns.count;
      const res = await call(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('X-Cache')).toBe('MISS');
      expect(engineRuns.count - runs).toBe(1);
      const fresh = JSON.parse(await res.text());
      expect(fresh.params).toEqual(params);
      const { timing: _a, ...a } = fresh;
      const { timing: _b, ...b } = JSON.parse(good);
      expect(a).toEqual(b); // deterministic apart from timing
      expect(JSON.parse((await env.TRIALS.get(key)) ?? 'null').params).toEqual(params);
    });

  it('a KV binding that throws is logged and the request is still served', async () => {
    const failing = {
      get: () => Promise.reject(new Error('KV down')),
      put: () => Promise.reject(new Error('KV down')),
    } as unknown as KVNamespace;
    const ctx = createExecutionContext();
    const req = new Request(`${ORIGIN}/api/v1/trials?${query({ ...TINY, seed: 208 })}`, {
      headers: { 'CF-Connecting-IP': freshIp() },
    });
    const res = await app.fetch(req, { ...env, TRIALS: failing }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Cache')).toBe('MISS');
    expect(JSON.parse(await res.text()).params.seed).toBe(208);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry past its entry bound', () => {
    const lru = new LruCache(2, 1000);
    lru.set('a', '1');
    lru.set('b', '2');
    lru.get('a');
    lru.set('c', '3');
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('1');
    expect(lru.get('c')).toBe('3');
  });

  it('keeps its total size within the character bound', () => {
    const lru = new LruCache(100, 10);
    lru.set('a', 'xxxx');
    lru.set('b', 'yyyy');
    lru.set('c', 'zzzz');
    expect(lru.stats.chars).toBeLessThanOrEqual(10);
    expect(lru.get('a')).toBeUndefined();
    lru.set('huge', 'x'.repeat(11));
    expect(lru.get('huge')).toBeUndefined();
  });
});

describe('coalescing and the rate limit', () => {
  it('a rate-limited leader does not pass its 429 on to the clients that joined it', async () => {
    const limiter = { limit: async ({ key }: { key: string }) => ({ success: key !== '10.255.0.1' }) };
    const testEnv = { ...env, COMPUTE_LIMITER: limiter } as unknown as Env;
    const path = `${ORIGIN}/api/v1/trials?${query({ ...TINY, seed: 209 })}`;
    const send = (ip: string) =>
      app.fetch(new Request(path, { headers: { 'CF-Connecting-IP': ip } }), testEnv, createExecutionContext());
    const runs = engineRuns.count;
    const [limited, other] = await Promise.all([send('10.255.0.1'), send('10.255.0.2')]);
    expect(limited.status).toBe(429);
    expect(other.status).toBe(200);
    expect(engineRuns.count - runs).toBe(1);
  });
});

describe('repeats of a known GET (answered before validation when the LRU has the result)', () => {
  const path = `/api/v1/trials?${query({ ...TINY, seed: 211 })}`;

  it('answer exactly as the first answer did: bytes, ETag, 304, the stream form', async () => {
    const first = await call(path);
    const body = await first.text();
    const again = await call(path);
    expect(again.headers.get('X-Cache')).toBe('HIT');
    expect(again.headers.get('Vary')).toBe('Accept-Encoding, Accept');
    expect(again.headers.get('Cache-Control')).toBe(first.headers.get('Cache-Control'));
    expect(again.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await again.text()).toBe(body);
    const etag = first.headers.get('ETag') ?? '';
    expect((await call(path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const stream = await call(path, { headers: { Accept: 'application/x-ndjson' } });
    const lines = (await stream.text()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['start', 'result']);
    expect(lines[1]).toBe(`{"type":"result","result":${body}}`);
  });

  it('take the ordinary path when the LRU has lost the result, or a deployment caps the work lower', async () => {
    const params = trialParams({ ...TINY, seed: 211 });
    resultCache.lru.delete(await cacheKey('trial', params));
    const runs = engineRuns.count;
    const fromKv = await call(path);
    expect(fromKv.headers.get('X-Cache')).toBe('HIT');
    await fromKv.arrayBuffer();
    expect(engineRuns.count).toBe(runs);
    const lowCap = { ...env, WORK_CAP_FLOPS: '1000' } as unknown as Env;
    const req = new Request(ORIGIN + path, { headers: { 'CF-Connecting-IP': freshIp() } });
    const refused = await app.fetch(req, lowCap, createExecutionContext());
    expect(refused.status).toBe(422);
    await refused.arrayBuffer();
  });
});
