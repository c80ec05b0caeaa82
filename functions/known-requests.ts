/**
 * Repeats of a GET this isolate has already answered. Validation and normalisation are deterministic, so the raw
 * query string always names the same normalised params, cost and cache key: a repeat whose result is in the LRU is
 * answered from the stored string without validating, normalising, estimating the cost or hashing again. That is
 * most of what a cache hit costs inside the worker; everything else (a miss, a result only in KV, a cap that a
 * different deployment sets lower) takes the ordinary path.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { LruCache } from './cache.ts';
import { workCap } from './limits.ts';
import { etagFor, jsonResult, matchesIfNoneMatch, notModified, storedStream } from './respond.ts';
import { resultCache } from './results.ts';
import type { AppEnv } from './router.ts';
import { wantsStream } from './stream.ts';

interface Known {
  key: string;
  params: unknown;
  cost?: number;
}

/** Query strings are short; a thousand of them is a few hundred KB at most. */
const known = new LruCache<Known>(1024, 1024, () => 1);

function idOf(kind: string, c: Context<AppEnv>): string {
  const url = c.req.url;
  const q = url.indexOf('?');
  return `${kind}${q < 0 ? '' : url.slice(q)}`;
}

/** After the ordinary path admitted a GET: remember what its query string resolved to. */
export function rememberRequest(c: Context<AppEnv>, kind: string, entry: Known): void {
  if (c.req.method === 'GET') known.set(idOf(kind, c), entry);
}

/** Before validation: answer a known GET from the LRU, as JSON or as a stream, or pass it on. */
export function knownHits(kind: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const entry = c.req.method === 'GET' ? known.get(idOf(kind, c)) : undefined;
    if (!entry || (entry.cost !== undefined && entry.cost > workCap(c.env))) return next();
    const res = await answer(c, entry);
    if (!res) return next();
    res.headers.append('Vary', 'Accept');
    return res;
  });
}

async function answer(c: Context<AppEnv>, entry: Known): Promise<Response | null> {
  const stream = wantsStream(c.req.header('Accept'));
  const etag = etagFor(entry.key);
  if (!stream && matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return notModified(etag);
  const body = resultCache.lru.get(entry.key);
  if (body === undefined) return null;
  return stream ? storedStream(c, entry.params, body) : jsonResult(c, entry.key, body, true);
}
