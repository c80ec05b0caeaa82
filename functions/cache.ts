/**
 * Results are deterministic, so they are cached for good, in three tiers: an in-isolate LRU (bounded), the Cache API
 * (per data centre; only effective on a custom domain) and the `TRIALS` KV namespace (durable, global). Concurrent
 * identical misses in one isolate share one computation. An entry that fails to parse or validate is recomputed and
 * overwritten; a tier that errors is logged and skipped, never failing the request.
 */
import { ENGINE_VERSION } from '../src/index.ts';

/** Bump when the API changes a result's bytes without the engine changing (the key moves with both). */
const API_CACHE_REVISION = 1;
export const CACHE_VERSION = `${ENGINE_VERSION}-${API_CACHE_REVISION}`;

/** A result's bytes never change under its key: the Cache API tier and every HTTP response keep it for good. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `v<cache-version>:<sha256 of the canonical normalised params>`; `kind` keeps e.g. a trial and a sample apart. */
export async function cacheKey(kind: string, params: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(`${kind}\n${JSON.stringify(params)}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `v${CACHE_VERSION}:${hex}`;
}

/** A place results can be kept. `get` resolves null on a miss. */
export interface Tier {
  name: string;
  get(key: string): Promise<string | null>;
  put(key: string, body: string): Promise<void>;
}

/** Bounded by entry count and total characters, least recently used evicted first. */
export class LruCache {
  private readonly entries = new Map<string, string>();
  private size = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    if (value.length > this.maxChars) return;
    this.delete(key);
    this.entries.set(key, value);
    this.size += value.length;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= old.length;
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.size -= value.length;
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  get stats(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.size };
  }
}

const CACHE_API_ORIGIN = 'https://results.initlab.internal/';

/** `caches.default`, keyed by a synthetic URL (the Cache API only takes requests). */
export function cacheApiTier(): Tier {
  const url = (key: string) => CACHE_API_ORIGIN + encodeURIComponent(key);
  return {
    name: 'cache-api',
    async get(key) {
      const res = await caches.default.match(url(key));
      return res ? res.text() : null;
    },
    async put(key, body) {
      const headers = { 'Content-Type': 'application/json', 'Cache-Control': IMMUTABLE };
      await caches.default.put(url(key), new Response(body, { headers }));
    },
  };
}

export function kvTier(kv: KVNamespace): Tier {
  return { name: 'kv', get: (key) => kv.get(key, 'text'), put: (key, body) => kv.put(key, body) };
}

export interface Resolved {
  body: string;
  /** true when no computation ran for this request (LRU, Cache API or KV). */
  hit: boolean;
}

export interface ResolveSpec {
  key: string;
  /** The durable tiers to consult after the LRU, in order. */
  tiers: Tier[];
  /** Whether a stored body is a valid result for this key (parses, matches the schema, right engine). */
  isValid: (body: string) => boolean;
  /** Runs only when no tier has a valid entry and no identical computation is in flight. */
  compute: () => Promise<string>;
  /** Where background writes (back-filling earlier tiers) are registered. */
  waitUntil: (promise: Promise<unknown>) => void;
  /**
   * Whether a failure of the computation this request joined is the leader's own (e.g. its client was rate-limited);
   * the joiner then tries again under its own name instead of sharing it.
   */
  isLeadersOwnFailure?: (err: unknown) => boolean;
}

async function tryGet(tier: Tier, key: string): Promise<string | null> {
  try {
    return await tier.get(key);
  } catch (err) {
    console.error(`cache tier ${tier.name} failed to read; treating as a miss`, err);
    return null;
  }
}

async function tryPut(tier: Tier, key: string, body: string): Promise<void> {
  try {
    await tier.put(key, body);
  } catch (err) {
    console.error(`cache tier ${tier.name} failed to write; the result is still served`, err);
  }
}

export class ResultCache {
  readonly lru: LruCache;
  private readonly inFlight = new Map<string, Promise<Resolved>>();

  constructor(maxEntries = 256, maxChars = 8 * 1024 * 1024) {
    this.lru = new LruCache(maxEntries, maxChars);
  }

  /** The body for `spec.key`: from the LRU, an identical computation in flight, a durable tier, or a new run. */
  resolve(spec: ResolveSpec): Promise<Resolved> {
    const body = this.lru.get(spec.key);
    if (body !== undefined) return Promise.resolve({ body, hit: true });
    const pending = this.inFlight.get(spec.key);
    if (pending)
      return pending.catch((err) => {
        if (spec.isLeadersOwnFailure?.(err)) return this.resolve(spec);
        throw err;
      });
    const run = this.lookupOrCompute(spec).finally(() => this.inFlight.delete(spec.key));
    this.inFlight.set(spec.key, run);
    return run;
  }

  private async lookupOrCompute(spec: ResolveSpec): Promise<Resolved> {
    const { key, tiers } = spec;
    for (const [i, tier] of tiers.entries()) {
      const stored = await tryGet(tier, key);
      if (stored === null) continue;
      if (!spec.isValid(stored)) {
        console.warn(`cache tier ${tier.name} held an invalid entry for ${key}; recomputing`);
        continue;
      }
      this.lru.set(key, stored);
      // Back-fill the faster tiers that missed, so the next isolate finds it sooner.
      spec.waitUntil(Promise.all(tiers.slice(0, i).map((t) => tryPut(t, key, stored))));
      return { body: stored, hit: true };
    }
    const body = await spec.compute();
    this.lru.set(key, body);
    // Awaited rather than deferred: a result this expensive should be durable before the client sees it.
    await Promise.all(tiers.map((t) => tryPut(t, key, body)));
    return { body, hit: false };
  }
}

/** One per isolate: the LRU and the in-flight map are what let an isolate serve repeats without recomputing. */
export const resultCache = new ResultCache();
