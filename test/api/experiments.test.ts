/** GET /api/v1/experiments and /api/v1/experiments/:name in workerd: listing, validation, work cap, cache. */

import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../functions/cache.ts';
import { engineRuns } from '../../functions/engine.ts';
import { EXPERIMENT_NAMES, normaliseExperimentParams } from '../../src/index.ts';
import { call, expectProblem, query } from './helpers.ts';

/** The cheapest glorot2010 the table allows: one seed, 16 units, 100 sigmoid steps (well under a second). */
const SMALL_GLOROT = { seeds: 1, width: 16, sigmoidSteps: 100 };

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
    expect(engineRuns.count - runs).toBe(1);

    const n = normaliseExperimentParams('glorot2010', SMALL_GLOROT);
    if (!n.ok) throw new Error('invalid settings');
    const key = await cacheKey('experiment:glorot2010', n.params);
    expect(await env.TRIALS.get(key)).not.toBeNull();
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
