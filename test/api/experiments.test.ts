/** GET /api/v1/experiments and /api/v1/experiments/:name in workerd: listing, validation, work cap, cache. */

import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../functions/cache.ts';
import { engineRuns } from '../../functions/engine.ts';
import app from '../../functions/index.ts';
import { EXPERIMENT_CAP_FACTOR } from '../../functions/routes/experiments.ts';
import {
  EXPERIMENT_NAMES,
  experimentDefinition,
  experimentRunFlops,
  normaliseExperimentParams,
} from '../../src/index.ts';
import { call, expectProblem, freshIp, ORIGIN, postJson, query } from './helpers.ts';

/** The cheapest glorot2010 the table allows: one seed, 16 units, 100 sigmoid steps (well under a second). */
const SMALL_GLOROT = { seeds: 1, width: 16, sigmoidSteps: 100 };
/** A small he2015: one seed, 16 units, 50 steps; four compares (two depths × two inits), a second or two in all. */
const SMALL_HE = { seeds: 1, width: 16, steps: 50 };

function settings(name: string, input: Record<string, unknown>): Record<string, unknown> {
  const n = normaliseExperimentParams(name, input);
  if (!n.ok) throw new Error('invalid settings');
  return n.params;
}

/** The compares an experiment is assembled from, for these settings. */
function runsOf(name: 'glorot2010' | 'he2015', input: Record<string, unknown>) {
  return experimentDefinition(name).runs(settings(name, input));
}

describe('GET /api/v1/experiments', () => {
  it('lists every experiment with its paper, claim, rule, settings and defaults', async () => {
    const res = await call('/api/v1/experiments');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { name: string; criteria: string[]; defaults: object; estimatedFlops: number }[];
    expect(list.map((e) => e.name)).toEqual([...EXPERIMENT_NAMES]);
    for (const e of list) {
      expect(e.criteria.length).toBeGreaterThan(1);
      expect(Object.keys(e.defaults).length).toBeGreaterThan(0);
      expect(e.estimatedFlops).toBeGreaterThan(0);
    }
    const again = await call('/api/v1/experiments', { headers: { 'If-None-Match': res.headers.get('ETag') ?? '' } });
    expect(again.status).toBe(304);
  });
});

describe('GET /api/v1/experiments/:name', () => {
  it('404 for an unknown experiment', async () => {
    await expectProblem(await call('/api/v1/experiments/hinton2006'), 404);
  });

  it('400 naming every bad or foreign setting', async () => {
    const body = await expectProblem(await call(`/api/v1/experiments/he2015?${query({ seeds: 0, blocks: 3 })}`), 400);
    expect(body.errors.map((e) => e.path).sort()).toEqual(['blocks', 'seeds']);
  });

  it('422 when the settings cost more than the default run, before any compute', async () => {
    const runs = engineRuns.count;
    const body = await expectProblem(await call(`/api/v1/experiments/he2015?${query({ seeds: 9 })}`), 422);
    expect(body.detail).toMatch(/cap/);
    expect(engineRuns.count).toBe(runs);
  });

  it('computes once, then serves the cached bytes; the KV key is engine version + name + settings', async () => {
    const path = `/api/v1/experiments/glorot2010?${query(SMALL_GLOROT)}`;
    const runs = engineRuns.count;
    const first = await call(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('X-Cache')).toBe('MISS');
    const result = (await first.clone().json()) as { name: string; holds: boolean; checks: unknown[]; setup: object };
    expect(result.name).toBe('glorot2010');
    expect(result.checks).toHaveLength(3);
    expect(result.setup).toMatchObject(SMALL_GLOROT);

    const second = await call(path);
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(second.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await second.text()).toBe(await first.text());
    // The experiment itself and each of its compares, once.
    expect(engineRuns.count - runs).toBe(1 + runsOf('glorot2010', SMALL_GLOROT).length);

    const key = await cacheKey('experiment:glorot2010', settings('glorot2010', SMALL_GLOROT));
    expect(await env.TRIALS.get(key)).not.toBeNull();
  });

  it('computes each of its runs through the compare cache: the same compare is then a hit at /api/v1/compare', async () => {
    const res = await call(`/api/v1/experiments/he2015?${query(SMALL_HE)}`);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { setup: { runs: unknown[] } };
    const runs = runsOf('he2015', SMALL_HE);
    expect(result.setup.runs).toEqual(runs);
    const before = engineRuns.count;
    for (const run of runs) {
      const compare = await postJson('/api/v1/compare', run);
      expect(compare.status).toBe(200);
      expect(compare.headers.get('X-Cache')).toBe('HIT');
    }
    expect(engineRuns.count).toBe(before);
  });

  it('a study over one request’s share answers 503 + Retry-After, and retries assemble it from the cache', async () => {
    // A trial cap at which one request's share is exactly the costliest run: each request computes one new run.
    const costs = experimentRunFlops('he2015', settings('he2015', { ...SMALL_HE, seed: 7 }));
    const testEnv = { ...env, WORK_CAP_FLOPS: String(Math.max(...costs) / EXPERIMENT_CAP_FACTOR) } as unknown as Env;
    const ip = freshIp();
    const get = () =>
      app.fetch(
        new Request(`${ORIGIN}/api/v1/experiments/he2015?${query({ ...SMALL_HE, seed: 7 })}`, {
          headers: { 'CF-Connecting-IP': ip },
        }),
        testEnv,
        createExecutionContext(),
      );
    const before = engineRuns.count;
    let res = await get();
    let retries = 0;
    while (res.status === 503 && retries < costs.length) {
      const problem = await expectProblem(res, 503);
      expect(problem.detail).toMatch(/retry/i);
      expect(res.headers.get('Retry-After')).not.toBeNull();
      retries++;
      res = await get();
    }
    expect(res.status).toBe(200);
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBeLessThan(costs.length);
    // Every run computed once, whatever request it fell to, and the experiment once.
    expect(engineRuns.count - before).toBe(costs.length + 1 + retries);
  });

  it('documents that a first call is slow and later ones are cached', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { get?: { description?: string } }>;
    };
    const description = doc.paths['/api/v1/experiments/{name}']?.get?.description ?? '';
    expect(description).toMatch(/slow/);
    expect(description).toMatch(/cache/);
  });
});
