/** Results go out gzip-encoded, from one encoding per result, to clients that take it; the bytes decode to the JSON. */
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../functions/encoding.ts';
import app from '../../functions/index.ts';
import { call, freshIp, ORIGIN, query, TINY } from './helpers.ts';

/** The worker's own Response (not one passed through a runtime fetch, which would decode it). */
function direct(path: string, headers: Record<string, string>): Promise<Response> {
  const req = new Request(ORIGIN + path, { headers: { 'CF-Connecting-IP': freshIp(), ...headers } });
  return Promise.resolve(app.fetch(req, env, createExecutionContext()));
}

async function gunzip(bytes: ArrayBuffer): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

describe('gzip', () => {
  it('Accept-Encoding: gzip, unless refused by q=0', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('a result, computed or repeated, decodes to the same JSON a client without gzip gets', async () => {
    const path = `/api/v1/trials?${query({ ...TINY, seed: 901 })}`;
    const gz = { 'Accept-Encoding': 'gzip' };
    const miss = await direct(path, gz);
    expect(miss.headers.get('X-Cache')).toBe('MISS');
    expect(miss.headers.get('Content-Encoding')).toBe('gzip');
    const computed = await gunzip(await miss.arrayBuffer());
    const plain = await call(path);
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(plain.headers.get('Vary')).toMatch(/Accept-Encoding/);
    const text = await plain.text();
    expect(computed).toBe(text);
    const repeat = await direct(path, gz);
    expect(repeat.headers.get('X-Cache')).toBe('HIT');
    expect(repeat.headers.get('ETag')).toBe(plain.headers.get('ETag'));
    expect(await gunzip(await repeat.arrayBuffer())).toBe(text);
  });
});
