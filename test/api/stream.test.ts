/** The NDJSON form of trials and compare, end to end in workerd: every line validates, the result is the plain JSON. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../functions/cache.ts';
import { ProblemError } from '../../functions/problem.ts';
import { resultCache } from '../../functions/results.ts';
import { Run } from '../../functions/run.ts';
import { compareStreamLineSchema, trialStreamLineSchema } from '../../functions/schemas.ts';
import { runLines, wantsStream } from '../../functions/stream.ts';
import { ENGINE_VERSION, normaliseTrialParams } from '../../src/index.ts';
import { call, expectProblem, postJson, query, TINY } from './helpers.ts';
import { embeddedBody, LineReader, NDJSON_HEADERS, parseLines, withoutTiming } from './ndjson.ts';

const streamed = (path: string) => call(path, { headers: NDJSON_HEADERS });

async function forgetEverywhere(kind: string, params: unknown): Promise<void> {
  const key = await cacheKey(kind, params);
  resultCache.lru.delete(key);
  await caches.default.delete(`https://results.initlab.internal/${encodeURIComponent(key)}`);
  await env.TRIALS.delete(key);
}

describe('NDJSON stream of a trial', () => {
  it('start, frames as the run goes, then the result: every line validates and the curves match the result', async () => {
    const res = await streamed(`/api/v1/trials?${query({ ...TINY, seed: 501 })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/x-ndjson');
    expect(res.headers.get('X-Cache')).toBe('MISS');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Vary')).toBe('Accept');
    expect(res.headers.get('ETag')).toBeNull();
    const lines = parseLines(await new LineReader(res).rest(), trialStreamLineSchema);
    const [start, ...rest] = lines;
    const result = rest.pop() as { type: string; result: { steps: number[]; trainLoss: unknown[] } };
    const n = normaliseTrialParams({ ...TINY, seed: 501 });
    expect(start).toMatchObject({ type: 'start', params: n.ok ? n.params : null, engine: { version: ENGINE_VERSION } });
    expect(result.type).toBe('result');
    expect(rest.every((l) => l.type === 'frame')).toBe(true);
    const logged = (rest as { step: number; trials: { trainLoss?: unknown }[] }[]).filter(
      (f) => f.trials[0].trainLoss !== undefined,
    );
    expect(logged.map((f) => f.step)).toEqual(result.result.steps);
    expect(logged.map((f) => f.trials[0].trainLoss)).toEqual(result.result.trainLoss);
  });

  it('the streamed result is the plain result apart from timing, and a later plain request gets its exact bytes', async () => {
    const path = `/api/v1/trials?${query({ ...TINY, seed: 502 })}`;
    const plain = await (await call(path)).text();
    const n = normaliseTrialParams({ ...TINY, seed: 502 });
    await forgetEverywhere('trial', n.ok ? n.params : null);
    const res = await streamed(path);
    expect(res.headers.get('X-Cache')).toBe('MISS'); // computed again, this time with frames
    const last = (await new LineReader(res).rest()).at(-1) ?? '';
    expect(withoutTiming(JSON.parse(embeddedBody(last)))).toEqual(withoutTiming(JSON.parse(plain)));
    const again = await call(path);
    expect(again.headers.get('X-Cache')).toBe('HIT');
    expect(await again.text()).toBe(embeddedBody(last));
  });

  it('a cache hit streams start and result at once, embedding the stored body verbatim', async () => {
    const path = `/api/v1/trials?${query({ ...TINY, seed: 503 })}`;
    const plain = await (await call(path)).text();
    const res = await streamed(path);
    expect(res.headers.get('X-Cache')).toBe('HIT');
    const lines = await new LineReader(res).rest();
    expect(parseLines(lines, trialStreamLineSchema).map((l) => l.type)).toEqual(['start', 'result']);
    expect(embeddedBody(lines[1])).toBe(plain);
  });
});

describe('NDJSON stream of a compare', () => {
  it('POST: one entry per init in every frame, the result is the compare', async () => {
    const body = { ...TINY, inits: ['he_normal', 'zeros'], seed: 504 };
    const res = await call('/api/v1/compare', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...NDJSON_HEADERS },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const lines = parseLines(await new LineReader(res).rest(), compareStreamLineSchema);
    const frames = lines.filter((l) => l.type === 'frame') as { trials: ({ init: string } | null)[] }[];
    expect(frames.length).toBeGreaterThan(2);
    for (const f of frames) expect(f.trials.map((t) => t?.init)).toEqual(['he_normal', 'zeros']);
    const plain = await postJson('/api/v1/compare', body);
    expect(plain.headers.get('X-Cache')).toBe('HIT');
    expect((lines.at(-1) as { result: unknown }).result).toEqual(await plain.json());
  });
});

describe('what answers before the stream', () => {
  it('invalid input and the work cap keep their problem+json statuses', async () => {
    await expectProblem(await streamed('/api/v1/trials?depth=0'), 400);
    const huge = { inits: ['he_normal', 'zeros', 'orthogonal'], depth: 64, width: 512, steps: 5000, batchSize: 512 };
    await expectProblem(await streamed(`/api/v1/compare?${query(huge)}`), 422);
  });

  it('Accept decides: NDJSON only when asked for at least as strongly as JSON', () => {
    expect(wantsStream('application/x-ndjson')).toBe(true);
    expect(wantsStream('application/x-ndjson, application/json;q=0.9')).toBe(true);
    expect(wantsStream('application/json, application/x-ndjson;q=0.5')).toBe(false);
    expect(wantsStream('application/x-ndjson;q=0')).toBe(false);
    expect(wantsStream('*/*')).toBe(false);
    expect(wantsStream(undefined)).toBe(false);
  });

  it('the plain JSON says it varies with Accept and keeps its ETag', async () => {
    const res = await call(`/api/v1/trials?${query({ ...TINY, seed: 505 })}`, {
      headers: { Accept: 'application/json, application/x-ndjson;q=0.5' },
    });
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.headers.get('Vary')).toBe('Accept-Encoding, Accept');
    expect(res.headers.get('ETag')).toMatch(/^W\//);
    await res.arrayBuffer();
  });
});

describe('OpenAPI', () => {
  it('documents the NDJSON form of trials and compare, and the frame schema the lines validate against', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    for (const path of ['/api/v1/trials', '/api/v1/compare'])
      for (const method of ['get', 'post']) {
        const content = doc.paths[path][method].responses['200'].content ?? {};
        expect(Object.keys(content).sort()).toEqual(['application/json', 'application/x-ndjson']);
      }
    const { schemas } = doc.components;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['RunFrame', 'TrialFrame', 'TrialStreamLine', 'CompareStreamLine', 'StreamError']),
    );
    expect(Object.keys(schemas.RunFrame.properties ?? {}).sort()).toEqual(
      ['checkpoint', 'step', 'steps', 'trials', 'type'].sort(),
    );
    const html = await (await call('/api/docs')).text();
    expect(html).toContain('application/x-ndjson');
  });
});

describe('a failure after the stream began', () => {
  it('ends the stream with an error line carrying the problem fields', async () => {
    const run = new Run(
      async ({ onFrame }) => {
        onFrame({ type: 'frame', step: 0, steps: 1, checkpoint: false, trials: [] });
        throw new ProblemError(503, 'the engine stopped');
      },
      () => {},
    );
    const source = runLines('{"type":"start"}', run, () => {});
    const lines: string[] = [];
    for (let batch = await source.next(); ; batch = await source.next()) {
      lines.push(...batch.lines);
      if (batch.done) break;
    }
    const last = JSON.parse(lines.at(-1) ?? '');
    expect(last).toEqual({
      type: 'error',
      title: 'Engine unavailable',
      status: 503,
      detail: 'the engine stopped',
      errors: [],
    });
    expect(trialStreamLineSchema.safeParse(last).success).toBe(true);
    expect(lines).toHaveLength(3);
  });
});
