/**
 * Streams and load through a real `wrangler dev` (nodejs_compat off, as deployed), over HTTP: the NDJSON stream and
 * the burst that used to queue every run in one isolate for minutes (a client that disconnects: api-disconnect.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { compareStreamLineSchema } from '../../functions/schemas.ts';
import { embeddedBody, LineReader, NDJSON_HEADERS, parseLines } from '../api/ndjson.ts';
import { query, TINY } from '../api/tiny.ts';
import { wranglerDevPerFile } from './dev.ts';

const dev = wranglerDevPerFile();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('NDJSON over HTTP', () => {
  it('every line validates, frames come before the result, and the result is the plain body byte for byte', async () => {
    const path = `/api/v1/compare?${query({ ...TINY, inits: ['he_normal', 'orthogonal'], seed: 21 })}`;
    const res = await fetch(dev.url + path, { headers: NDJSON_HEADERS });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/x-ndjson');
    expect(res.headers.get('X-Cache')).toBe('MISS');
    const lines = await new LineReader(res).rest();
    const types = parseLines(lines, compareStreamLineSchema).map((l) => l.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('result');
    expect(types.filter((t) => t === 'frame').length).toBeGreaterThan(2);
    const plain = await fetch(dev.url + path);
    expect(plain.headers.get('X-Cache')).toBe('HIT');
    expect(await plain.text()).toBe(embeddedBody(lines.at(-1) ?? ''));
  });
});

describe('a burst of 12 different heavy compares (4 inits, depth 12, width 64, 400 steps)', () => {
  it('answers each promptly with a result or a 503 + Retry-After, while health and cache hits keep answering', async () => {
    const hitUrl = `${dev.url}/api/v1/trials?${query({ ...TINY, seed: 24 })}`;
    await (await fetch(hitUrl)).arrayBuffer();
    const heavy = { inits: ['he_normal', 'glorot_uniform', 'pytorch_default', 'random_normal'], depth: 12, width: 64 };
    const arrivals: string[] = [];
    const burst = Array.from({ length: 12 }, async (_, i) => {
      const res = await fetch(`${dev.url}/api/v1/compare?${query({ ...heavy, steps: 400, seed: 100 + i })}`);
      const body = await res.text();
      arrivals.push(res.status === 200 ? 'result' : 'refusal');
      return {
        status: res.status,
        retryAfter: res.headers.get('Retry-After'),
        type: res.headers.get('Content-Type'),
        body,
      };
    });
    while (arrivals.filter((a) => a === 'refusal').length < 1) await sleep(10);
    const health = await fetch(`${dev.url}/api/v1/health`);
    arrivals.push(`health ${health.status}`);
    const hit = await fetch(hitUrl);
    await hit.arrayBuffer();
    arrivals.push(`hit ${hit.headers.get('X-Cache')}`);
    const answers = await Promise.all(burst);

    for (const a of answers) {
      expect([200, 503]).toContain(a.status);
      if (a.status === 503) {
        expect(a.type).toMatch(/^application\/problem\+json/);
        expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      } else expect(JSON.parse(a.body).trials).toHaveLength(4);
    }
    const results = answers.filter((a) => a.status === 200).length;
    expect(results).toBeGreaterThanOrEqual(1);
    expect(results).toBeLessThan(12);
    // Prompt: every refusal, health and the hit came before the first result.
    const firstResult = arrivals.indexOf('result');
    expect(arrivals.slice(0, firstResult).sort()).toEqual(
      [...Array(12 - results).fill('refusal'), 'health 200', 'hit HIT'].sort(),
    );
  });
});
