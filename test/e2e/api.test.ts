/**
 * The pool tests run with nodejs_compat forced on, so they cannot prove the deployed configuration works. This starts
 * a real `wrangler dev` (nodejs_compat off, as in wrangler.toml) and calls it over HTTP.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, TINY as TINY_PARAMS } from '../api/tiny.ts';
import { wranglerDevPerFile } from './dev.ts';

const dev = wranglerDevPerFile();
const BIN = new URL('../../bin/initlab.js', import.meta.url).pathname;

const TINY = query(TINY_PARAMS);

describe('wrangler dev (nodejs_compat off)', () => {
  it('runs the engine on tfjs wasm with SIMD', async () => {
    const res = await fetch(`${dev.url}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { engine: { backend: string; simd: boolean } };
    expect(body.engine.backend).toBe('wasm');
    expect(body.engine.simd).toBe(true);
  });

  it('computes a trial on a miss, serves it on a hit, and answers 304 to its ETag', async () => {
    const url = `${dev.url}/api/v1/trials?${TINY}&init=he_normal&seed=11`;
    const miss = await fetch(url);
    expect(miss.status).toBe(200);
    expect(miss.headers.get('X-Cache')).toBe('MISS');
    const trial = (await miss.json()) as { engine: { backend: string; simd: boolean }; trainLoss: unknown[] };
    expect(trial.engine).toMatchObject({ backend: 'wasm', simd: true });
    expect(trial.trainLoss.length).toBeGreaterThan(0);
    const hit = await fetch(url);
    expect(hit.headers.get('X-Cache')).toBe('HIT');
    const etag = hit.headers.get('ETag') ?? '';
    await hit.arrayBuffer();
    const notModified = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(notModified.status).toBe(304);
  });

  it('POST compare and the SVG chart of the same params', async () => {
    const body = { ...TINY_PARAMS, inits: ['he_normal', 'zeros'] };
    const res = await fetch(`${dev.url}/api/v1/compare`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const cmp = (await res.json()) as { trials: unknown[] };
    expect(cmp.trials).toHaveLength(2);
    const svg = await fetch(`${dev.url}/api/v1/charts/compare.svg?${TINY}&inits=he_normal,zeros`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('Content-Type')).toMatch(/image\/svg\+xml/);
    expect(svg.headers.get('X-Cache')).toBe('HIT');
    expect(await svg.text()).toContain('</svg>');
  });

  it('stores a CSV in local KV and trains on dataset=user:<id>; an unknown id is 404', async () => {
    const rows = ['u,v,label'];
    for (let i = 0; i < 60; i++) rows.push(`${(i % 7) - 3},${((i * 5) % 11) - 5},${i % 3 === 0 ? 'a' : 'b'}`);
    const post = () =>
      fetch(`${dev.url}/api/v1/datasets`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: rows.join('\r\n'),
      });
    const first = await post();
    expect([200, 201]).toContain(first.status); // 200 when a previous run of this file left it in .wrangler's KV
    const { dataset, rows: n } = (await first.json()) as { dataset: string; rows: number };
    expect(n).toBe(60);
    expect((await post()).status).toBe(200);
    const res = await fetch(`${dev.url}/api/v1/compare?${TINY}&inits=he_normal&dataset=${dataset}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { params: { dataset: string } }).params.dataset).toBe(dataset);
    // The CLI on the same file is the same trial: the data's id, and every number, agree.
    const file = join(mkdtempSync(join(tmpdir(), 'initlab-e2e-')), 'rows.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const flags = Object.entries(TINY_PARAMS).flatMap(([k, v]) => [
      `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      String(v),
    ]);
    const cli = spawnSync(process.execPath, [BIN, 'trial', '--data', file, ...flags, '--json'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const api = await (await fetch(`${dev.url}/api/v1/trials?${TINY}&dataset=${dataset}`)).json();
    const untimed = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'timing' || k === 'engine' ? null : x));
    expect(untimed(JSON.parse(cli.stdout))).toBe(untimed(api));
    const missing = await fetch(`${dev.url}/api/v1/trials?${TINY}&dataset=user:${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).toMatch(/problem\+json/);
  });

  it('serves docs, the OpenAPI document and the static site from one origin', async () => {
    const docs = await fetch(`${dev.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/v1/trials');
    const doc = (await (await fetch(`${dev.url}/api/v1/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    const home = await fetch(`${dev.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('Content-Type')).toMatch(/text\/html/);
  });

  it('errors are problem+json over HTTP too', async () => {
    const bad = await fetch(`${dev.url}/api/v1/trials?depth=0`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    const missing = await fetch(`${dev.url}/api/v1/nope`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    const wrong = await fetch(`${dev.url}/api/v1/trials`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    await wrong.arrayBuffer();
    await bad.arrayBuffer();
  });
});
