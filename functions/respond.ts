/**
 * The one path every computed result takes: work cap → ETag / 304 → cache tiers → (load, rate limit → engine) →
 * response, as JSON or (serveStream) as NDJSON.
 */
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ENGINE_VERSION, type RunFrame, type RunOptions } from '../src/index.ts';
import { cacheApiTier, cacheKey, IMMUTABLE, kvTier, type Tier } from './cache.ts';
import { acceptsGzip, gzipped } from './encoding.ts';
import { readyEngine, runEngine } from './engine.ts';
import { clientKey, enforceMemoryCap, enforceRateLimit, enforceWorkCap, workCap } from './limits.ts';
import { runSlots } from './load.ts';
import { ProblemError } from './problem.ts';
import { type Resolved, type ResolveSpec, resultCache } from './results.ts';
import type { AppEnv } from './router.ts';
import type { Computation } from './run.ts';
import { ndjsonResponse, runLines, startLine, storedLines } from './stream.ts';

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
  /** The engine call; `opts` carries the frames' sink and the abort signal (ignored by computations without frames). */
  compute: (opts: RunOptions) => unknown;
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

/**
 * Admission, then the computation: a load slot (training runs only, the ones with a cost), the route's own admit,
 * and the client's rate limit — all refused before any response begins. The run reports frames (and so yields to
 * the isolate between them, keeping other requests answered) and its output must pass the cache entry's validation.
 */
function startFor(c: Context<AppEnv>, spec: ResultSpec, isValid: (body: string) => boolean) {
  return async (): Promise<Computation> => {
    const slot = spec.cost === undefined ? null : runSlots.acquire(spec.cost, spec.bytes ?? 0, workCap(c.env));
    try {
      spec.admit?.();
      await enforceRateLimit(c.env.COMPUTE_LIMITER, clientKey(c.req.raw.headers));
    } catch (err) {
      slot?.release();
      throw err;
    }
    return async ({ onFrame, signal }) => {
      try {
        const report = (f: RunFrame) => {
          slot?.progress(f.step, f.steps);
          onFrame(f);
        };
        const opts: RunOptions = { signal, onFrame: report };
        const body = JSON.stringify(await runEngine(() => spec.compute(opts)));
        if (!isValid(body)) {
          console.error(`engine returned a ${spec.kind} result that fails its schema`, body.slice(0, 500));
          throw new ProblemError(500, `the engine produced an invalid ${spec.kind} result; this is a bug`);
        }
        return body;
      } finally {
        slot?.release();
      }
    };
  };
}

function resolveSpecFor(c: Context<AppEnv>, spec: ResultSpec, key: string): ResolveSpec {
  const isValid = validator(spec);
  return { key, tiers: tiersOf(c.env), isValid, start: startFor(c, spec, isValid), waitUntil: (p) => waitUntil(c, p) };
}

/** Work cap, then the cache tiers (computing on a miss). Callers check If-None-Match in between. */
export function resolveResult(c: Context<AppEnv>, spec: ResultSpec, key: string): Promise<Resolved> {
  return resultCache.resolve(resolveSpecFor(c, spec, key));
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

/** The caps, then the cache key: what every request for a computed result starts with. */
export async function keyFor(c: Context<AppEnv>, spec: ResultSpec): Promise<string> {
  enforceCap(c, spec);
  return cacheKey(spec.kind, spec.params);
}

/** A result as JSON, gzip-encoded (once per result) when the client takes it. */
export async function jsonResult(c: Context<AppEnv>, key: string, body: string, hit: boolean): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    Vary: 'Accept-Encoding',
    ...resolvedHeaders(etagFor(key), hit),
  };
  if (!acceptsGzip(c.req.header('Accept-Encoding'))) return new Response(body, { headers });
  // `manual`: the bytes are already encoded; the runtime passes them on as they are.
  const init = { headers: { ...headers, 'Content-Encoding': 'gzip' }, encodeBody: 'manual' as const };
  return new Response(await gzipped(key, body, (p) => waitUntil(c, p)), init);
}

export async function serveResult(c: Context<AppEnv>, spec: ResultSpec, knownKey?: string): Promise<Response> {
  const key = knownKey ?? (await keyFor(c, spec));
  const etag = etagFor(key);
  if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return notModified(etag);
  const { body, hit } = await resolveResult(c, spec, key);
  return jsonResult(c, key, body, hit);
}

/**
 * No ETag and no-store on streams: the frames are for watching a run, and the cacheable form of the result is the
 * plain JSON.
 */
const STREAM_HEADERS = { 'Cache-Control': 'no-store' };

/** A stored result as a stream: `start` and the `result` line embedding the stored body. */
export async function storedStream(c: Context<AppEnv>, params: unknown, body: string): Promise<Response> {
  const lines = storedLines(startLine(params, await readyEngine()), body);
  return ndjsonResponse(lines, { ...STREAM_HEADERS, 'X-Cache': 'HIT' }, (p) => waitUntil(c, p));
}

/**
 * The same result as an NDJSON stream. Everything that can refuse (caps, load, rate limit, an engine that cannot
 * start) answers before the stream begins.
 */
export async function serveStream(c: Context<AppEnv>, spec: ResultSpec, knownKey?: string): Promise<Response> {
  const key = knownKey ?? (await keyFor(c, spec));
  const engine = await readyEngine();
  const opened = await resultCache.watch(resolveSpecFor(c, spec, key));
  if (opened.hit) return storedStream(c, spec.params, opened.body);
  const lines = runLines(startLine(spec.params, engine), opened.run, opened.joined);
  return ndjsonResponse(lines, { ...STREAM_HEADERS, 'X-Cache': 'MISS' }, (p) => waitUntil(c, p));
}

function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (e.g. app.request in a unit test): let it run unobserved.
  }
}
