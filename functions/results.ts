/**
 * The result cache of one isolate: the LRU, the durable tiers behind it, and the computations in flight, all keyed
 * by cache key. Every request for a key — plain or streamed — shares one lookup and at most one computation: a plain
 * request waits for the body, a stream listens to the run's frames (from the first one on, however late it joins).
 */
import { LruCache, readTiers, type Tier, writeTiers } from './cache.ts';
import { type Computation, Run } from './run.ts';

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
  /**
   * Runs only when no tier has a valid entry and no identical computation is in flight: admits the computation
   * (throwing refuses it, before any response has begun) and returns it.
   */
  start: () => Promise<Computation>;
  /** Where background work is registered (back-filling tiers, a run that outlives the response that started it). */
  waitUntil: (promise: Promise<unknown>) => void;
}

/** A stored body, or the run computing it, which the request has already joined (`joined` is how). */
export type Opened<J> = { hit: true; body: string } | { hit: false; run: Run; joined: J };

type Ticket = { hit: true; body: string } | { hit: false; run: Run };

interface Entry {
  ticket?: Promise<Ticket>;
}

export class ResultCache {
  readonly lru: LruCache;
  /** Computations started and abandoned (every listener gone) in this isolate; tests read them. */
  readonly stats = { started: 0, abandoned: 0 };
  private readonly entries = new Map<string, Entry>();

  constructor(maxEntries = 256, maxChars = 8 * 1024 * 1024) {
    this.lru = new LruCache(maxEntries, maxChars);
  }

  /** The body for `spec.key`, waiting for its computation if need be (a waiter keeps the run alive). */
  async resolve(spec: ResolveSpec): Promise<Resolved> {
    const opened = await this.open(spec, (run) => run.wait());
    return opened.hit ? opened : { body: await opened.joined, hit: false };
  }

  /** A stored body, or the run to stream; `joined` is the stream's leave(). */
  watch(spec: ResolveSpec): Promise<Opened<() => void>> {
    return this.open(spec, (run) => run.listen());
  }

  /** The run in flight for `key`, if any (read by tests). */
  async inFlight(key: string): Promise<Run | null> {
    const ticket = await this.entries.get(key)?.ticket?.catch(() => null);
    return ticket && !ticket.hit ? ticket.run : null;
  }

  private async open<J>(spec: ResolveSpec, join: (run: Run) => J): Promise<Opened<J>> {
    for (;;) {
      const body = this.lru.get(spec.key);
      if (body !== undefined) return { hit: true, body };
      const joining = this.entries.get(spec.key)?.ticket;
      let ticket: Ticket;
      try {
        ticket = await (joining ?? this.lead(spec));
      } catch (err) {
        // A refusal before computing (rate limit, load, budget) is the leader's own: ask again under our own name.
        if (joining) continue;
        throw err;
      }
      if (ticket.hit) return ticket;
      if (ticket.run.abandoned) continue;
      // Joined synchronously after the check, so the run cannot be abandoned in between.
      return { hit: false, run: ticket.run, joined: join(ticket.run) };
    }
  }

  private lead(spec: ResolveSpec): Promise<Ticket> {
    const entry: Entry = {};
    const forget = () => {
      if (this.entries.get(spec.key) === entry) this.entries.delete(spec.key);
    };
    const ticket = this.lookupOrStart(spec, forget);
    entry.ticket = ticket;
    this.entries.set(spec.key, entry);
    // Others may be waiting on this lookup: it must not end with the request that began it.
    spec.waitUntil(ticket.catch(() => undefined));
    ticket.then((t) => (t.hit ? forget() : t.run.done.then(forget, forget)), forget);
    return ticket;
  }

  private async lookupOrStart(spec: ResolveSpec, forget: () => void): Promise<Ticket> {
    const { key, tiers } = spec;
    const stored = await readTiers(tiers, key, spec.isValid, spec.waitUntil);
    if (stored !== null) {
      this.lru.set(key, stored);
      return { hit: true, body: stored };
    }
    const compute = await spec.start();
    this.stats.started++;
    const run = new Run(
      async (hooks) => {
        const body = await compute(hooks);
        this.lru.set(key, body);
        // Awaited rather than deferred: a result this expensive should be durable before the client sees it.
        await writeTiers(tiers, key, body);
        return body;
      },
      () => {
        this.stats.abandoned++;
        forget();
      },
    );
    // Whoever started it may be gone (a cancelled stream) while others still listen: the run must not die with it.
    spec.waitUntil(run.done.catch(() => undefined));
    return { hit: false, run };
  }
}

/** One per isolate: the LRU and the runs in flight are what let an isolate serve repeats without recomputing. */
export const resultCache = new ResultCache();
