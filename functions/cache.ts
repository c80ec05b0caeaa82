/**
 * Results are deterministic, so they are cached for good, in three tiers: an in-isolate LRU (bounded), the Cache API
 * (per data centre; only effective on a custom domain) and the `TRIALS` KV namespace (durable, global). An entry that
 * fails to parse or validate is recomputed and overwritten; a tier that errors is logged and skipped, never failing
 * the request. (results.ts puts the LRU, the tiers and the computations in flight together.)
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

/** Bounded by entry count and total size (characters, for strings), least recently used evicted first. */
export class LruCache<V = string> {
  private readonly entries = new Map<string, V>();
  private size = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
    private readonly sizeOf: (value: V) => number = (value) => (value as string).length,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxChars) return;
    this.delete(key);
    this.entries.set(key, value);
    this.size += size;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= this.sizeOf(old);
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.size -= this.sizeOf(value);
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

/** The first tier holding a valid entry for `key`, back-filling the faster tiers that missed; null when none has. */
export async function readTiers(
  tiers: Tier[],
  key: string,
  isValid: (body: string) => boolean,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<string | null> {
  for (const [i, tier] of tiers.entries()) {
    const stored = await tryGet(tier, key);
    if (stored === null) continue;
    if (!isValid(stored)) {
      console.warn(`cache tier ${tier.name} held an invalid entry for ${key}; recomputing`);
      continue;
    }
    // So the next isolate finds it sooner.
    waitUntil(Promise.all(tiers.slice(0, i).map((t) => tryPut(t, key, stored))));
    return stored;
  }
  return null;
}

/** Store `body` in every tier; a tier that fails is logged and skipped. */
export async function writeTiers(tiers: Tier[], key: string, body: string): Promise<void> {
  await Promise.all(tiers.map((t) => tryPut(t, key, body)));
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
