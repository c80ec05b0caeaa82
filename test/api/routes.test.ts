/** Every route answers with the documented shape (real workerd, real tfjs wasm). */

import { describe, expect, it } from 'vitest';
import { INIT_IDS, TRIAL_FIELDS } from '../../src/index.ts';
import type { SampleResult } from '../../src/result.ts';
import { call, expectProblem, postJson, query, TINY } from './helpers.ts';

describe('meta routes', () => {
  it('health reports the wasm SIMD engine', async () => {
    const res = await call('/api/v1/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; engine: Record<string, unknown> };
    expect(body.ok).toBe(true);
    expect(body.engine).toMatchObject({ backend: 'wasm', simd: true, threads: 1 });
  });

  it('openapi.json documents every mounted route with the field tables’ ranges', async () => {
    const res = await call('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; schema: Record<string, unknown>; style?: string }[] }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/health',
      '/api/v1/initializers',
      '/api/v1/initializers/{id}/sample',
      '/api/v1/trials',
      '/api/v1/compare',
      '/api/v1/theory',
      '/api/v1/experiments',
      '/api/v1/experiments/{name}',
      '/api/v1/charts/compare.svg',
      '/api/v1/datasets',
      '/api/v1/datasets/{id}',
      '/api/v1/openapi.json',
      '/api/docs',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.paths['/api/v1/trials']).sort()).toEqual(['get', 'post']);
    const params = doc.paths['/api/v1/trials'].get.parameters ?? [];
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(TRIAL_FIELDS).sort());
    const depth = params.find((p) => p.name === 'depth')?.schema;
    expect(depth).toMatchObject({ minimum: TRIAL_FIELDS.depth.min, maximum: TRIAL_FIELDS.depth.max });
    expect(depth?.default).toBe(TRIAL_FIELDS.depth.default);
    const inits = doc.paths['/api/v1/compare'].get.parameters?.find((p) => p.name === 'inits');
    expect(inits).toMatchObject({ style: 'form', explode: false }); // inits=a,b,c
    for (const path of ['/api/v1/trials', '/api/v1/compare', '/api/v1/charts/compare.svg']) {
      const widths = doc.paths[path].get.parameters?.find((p) => p.name === 'widths');
      expect(widths, path).toMatchObject({ style: 'form', explode: false }); // widths=64,32,16
      expect(widths?.schema).toMatchObject({
        type: 'array',
        minItems: TRIAL_FIELDS.widths.minItems,
        maxItems: TRIAL_FIELDS.widths.maxItems,
        items: { type: 'integer', minimum: TRIAL_FIELDS.widths.min, maximum: TRIAL_FIELDS.widths.max },
      });
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'TrialResult',
        'CompareResult',
        'SampleResult',
        'Problem',
        'TrialRequest',
        'DecisionBoundary',
      ]),
    );
  });

  it('docs is a self-contained page: every route, no scripts, CSP-locked style', async () => {
    const res = await call('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(cdn|unpkg|jsdelivr)/i);
    for (const path of ['/api/v1/trials', '/api/v1/compare', '/api/v1/charts/compare.svg', '/api/v1/theory'])
      expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('href="/api/v1/trials?init=he_normal');
    expect(html).toContain('id="problem-422"');
  });
});

describe('initializers', () => {
  it('lists the catalog, revalidated by ETag', async () => {
    const res = await call('/api/v1/initializers');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string; formula: string }[];
    expect(list.map((e) => e.id)).toEqual([...INIT_IDS]);
    for (const e of list) expect(e.formula.length).toBeGreaterThan(0);
    const etag = res.headers.get('ETag') ?? '';
    const again = await call('/api/v1/initializers', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('samples a layer whose std matches the formula within 5 standard errors', async () => {
    const fanIn = 200;
    const fanOut = 300;
    const res = await call(`/api/v1/initializers/he_normal/sample?${query({ fanIn, fanOut, seed: 7 })}`);
    expect(res.status).toBe(200);
    const s = (await res.json()) as { init: string; std: number; expectedStd: number; histogram: { counts: number[] } };
    expect(s.init).toBe('he_normal');
    expect(s.expectedStd).toBeCloseTo(Math.sqrt(2 / fanIn), 6);
    // The sample std of n normals has standard error σ/√(2n).
    const se = s.expectedStd / Math.sqrt(2 * fanIn * fanOut);
    expect(Math.abs(s.std - s.expectedStd)).toBeLessThan(5 * se);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(fanIn * fanOut);
  });

  it('samples a convolution kernel by its channels and kernel size, with the fans and layouts it implies', async () => {
    const conv = { inChannels: 8, outChannels: 16, kernelSize: 3 };
    const res = await call(`/api/v1/initializers/he_normal/sample?${query({ ...conv, seed: 7 })}`);
    expect(res.status).toBe(200);
    const s = (await res.json()) as SampleResult;
    expect([s.fanIn, s.fanOut]).toEqual([72, 144]);
    expect(s.expectedStd).toBeCloseTo(Math.sqrt(2 / 72), 12);
    expect(s.conv).toEqual({ ...conv, pytorchShape: [16, 8, 3, 3], kerasShape: [3, 3, 8, 16] });
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(16 * 8 * 9);
    const partial = await expectProblem(
      await call(`/api/v1/initializers/he_normal/sample?${query({ inChannels: 8, kernelSize: 3 })}`),
      400,
    );
    expect(partial.errors.map((e) => e.path)).toEqual(['outChannels']);
  });
});

describe('trials and compare', () => {
  it('GET and POST of the same params share one cached result', async () => {
    const params = { ...TINY, init: 'glorot_uniform', activation: 'tanh', seed: 101 };
    const get = await call(`/api/v1/trials?${query(params)}`);
    expect(get.status).toBe(200);
    expect(get.headers.get('X-Cache')).toBe('MISS');
    const body = await get.text();
    const trial = JSON.parse(body);
    expect(trial.params).toMatchObject(params);
    expect(trial.params.optimizer).toBe(TRIAL_FIELDS.optimizer.default); // defaults filled in
    expect(trial.engine).toMatchObject({ backend: 'wasm', simd: true });
    expect(trial.steps.length).toBe(trial.trainLoss.length);
    expect(trial.layers).toHaveLength(params.depth + 1);
    // A 2-D data set: the trained model's decision boundary over a square grid, with its training points.
    expect(trial.params.dataset).toBe('spiral');
    expect(trial.boundary.p).toHaveLength(trial.boundary.resolution ** 2);
    expect(trial.boundary.points.x).toHaveLength(TINY.trainSize);

    const post = await postJson('/api/v1/trials', params);
    expect(post.status).toBe(200);
    expect(post.headers.get('X-Cache')).toBe('HIT');
    expect(post.headers.get('ETag')).toBe(get.headers.get('ETag'));
    expect(await post.text()).toBe(body);
  });

  it('widths gives one hidden layer per entry, by GET and POST, in trials, compare and the chart', async () => {
    const { depth: _d, width: _w, ...rest } = TINY;
    const params = { ...rest, widths: [32, 16], steps: 5, seed: 103 };
    const get = await call(`/api/v1/trials?${query(params)}`);
    expect(get.status).toBe(200);
    const trial = (await get.json()) as {
      params: Record<string, unknown>;
      layers: { fanIn: number; fanOut: number }[];
    };
    expect(trial.params).toMatchObject({ widths: [32, 16], depth: 2, width: 32 });
    expect(trial.layers.map((l) => [l.fanIn, l.fanOut])).toEqual([
      [2, 32],
      [32, 16],
      [16, 1],
    ]);
    const post = await postJson('/api/v1/trials', params);
    expect(post.headers.get('X-Cache')).toBe('HIT');
    // A result's params (depth and width beside widths) are a valid request for the same result.
    expect((await postJson('/api/v1/trials', trial.params)).headers.get('X-Cache')).toBe('HIT');

    const inits = ['he_normal', 'orthogonal'];
    const cmp = await call(`/api/v1/compare?${query({ ...params, inits })}`);
    expect(cmp.status).toBe(200);
    expect(((await cmp.json()) as { params: { widths: number[] } }).params.widths).toEqual([32, 16]);
    const svg = await call(`/api/v1/charts/compare.svg?${query({ ...params, inits })}`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain('mlp widths 32-16, relu');
  });

  it('residualScale reaches the model, is echoed, and none shares the plain cache entry', async () => {
    const params = { ...TINY, model: 'residual', seed: 105 };
    const plain = await call(`/api/v1/trials?${query(params)}`);
    expect(plain.headers.get('X-Cache')).toBe('MISS');
    const none = await call(`/api/v1/trials?${query({ ...params, residualScale: 'none' })}`);
    expect(none.headers.get('X-Cache')).toBe('HIT');
    const plainBody = (await plain.json()) as { params: Record<string, unknown>; trainLoss: number[] };
    expect(plainBody.params).not.toHaveProperty('residualScale');
    const skip = await postJson('/api/v1/trials', { ...params, residualScale: 'skipinit' });
    expect(skip.status).toBe(200);
    const skipBody = (await skip.json()) as { params: Record<string, unknown>; trainLoss: number[] };
    expect(skipBody.params.residualScale).toBe('skipinit');
    expect(skipBody.trainLoss).not.toEqual(plainBody.trainLoss);
    const chart = { ...params, inits: ['he_normal'], residualScale: 'depth' };
    const svg = await call(`/api/v1/charts/compare.svg?${query(chart)}`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain('residual (depth) depth');
  });

  it('norm reaches the model by GET and POST, is echoed and named in the chart; none is the plain entry', async () => {
    const params = { ...TINY, seed: 106 };
    const plain = await call(`/api/v1/trials?${query(params)}`);
    expect(plain.headers.get('X-Cache')).toBe('MISS');
    expect((await call(`/api/v1/trials?${query({ ...params, norm: 'none' })}`)).headers.get('X-Cache')).toBe('HIT');
    const batch = await postJson('/api/v1/trials', { ...params, norm: 'batch' });
    expect(batch.status).toBe(200);
    const result = (await batch.json()) as { params: Record<string, unknown>; trainLoss: number[] };
    expect(result.params.norm).toBe('batch');
    expect(result.trainLoss).not.toEqual(((await plain.json()) as { trainLoss: number[] }).trainLoss);
    const byGet = await call(`/api/v1/trials?${query({ ...params, norm: 'batch' })}`);
    expect(byGet.headers.get('X-Cache')).toBe('HIT');
    const chart = { ...params, inits: ['he_normal'], norm: 'layer' };
    expect(await (await call(`/api/v1/charts/compare.svg?${query(chart)}`)).text()).toContain('relu, layer norm');
  });

  it("parametrization and baseWidth are echoed, and mup at its base width gives SP's numbers", async () => {
    const params = { ...TINY, seed: 107 };
    const sp = (await (await call(`/api/v1/trials?${query(params)}`)).json()) as { trainLoss: number[] };
    const res = await postJson('/api/v1/trials', { ...params, parametrization: 'mup', baseWidth: TINY.width });
    expect(res.status).toBe(200);
    const mup = (await res.json()) as { params: Record<string, unknown>; trainLoss: number[] };
    expect(mup.params).toMatchObject({ parametrization: 'mup', baseWidth: TINY.width });
    expect(mup.trainLoss).toEqual(sp.trainLoss);
    const wide = await call(`/api/v1/trials?${query({ ...params, parametrization: 'mup', baseWidth: 2 })}`);
    expect(((await wide.json()) as { trainLoss: number[] }).trainLoss).not.toEqual(sp.trainLoss);
  });

  it('equal widths share the cache entry of the same depth × width', async () => {
    const params = { ...TINY, init: 'lecun_normal', seed: 104 };
    const plain = await call(`/api/v1/trials?${query(params)}`);
    expect(plain.headers.get('X-Cache')).toBe('MISS');
    const { depth: _d, width: _w, ...rest } = params;
    const list = await call(`/api/v1/trials?${query({ ...rest, widths: [8, 8] })}`);
    expect(list.headers.get('X-Cache')).toBe('HIT');
    expect(await list.text()).toBe(await plain.text());
  });

  it('compare races every requested init in order, by GET and POST', async () => {
    const inits = ['he_normal', 'lecun_uniform', 'orthogonal'];
    const res = await call(`/api/v1/compare?${query({ ...TINY, inits, seed: 102 })}`);
    expect(res.status).toBe(200);
    const cmp = (await res.json()) as { params: { inits: string[] }; trials: { params: { init: string } }[] };
    expect(cmp.params.inits).toEqual(inits);
    expect(cmp.trials.map((t) => t.params.init)).toEqual(inits);

    const post = await postJson('/api/v1/compare', { ...TINY, inits, seed: 102 });
    expect(post.status).toBe(200);
    expect(post.headers.get('X-Cache')).toBe('HIT');
  });
});

describe('charts', () => {
  it('draws a self-contained SVG with title, axes, legend and a marker for each diverged run', async () => {
    const inits = ['he_normal', 'random_normal', 'glorot_uniform'];
    const params = { ...TINY, inits, activation: 'linear', lr: 3, seed: 103 };
    const cmp = (await (await call(`/api/v1/compare?${query(params)}`)).json()) as {
      trials: { params: { init: string }; diverged: boolean; divergedAtStep: number | null }[];
    };
    const res = await call(`/api/v1/charts/compare.svg?${query({ ...params, metric: 'trainLoss' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('X-Cache')).toBe('HIT'); // the compare result above is reused
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title');
    expect(svg).toContain('>step</text>');
    expect(svg).not.toMatch(/<script|href=|xlink/i);
    const diverged = cmp.trials.filter((t) => t.diverged);
    // A deep linear net at lr 3: some inits blow up, some do not, so both legend forms are exercised.
    expect(diverged.length).toBeGreaterThan(0);
    expect(diverged.length).toBeLessThan(cmp.trials.length);
    for (const t of cmp.trials) expect(svg).toContain(`>${t.params.init}`);
    for (const t of diverged)
      expect(svg).toMatch(new RegExp(`>${t.params.init}[^<]* diverged at step ${t.divergedAtStep}<`));
    const divergedCount = diverged.length;
    expect((svg.match(/diverged at step/g) ?? []).length).toBe(divergedCount);
  });

  it.each([
    ['trainLoss', 'log'],
    ['trainLoss', 'linear'],
    ['testAccuracy', 'linear'],
  ])('labels at least three ticks on each axis (%s, %s y axis)', async (metric, yScale) => {
    const params = { ...TINY, inits: ['he_normal', 'glorot_uniform'], seed: 105 };
    const svg = await (await call(`/api/v1/charts/compare.svg?${query({ ...params, metric, yScale })}`)).text();
    for (const axis of ['x', 'y']) {
      const labels = [...svg.matchAll(new RegExp(`<text class="tick" data-axis="${axis}"[^>]*>([^<]+)</text>`, 'g'))];
      expect(labels.length, `${axis} axis of ${metric}`).toBeGreaterThanOrEqual(3);
      expect(new Set(labels.map((m) => m[1])).size).toBe(labels.length);
    }
  });

  it('answers 304 to its own ETag', async () => {
    const path = `/api/v1/charts/compare.svg?${query({ ...TINY, inits: ['he_normal'], seed: 104 })}`;
    const first = await call(path);
    expect(first.status).toBe(200);
    const second = await call(path, { headers: { 'If-None-Match': first.headers.get('ETag') ?? '' } });
    expect(second.status).toBe(304);
  });
});

describe('theory', () => {
  it('returns the mean-field grid of the requested size, cached', async () => {
    const path = `/api/v1/theory?${query({ activation: 'tanh', sigmaW2Steps: 5, sigmaB2Steps: 3 })}`;
    const res = await call(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Cache')).toBe('MISS');
    const g = (await res.json()) as {
      sigmaW2: number[];
      sigmaB2: number[];
      chi1: unknown[][];
      criticalLine: unknown[];
    };
    expect(g.sigmaW2).toHaveLength(5);
    expect(g.sigmaB2).toHaveLength(3);
    expect(g.chi1.map((row) => row.length)).toEqual([5, 5, 5]);
    expect(g.criticalLine).toHaveLength(3);
    expect((await call(path)).headers.get('X-Cache')).toBe('HIT');
  });

  it('refuses an inverted grid range, naming the field', async () => {
    const p = await expectProblem(await call('/api/v1/theory?sigmaW2Min=3&sigmaW2Max=1'), 400);
    expect(p.errors.map((e) => e.path)).toEqual(['sigmaW2Max']);
  });
});
