/**
 * Hostile input, generated: whatever query string or body a client sends, the answer is never a 5xx, and every 4xx
 * is problem+json whose body parses and whose status matches. A tiny work cap keeps accidental valid requests cheap.
 */

import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import app from '../../functions/index.ts';
import { COMPARE_FIELDS, INIT_IDS, SAMPLE_FIELDS, THEORY_FIELDS } from '../../src/index.ts';
import { freshIp, ORIGIN } from './helpers.ts';

const testEnv = { ...env, WORK_CAP_FLOPS: '1e7' } as unknown as Env;

const ROUTES = [
  '/api/v1/trials',
  '/api/v1/compare',
  '/api/v1/theory',
  '/api/v1/charts/compare.svg',
  '/api/v1/initializers/he_normal/sample',
  '/api/v1/experiments/he2015',
  '/api/v1/health',
];
const KNOWN_KEYS = [
  ...new Set([...Object.keys(COMPARE_FIELDS), ...Object.keys(SAMPLE_FIELDS), ...Object.keys(THEORY_FIELDS), 'init']),
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x10',
    '1e-400',
    ' 3 ',
    'true',
    'null',
    'undefined',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    '%00',
    '\u0000',
    '../../etc/passwd',
    'he_normal,he_normal',
    ',,,',
    'x'.repeat(5000),
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(...INIT_IDS),
  fc.array(fc.constantFrom(...INIT_IDS), { maxLength: 16 }).map((a) => a.join(',')),
);
const key = fc.oneof(
  fc.constantFrom(...KNOWN_KEYS, '__proto__', 'constructor', 'prototype'),
  fc.string({ maxLength: 12 }),
);

async function send(req: Request): Promise<Response> {
  req.headers.set('CF-Connecting-IP', freshIp());
  return app.fetch(req, testEnv, createExecutionContext());
}

async function expectHandled(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    const text = await res.text();
    expect(text).not.toMatch(/[<>]/);
    expect(JSON.parse(text).status).toBe(res.status);
  } else await res.arrayBuffer();
}

describe('hostile input never yields a 5xx', () => {
  it('query strings (600 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.array(fc.tuple(key, hostileString), { maxLength: 8 }),
        async (route, pairs) => {
          const qs = new URLSearchParams(pairs).toString();
          await expectHandled(await send(new Request(`${ORIGIN}${route}?${qs}`)));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('JSON bodies and raw bytes (600 cases)', async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.dictionary(key, fc.oneof(fc.jsonValue(), hostileString), { maxKeys: 8 }).map((o) => JSON.stringify(o)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{', '{"depth":', '{"__proto__":{"depth":1}}', '[]', 'null', '1', '"x"', '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/trials', '/api/v1/compare', '/api/v1/theory'),
        body,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
        async (route, text, contentType) => {
          const headers = contentType ? { 'Content-Type': contentType } : undefined;
          await expectHandled(await send(new Request(`${ORIGIN}${route}`, { method: 'POST', headers, body: text })));
        },
      ),
      { numRuns: 600 },
    );
  });
});
