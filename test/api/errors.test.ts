/** Everything the API refuses, and how: problem+json, the right status, every bad field named, never a 5xx. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { engineRuns } from '../../functions/engine.ts';
import { workCap } from '../../functions/limits.ts';
import { MAX_BODY_BYTES } from '../../functions/result-routes.ts';
import { EXPERIMENT_CAP_FACTOR } from '../../functions/routes/experiments.ts';
import { type ExperimentName, experimentRunFlops } from '../../src/index.ts';
import { call, expectProblem, freshIp, postJson, query, TINY } from './helpers.ts';

describe('400 invalid input', () => {
  it('names every bad field of a query string at once, with its allowed range', async () => {
    const res = await call('/api/v1/trials?depth=0&width=abc&activation=swish&bogus=1&steps=1.5');
    const p = await expectProblem(res, 400);
    expect(p.errors.map((e) => e.path).sort()).toEqual(['activation', 'bogus', 'depth', 'steps', 'width']);
    expect(p.errors.find((e) => e.path === 'depth')?.message).toMatch(/integer from 1 to 64/);
    expect(p.errors.find((e) => e.path === 'activation')?.message).toMatch(/one of linear, relu/);
  });

  it('applies the cross-field rules of the engine normaliser', async () => {
    const res = await call(`/api/v1/trials?${query({ ...TINY, dataset: 'teacher', loss: 'cross_entropy' })}`);
    const p = await expectProblem(res, 400);
    expect(p.errors.map((e) => e.path)).toEqual(['loss']);
  });

  it('names widths: a bad entry, widths beside depth, unequal residual widths', async () => {
    const { depth: _d, width: _w, ...rest } = TINY;
    const bad = await expectProblem(await call(`/api/v1/trials?${query({ ...rest, widths: '0,16' })}`), 400);
    expect(bad.errors).toEqual([
      { path: 'widths', message: 'widths must be a comma-separated list of 1–64 integers from 1 to 512' },
    ]);
    const body = await expectProblem(await postJson('/api/v1/compare', { ...rest, widths: [16, 1.5] }), 400);
    expect(body.errors.map((e) => e.path)).toEqual(['widths']);
    const both = await expectProblem(await call(`/api/v1/trials?${query({ ...TINY, widths: '16,8,4' })}`), 400);
    expect(both.errors).toEqual([
      { path: 'widths', message: expect.stringMatching(/^depth and width given with widths/) },
    ]);
    const residual = await expectProblem(
      await postJson('/api/v1/trials', { ...rest, model: 'residual', widths: [16, 8] }),
      400,
    );
    expect(residual.errors).toEqual([{ path: 'widths', message: expect.stringMatching(/residual needs equal/) }]);
    const chart = await call(`/api/v1/charts/compare.svg?${query({ ...rest, widths: '16,8', depth: 3 })}`);
    expect((await expectProblem(chart, 400)).errors.map((e) => e.path)).toEqual(['widths']);
  });

  it('names residualScale: on a plain MLP, on top of fixup, and an unknown scheme', async () => {
    const mlp = await expectProblem(await call(`/api/v1/trials?${query({ ...TINY, residualScale: 'depth' })}`), 400);
    expect(mlp.errors).toEqual([{ path: 'residualScale', message: expect.stringMatching(/needs model=residual/) }]);
    const residual = { ...TINY, model: 'residual', inits: ['he_normal', 'fixup'], residualScale: 'skipinit' };
    const fixup = await expectProblem(await postJson('/api/v1/compare', residual), 400);
    expect(fixup.errors).toEqual([{ path: 'residualScale', message: expect.stringMatching(/fixup/) }]);
    const unknown = await expectProblem(
      await call(`/api/v1/compare?${query({ ...residual, residualScale: 'x' })}`),
      400,
    );
    expect(unknown.errors).toEqual([
      { path: 'residualScale', message: 'residualScale must be one of none, depth, skipinit, rezero' },
    ]);
  });

  it('names norm and batchSize for batch norm on one row, and residualScale for rezero beside a norm', async () => {
    const one = await expectProblem(
      await call(`/api/v1/trials?${query({ ...TINY, norm: 'batch', batchSize: 1 })}`),
      400,
    );
    expect(one.errors.map((e) => e.path)).toEqual(['batchSize', 'norm']);
    const body = { ...TINY, model: 'residual', norm: 'layer', residualScale: 'rezero', inits: ['he_normal'] };
    const rezero = await expectProblem(await postJson('/api/v1/compare', body), 400);
    expect(rezero.errors).toEqual([{ path: 'residualScale', message: expect.stringMatching(/ReZero removes/) }]);
  });

  it('names baseWidth without a width parametrisation, and parametrization with unequal widths', async () => {
    const alone = await expectProblem(await call(`/api/v1/trials?${query({ ...TINY, baseWidth: 4 })}`), 400);
    expect(alone.errors).toEqual([{ path: 'baseWidth', message: expect.stringMatching(/ntk or mup only/) }]);
    const { depth: _d, width: _w, ...rest } = TINY;
    const body = { ...rest, widths: [8, 4], parametrization: 'mup', inits: ['he_normal'] };
    const unequal = await expectProblem(await postJson('/api/v1/compare', body), 400);
    expect(unequal.errors.map((e) => e.path)).toEqual(['parametrization']);
  });

  it('refuses unknown fields in a POST body', async () => {
    const p = await expectProblem(
      await postJson('/api/v1/compare', { ...TINY, inits: ['he_normal'], colour: 'red' }),
      400,
    );
    expect(p.errors).toEqual([expect.objectContaining({ path: 'colour' })]);
  });

  it('refuses JSON types that are not the field’s (no string coercion in bodies)', async () => {
    const p = await expectProblem(await postJson('/api/v1/trials', { depth: '3', truncated: 'yes' }), 400);
    expect(p.errors.map((e) => e.path).sort()).toEqual(['depth', 'truncated']);
  });

  it('refuses malformed JSON and non-object bodies', async () => {
    const headers = { 'Content-Type': 'application/json' };
    await expectProblem(await call('/api/v1/trials', { method: 'POST', headers, body: '{"depth": 3' }), 400);
    await expectProblem(await call('/api/v1/trials', { method: 'POST', headers, body: '' }), 400);
    await expectProblem(await postJson('/api/v1/trials', [1, 2]), 400);
    await expectProblem(await postJson('/api/v1/trials', null), 400);
  });

  it('never echoes input as markup', async () => {
    const res = await call('/api/v1/trials?%3Cscript%3Ealert(1)%3C%2Fscript%3E=1&init=%3Cimg%20src%3Dx%3E');
    await expectProblem(res.clone(), 400);
    expect(await res.text()).not.toMatch(/[<>]/);
  });
});

describe('413, 415', () => {
  it('caps the body size, declared or streamed', async () => {
    const big = JSON.stringify({ depth: 2, pad: 'x'.repeat(MAX_BODY_BYTES) });
    await expectProblem(
      await call('/api/v1/trials', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big }),
      413,
    );
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await call('/api/v1/trials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      // @ts-expect-error duplex is required for streamed request bodies
      duplex: 'half',
    });
    await expectProblem(res, 413);
  });

  it('refuses a POST that is not JSON', async () => {
    await expectProblem(await call('/api/v1/trials', { method: 'POST', body: 'depth=3' }), 415);
    await expectProblem(await call('/api/v1/trials', { method: 'POST' }), 415);
  });
});

describe('404, 405', () => {
  it('404 for unknown routes, initializers and experiments', async () => {
    await expectProblem(await call('/api/v1/nothing'), 404);
    await expectProblem(await call('/api/v2/trials'), 404);
    await expectProblem(await call('/api/v1/initializers/xavier/sample'), 404);
    await expectProblem(await call('/api/v1/experiments/not_a_paper'), 404);
  });

  it('405 with Allow for a known path and the wrong method', async () => {
    const res = await call('/api/v1/trials', { method: 'PUT', body: '{}' });
    await expectProblem(res.clone(), 405);
    expect(res.headers.get('Allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST']);
    const health = await call('/api/v1/health', { method: 'DELETE' });
    await expectProblem(health.clone(), 405);
    expect(health.headers.get('Allow')).not.toContain('POST');
    await expectProblem(await call('/api/v1/initializers/he_normal/sample', { method: 'POST' }), 405);
  });
});

describe('422 work cap', () => {
  it('refuses before any compute, naming the cap and the cost', async () => {
    const runs = engineRuns.count;
    const huge = {
      inits: ['he_normal', 'glorot_uniform', 'orthogonal', 'lecun_normal'],
      depth: 64,
      width: 512,
      steps: 5000,
      batchSize: 512,
    };
    const res = await call(`/api/v1/compare?${query(huge)}`);
    const p = await expectProblem(res.clone(), 422);
    const cost = Number(res.headers.get('X-Work-Cost'));
    const cap = Number(res.headers.get('X-Work-Cap'));
    expect(cost).toBeGreaterThan(cap);
    expect(p.detail).toContain(cost.toExponential(2).replace('e+', 'e'));
    expect(p.detail).toContain(cap.toExponential(2).replace('e+', 'e'));
    expect(p.errors.map((e) => e.path)).toContain('steps');
    expect(engineRuns.count).toBe(runs);
    await expectProblem(await postJson('/api/v1/compare', huge), 422);
    await expectProblem(await call(`/api/v1/charts/compare.svg?${query(huge)}`), 422);
  });
});

describe('422 memory cap', () => {
  it('refuses a cheap-in-FLOPs request whose tensors would not fit in an isolate, before any compute', async () => {
    const runs = engineRuns.count;
    // Few FLOPs (one step on 16 examples) but two 24×512 Adam models: hundreds of MB of weights and optimizer state.
    // Deep enough to pass the memory cap, shallow enough that the decision-boundary pass stays under the FLOP cap.
    const wide = {
      inits: ['he_normal', 'orthogonal'],
      depth: 24,
      width: 512,
      steps: 1,
      batchSize: 1,
      trainSize: 16,
      testSize: 16,
      checkpointEvery: 0,
      optimizer: 'adam',
    };
    const res = await call(`/api/v1/compare?${query(wide)}`);
    const p = await expectProblem(res.clone(), 422);
    expect(res.headers.get('X-Work-Cost')).toBeNull(); // under the FLOP cap: refused for memory alone
    expect(Number(res.headers.get('X-Memory-Bytes'))).toBeGreaterThan(64 * 1024 * 1024);
    expect(p.detail).toMatch(/tensor memory; the cap is 64 MB/);
    expect(p.errors.map((e) => e.path)).toContain('width');
    expect(engineRuns.count).toBe(runs);
  });
});

describe('429 rate limit', () => {
  it('limits uncached computations per client, and still serves that client cached results', async () => {
    const ip = freshIp();
    const first = `/api/v1/initializers/he_uniform/sample?${query({ fanIn: 1, fanOut: 1, seed: 300 })}`;
    expect((await call(first, {}, ip)).status).toBe(200);
    let limited: Response | null = null;
    for (let i = 2; i <= 200 && !limited; i++) {
      const res = await call(
        `/api/v1/initializers/he_uniform/sample?${query({ fanIn: 1, fanOut: i, seed: 300 })}`,
        {},
        ip,
      );
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited).not.toBeNull();
    const p = await expectProblem(limited as Response, 429);
    expect(Number((limited as Response).headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(p.detail).toMatch(/cached results are still served/);
    const cached = await call(first, {}, ip);
    expect(cached.status).toBe(200);
    expect(cached.headers.get('X-Cache')).toBe('HIT');
    // Another client is unaffected.
    expect(
      (await call(`/api/v1/initializers/he_uniform/sample?${query({ fanIn: 2, fanOut: 2, seed: 300 })}`)).status,
    ).toBe(200);
  });
});

describe('headers', () => {
  it('CORS preflight allows GET and POST from any origin', async () => {
    const res = await call('/api/v1/trials', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://example.org',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Allow-Methods')).toMatch(/POST/);
  });

  it('security headers on results and on errors', async () => {
    for (const path of ['/api/v1/health', '/api/v1/nope', '/api/v1/trials?depth=0']) {
      const res = await call(path, { headers: { Origin: 'https://example.org' } });
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    }
  });

  it('HEAD answers like GET without a body', async () => {
    const res = await call('/api/v1/health', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('experiment caps', () => {
  it('admit every experiment’s default run: each of its compares fits in one request’s share', async () => {
    const list = (await (await call('/api/v1/experiments')).json()) as {
      name: ExperimentName;
      defaults: Record<string, unknown>;
    }[];
    expect(list.length).toBeGreaterThan(0);
    const share = EXPERIMENT_CAP_FACTOR * workCap(env);
    for (const e of list)
      expect(Math.max(...experimentRunFlops(e.name, e.defaults)), e.name).toBeLessThanOrEqual(share);
  });
});

describe('sample errors', () => {
  it('names the path id when an initializer cannot be sampled alone', async () => {
    const p = await expectProblem(await call('/api/v1/initializers/lsuv/sample'), 400);
    expect(p.errors.map((e) => e.path)).toEqual(['id']);
    const big = await expectProblem(await call('/api/v1/initializers/he_normal/sample?fanIn=4096&fanOut=4096'), 400);
    expect(big.errors.map((e) => e.path)).toEqual(['fanOut']);
  });
});
