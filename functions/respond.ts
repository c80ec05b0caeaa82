/**
 * The one path every computed result takes: work cap → ETag / 304 → cache tiers → (rate limit → engine) → response.
 */
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ENGINE_VERSION } from '../src/index.ts';
import { cacheApiTier, cacheKey, IMMUTABLE, kvTier, type Resolved, resultCache, type Tier } from './cache.ts';
import { runEngine } from './engine.ts';
import { clientKey, enforceMemoryCap, enforceRateLimit, enforceWorkCap, workCap } from './limits.ts';
import { ProblemError } from './problem.ts';
import type { AppEnv } from './router.ts';

export interface ResultSpec {
  /** Separates key spaces: 'trial', 'compare', 'sample', 'theory'. */
  kind: string;
  /** Canonical normalised params: what the key hashes. */
  params: unknown;
  /** Estimated FLOPs; omitted for requests whose tables already bound them tightly. */
  cost?: number;
  /** Estimated peak tensor bytes; omitted where the tables bound it tightly. */
  bytes?: number;
  /** The fields a client should shrink when over the cap. */
  costlyFields?: readonly string[];
  /** Validates a stored or computed body. */
  schema: z.ZodType;
  /** A stored body must also echo these params (a valid result for other params is still wrong here). */
  echoesParams?: boolean;
  compute: () => unknown;
  /** Called on a cache miss before anything is charged or computed; throws to refuse the computation. */
  admit?: () => void;
}

export function etagFor(key: string): string {
  // Weak: a recomputation may differ in `timing`, nothing else.
  return `W/"${key}"`;
}

/** RFC 9110 weak comparison against an If-None-Match header (a list, or `*`). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * A listing that changes only with the engine (catalog, experiments): an ETag naming the engine version, and 304 when
 * the client already has it.
 */
export function versionedJson(c: Context<AppEnv>, name: string, cacheControl: string, body: () => unknown): Response {
  const etag = `W/"${name}-${ENGINE_VERSION}"`;
  const headers = { ETag: etag, 'Cache-Control': cacheControl };
  if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
  return c.json(body() as object, 200, headers);
}

function validator(spec: ResultSpec): (body: string) => boolean {
  const params = JSON.stringify(spec.params);
  return (body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
    if (!spec.schema.safeParse(parsed).success) return false;
    return !spec.echoesParams || JSON.stringify((parsed as { params?: unknown }).params) === params;
  };
}

function tiersOf(env: Env): Tier[] {
  const tiers: Tier[] = [];
  if (typeof caches !== 'undefined') tiers.push(cacheApiTier());
  if (env.TRIALS) tiers.push(kvTier(env.TRIALS));
  return tiers;
}

/** Rate-limited, counted engine run whose output must pass the same validation as a cache entry. */
function computeFor(c: Context<AppEnv>, spec: ResultSpec, isValid: (body: string) => boolean) {
  return async () => {
    spec.admit?.();
    await enforceRateLimit(c.env.COMPUTE_LIMITER, clientKey(c.req.raw.headers));
    const body = JSON.stringify(await runEngine(spec.compute));
    if (!isValid(body)) {
      console.error(`engine returned a ${spec.kind} result that fails its schema`, body.slice(0, 500));
      throw new ProblemError(500, `the engine produced an invalid ${spec.kind} result; this is a bug`);
    }
    return body;
  };
}

/** Work cap, then the cache tiers (computing on a miss). Callers check If-None-Match in between. */
export async function resolveResult(c: Context<AppEnv>, spec: ResultSpec, key: string): Promise<Resolved> {
  const isValid = validator(spec);
  return resultCache.resolve({
    key,
    tiers: tiersOf(c.env),
    isValid,
    compute: computeFor(c, spec, isValid),
    waitUntil: (p) => waitUntil(c, p),
    isLeadersOwnFailure: (err) => err instanceof ProblemError && err.status === 429,
  });
}

/** The caching headers of a served result, in whatever form it is sent (JSON, or a chart rendered from it). */
export function resolvedHeaders(etag: string, hit: boolean): Record<string, string> {
  return { ETag: etag, 'Cache-Control': IMMUTABLE, 'X-Cache': hit ? 'HIT' : 'MISS' };
}

export function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': IMMUTABLE } });
}

export function enforceCap(c: Context<AppEnv>, spec: ResultSpec): void {
  if (spec.cost !== undefined) enforceWorkCap(spec.cost, workCap(c.env), spec.costlyFields ?? []);
  if (spec.bytes !== undefined) enforceMemoryCap(spec.bytes, spec.costlyFields ?? []);
}

export async function serveResult(c: Context<AppEnv>, spec: ResultSpec): Promise<Response> {
  enforceCap(c, spec);
  const key = await cacheKey(spec.kind, spec.params);
  const etag = etagFor(key);
  if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return notModified(etag);
  const { body, hit } = await resolveResult(c, spec, key);
  return new Response(body, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...resolvedHeaders(etag, hit) },
  });
}

function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (e.g. app.request in a unit test): let it run unobserved.
  }
}
