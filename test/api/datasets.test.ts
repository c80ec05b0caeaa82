/**
 * A reader's CSV through the API: POST /api/v1/datasets stores it (content-addressed, in the real local KV),
 * `dataset=user:<id>` trains on it in trials, compare and charts, and every bad file or unknown id is a 4xx problem.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLIENT_QUOTA_BYTES } from '../../functions/user-data.ts';
import {
  type CompareResult,
  initBackend,
  normaliseCompareParams,
  parseUserCsv,
  registerUserData,
  runCompare,
  streamFor,
} from '../../src/index.ts';
import { call, expectProblem, freshIp, query } from './helpers.ts';

/** Rows of two features and a class by the sign of a·b; `seed` makes different data. */
function csvRows(n: number, seed: number): string[] {
  const rng = streamFor(seed, 'api-csv');
  const rows = ['a,b,cls'];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    rows.push(`${a.toFixed(3)},${b.toFixed(3)},${a * b > 0 ? 'same' : 'mixed'}`);
  }
  return rows;
}

function upload(text: string, ip = freshIp(), path = '/api/v1/datasets', type = 'text/csv'): Promise<Response> {
  return call(path, { method: 'POST', headers: { 'Content-Type': type }, body: text }, ip);
}

interface Summary {
  id: string;
  dataset: string;
  rows: number;
  features: number;
  classes: number | null;
  task: string;
}

const SMALL = { depth: 2, width: 8, steps: 20, batchSize: 16, logEvery: 5, checkpointEvery: 10, histogramBins: 8 };

describe('POST /api/v1/datasets', () => {
  it('stores a CSV under the SHA-256 of its canonical form: 201, then 200 for the same data', async () => {
    const rows = csvRows(80, 1);
    const res = await upload(rows.join('\n'));
    expect(res.status).toBe(201);
    const s = (await res.json()) as Summary;
    expect(s).toMatchObject({ rows: 80, features: 2, classes: 2, task: 'binary', dataset: `user:${s.id}` });
    expect(s.id).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get('Location')).toBe(`/api/v1/datasets/${s.id}`);
    const parsed = await parseUserCsv(rows.join('\n'));
    expect(parsed.ok && (await env.DATASETS.get(`data:${s.id}`))).toBe(parsed.ok && parsed.data.canonical);
    const again = await upload(`\uFEFF${[rows[0], ...rows.slice(1).reverse()].join('\r\n')}\r\n`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Summary).id).toBe(s.id);
    const info = await call(`/api/v1/datasets/${s.id}`);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      id: s.id,
      rows: 80,
      featureNames: ['a', 'b'],
      classNames: ['mixed', 'same'],
    });
  });

  it('takes the label column from ?target=', async () => {
    const rows = csvRows(40, 2).map((r) => r.split(',').reverse().join(','));
    const s = (await (await upload(rows.join('\n'), freshIp(), '/api/v1/datasets?target=cls')).json()) as Summary;
    expect(s).toMatchObject({ features: 2, classes: 2 });
    const p = await expectProblem(await upload(rows.join('\n'), freshIp(), '/api/v1/datasets?target=nope'), 400);
    expect(p.errors).toEqual([expect.objectContaining({ path: 'target' })]);
  });

  it('a bad file is a 400 naming the row and column; nothing is stored', async () => {
    const rows = csvRows(30, 3);
    rows[7] = '0.5,x,same';
    const p = await expectProblem(await upload(rows.join('\n')), 400);
    expect(p.errors).toEqual([
      { path: 'data', row: 8, column: 'b', message: 'row 8, column "b": "x" is not a finite number' },
    ]);
    expect(p.detail).toContain('row 8, column "b"');
    const ragged = csvRows(30, 3);
    ragged[4] = '1,2';
    expect((await expectProblem(await upload(ragged.join('\n')), 400)).errors[0]).toMatchObject({ row: 5 });
    expect((await expectProblem(await upload('a,b,cls\n'), 400)).detail).toMatch(/header row only/);
    expect((await expectProblem(await upload(''), 400)).detail).toMatch(/empty/);
  });

  it('refuses other media types (415) and files over 256 KiB (413)', async () => {
    expect(
      (await expectProblem(await upload('a,b\n1,2', freshIp(), undefined, 'application/json'), 415)).detail,
    ).toMatch(/text\/csv/);
    const big = `a,b,cls\n${'1,2,x\n'.repeat(50_000)}`;
    expect((await expectProblem(await upload(big), 413)).detail).toMatch(/262144 bytes/);
  });

  it('counts new data against the client’s quota; data already stored costs nothing', async () => {
    const ip = freshIp();
    const stored = csvRows(40, 4).join('\n');
    expect((await upload(stored, ip)).status).toBe(201);
    await env.DATASETS.put(`quota:${ip}`, String(CLIENT_QUOTA_BYTES - 100));
    const p = await expectProblem(await upload(csvRows(40, 5).join('\n'), ip), 429);
    expect(p.detail).toMatch(/quota is 4194304 bytes/);
    expect((await upload(stored, ip)).status).toBe(200);
  });

  it('uploads count toward the per-client rate limit', async () => {
    const ip = freshIp();
    const text = csvRows(20, 6).join('\n');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await upload(text, ip)).status);
    expect(statuses.slice(0, 2)).toEqual([201, 200]);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('dataset=user:<id> in trials, compare and charts', () => {
  it('compare on the upload equals the engine run on the same parsed data', async () => {
    const text = csvRows(100, 7).join('\n');
    const { dataset } = (await (await upload(text)).json()) as Summary;
    const q = query({ ...SMALL, inits: 'he_normal,glorot_uniform', dataset, seed: 3 });
    const res = await call(`/api/v1/compare?${q}`);
    expect(res.status).toBe(200);
    const api = (await res.json()) as CompareResult;
    expect(api.params.dataset).toBe(dataset);
    await initBackend();
    const parsed = await parseUserCsv(text);
    if (!parsed.ok) throw new Error('fixture');
    registerUserData(parsed.data);
    const p = normaliseCompareParams({ ...SMALL, inits: ['he_normal', 'glorot_uniform'], dataset, seed: 3 });
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const local = await runCompare(p.params);
    const untimed = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'timing' || k === 'engine' ? null : x));
    expect(untimed(api)).toBe(untimed(local));
    const other = (await (await upload(csvRows(100, 8).join('\n'))).json()) as Summary;
    const second = (await (
      await call(
        `/api/v1/compare?${query({ ...SMALL, inits: 'he_normal,glorot_uniform', dataset: other.dataset, seed: 3 })}`,
      )
    ).json()) as CompareResult;
    expect(second.trials[0].final.trainLoss).not.toBe(api.trials[0].final.trainLoss);
  });

  it('trials (GET and POST) and the SVG chart train on it', async () => {
    const { dataset } = (await (await upload(csvRows(60, 9).join('\n'))).json()) as Summary;
    const get = await call(`/api/v1/trials?${query({ ...SMALL, dataset, testFraction: 0.25 })}`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as { params: { testFraction: number } }).params.testFraction).toBe(0.25);
    const post = await call('/api/v1/trials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...SMALL, dataset }),
    });
    expect(post.status).toBe(200);
    const svg = await call(`/api/v1/charts/compare.svg?${query({ ...SMALL, inits: 'he_normal', dataset })}`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toMatch(/^<svg/);
  });

  it('an unknown id is a 404 naming dataset, in every route', async () => {
    const dataset = `user:${'e'.repeat(64)}`;
    for (const path of [
      `/api/v1/trials?${query({ ...SMALL, dataset })}`,
      `/api/v1/compare?${query({ ...SMALL, dataset })}`,
      `/api/v1/charts/compare.svg?${query({ ...SMALL, dataset })}`,
      `/api/v1/datasets/${'e'.repeat(64)}`,
    ]) {
      const p = await expectProblem(await call(path), 404);
      expect(p.detail).toMatch(/POST \/api\/v1\/datasets|is stored here/);
    }
    expect((await expectProblem(await call('/api/v1/trials?dataset=user:xyz'), 400)).errors[0].path).toBe('dataset');
    await expectProblem(await call('/api/v1/datasets/xyz'), 400);
  });

  it('params that do not fit the data are a 400 naming the field', async () => {
    const { dataset } = (await (await upload(csvRows(30, 10).join('\n'))).json()) as Summary;
    const batch = await expectProblem(await call(`/api/v1/trials?${query({ ...SMALL, dataset, batchSize: 64 })}`), 400);
    expect(batch.errors).toEqual([
      { path: 'batchSize', message: `batchSize must be at most the 24 training rows of ${dataset}` },
    ]);
    const fraction = await expectProblem(await call(`/api/v1/trials?${query({ ...SMALL, testFraction: 0.3 })}`), 400);
    expect(fraction.errors.map((e) => e.path)).toEqual(['testFraction']);
  });

  it('the OpenAPI document describes the upload and the dataset field', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/datasets', '/api/v1/datasets/{id}']));
    expect(JSON.stringify(doc.paths['/api/v1/trials'])).toContain('user:<id>');
  });
});
