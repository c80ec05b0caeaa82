/** Shared helpers for the workerd pool tests: requests go through the real worker entry (same isolate as tests). */
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';

export const ORIGIN = 'http://initlab.test';

export { query, TINY } from './tiny.ts';

let ipCounter = 0;
/** A fresh client address per call, so the per-IP rate limit never couples unrelated tests. */
export function freshIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export function call(path: string, init: RequestInit = {}, ip = freshIp()): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', ip);
  return exports.default.fetch(new Request(ORIGIN + path, { ...init, headers }));
}

export function postJson(path: string, body: unknown, ip?: string): Promise<Response> {
  return call(
    path,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    ip,
  );
}

export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: { path: string; message: string }[];
}

/** Asserts the response is a problem+json of `status` and returns its body. */
export async function expectProblem(res: Response, status: number): Promise<ProblemJson> {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as ProblemJson;
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(Array.isArray(body.errors)).toBe(true);
  return body;
}
