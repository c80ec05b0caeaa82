/** Load: a run that does not fit beside the work in flight is refused at once (503 + Retry-After), never queued. */
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import app from '../../functions/index.ts';
import { DEFAULT_WORK_CAP_FLOPS } from '../../functions/limits.ts';
import { RunSlots, runSlots } from '../../functions/load.ts';
import { call, expectProblem, freshIp, ORIGIN, query, TINY } from './helpers.ts';
import { LineReader, NDJSON_HEADERS } from './ndjson.ts';

const CAP = DEFAULT_WORK_CAP_FLOPS;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('RunSlots', () => {
  it('admits while the work in flight plus the newcomer fits in the bound, and any run into an idle isolate', () => {
    const slots = new RunSlots(8, 1000);
    const big = slots.acquire(2 * CAP, 0, CAP); // larger than the bound, but nothing else runs
    expect(() => slots.acquire(1, 0, CAP)).toThrow(/busy/);
    big.release();
    const a = slots.acquire(0.6 * CAP, 0, CAP);
    expect(() => slots.acquire(0.5 * CAP, 0, CAP)).toThrow(/busy/);
    a.progress(1, 2); // 0.3 · CAP left
    slots.acquire(0.5 * CAP, 0, CAP).release();
    expect(slots.remaining()).toBeCloseTo(0.3 * CAP);
    a.release();
    expect(slots.running).toBe(0);
  });

  it('bounds the number of runs and their memory together', () => {
    const slots = new RunSlots(2, 100);
    const a = slots.acquire(1, 60, CAP);
    expect(() => slots.acquire(1, 50, CAP)).toThrow(/busy/); // 110 bytes
    const b = slots.acquire(1, 40, CAP);
    expect(() => slots.acquire(1, 0, CAP)).toThrow(/busy/); // a third run
    a.release();
    b.release();
  });

  it('Retry-After is the time to drain the excess at the isolate’s rate (the prior, before any measurement)', () => {
    // The measured rate counts busy wall-clock time: held still, the prior alone sets it.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const slots = new RunSlots();
    const rate = slots.flopsPerMs() * 1000; // FLOP/s
    const a = slots.acquire(CAP, 0, CAP);
    let refusal: { headers?: Headers } | null = null;
    try {
      slots.acquire(0.4 * CAP, 0, CAP);
    } catch (err) {
      refusal = (err as { getResponse(): Response }).getResponse();
    }
    // Nothing done yet: 0.4 · CAP of the work in flight must finish before it fits.
    expect(refusal?.headers?.get('Retry-After')).toBe(String(Math.max(1, Math.ceil((0.4 * CAP) / rate))));
    a.release();
    clock.mockRestore();
  });
});

/** A compare of the measured burst (4 inits, depth 12, width 64, 400 steps): 3.8e10 FLOPs, seconds of work. */
const HEAVY = {
  inits: ['he_normal', 'glorot_uniform', 'pytorch_default', 'random_normal'],
  depth: 12,
  width: 64,
  steps: 400,
};

describe('the isolate under load', () => {
  it('refuses a second heavy run with 503 + Retry-After, before any stream, while joiners, hits, health and small runs are served', async () => {
    const cachedPath = `/api/v1/trials?${query({ ...TINY, seed: 801 })}`;
    const cachedBody = await (await call(cachedPath)).text();
    const heavyPath = `/api/v1/compare?${query({ ...HEAVY, seed: 801 })}`;
    const heavy = new LineReader(await call(heavyPath, { headers: NDJSON_HEADERS }));
    await heavy.until((l) => l.type === 'frame');
    expect(runSlots.running).toBe(1);
    // A watching client keeps reading while the other requests are made (one that stops is taken for gone).
    const watching = heavy.rest().catch(() => []);

    const other = `/api/v1/compare?${query({ ...HEAVY, seed: 802 })}`;
    const refused = await call(other);
    const p = await expectProblem(refused.clone(), 503);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(p.detail).toMatch(/busy/);
    await expectProblem(await call(other, { headers: NDJSON_HEADERS }), 503);

    const joiner = await call(heavyPath, { headers: NDJSON_HEADERS });
    expect(joiner.status).toBe(200);
    const joined = new LineReader(joiner);
    expect((await joined.until((l) => l.type === 'frame')).step).toBe(0);

    const hit = await call(cachedPath);
    expect(hit.headers.get('X-Cache')).toBe('HIT');
    expect(await hit.text()).toBe(cachedBody);
    const health = (await (await call('/api/v1/health')).json()) as { load: { runs: number } };
    expect(health.load.runs).toBe(1);
    const small = await call(`/api/v1/trials?${query({ ...TINY, seed: 802 })}`);
    expect(small.status).toBe(200); // a small run fits beside the heavy one
    await small.arrayBuffer();

    await Promise.all([heavy.cancel(), joined.cancel(), watching]);
    while (runSlots.running > 0) await tick(); // the abandoned run stops within one logged step
  });

  it('a refused run is not charged to the client’s rate limit', async () => {
    let charged = 0;
    const limiter = {
      limit: async () => {
        charged++;
        return { success: true };
      },
    };
    const testEnv = { ...env, COMPUTE_LIMITER: limiter } as unknown as Env;
    const send = (path: string, headers: Record<string, string> = {}) =>
      app.fetch(
        new Request(ORIGIN + path, { headers: { 'CF-Connecting-IP': freshIp(), ...headers } }),
        testEnv,
        createExecutionContext(),
      );
    const heavy = new LineReader(await send(`/api/v1/compare?${query({ ...HEAVY, seed: 803 })}`, NDJSON_HEADERS));
    await heavy.until((l) => l.type === 'frame');
    expect(charged).toBe(1);
    const refused = await send(`/api/v1/compare?${query({ ...HEAVY, seed: 804 })}`);
    expect(refused.status).toBe(503);
    await refused.arrayBuffer();
    expect(charged).toBe(1);
    await heavy.cancel();
    while (runSlots.running > 0) await tick();
  });
});
