/**
 * How much training one isolate runs at once. The isolate is single-threaded: runs admitted together interleave (each
 * yields between frames), so every one of them finishes only when roughly all the work admitted before it is done.
 * Admission therefore bounds the work ahead, not just a count:
 *  - the estimated FLOPs still to do in flight, plus the newcomer's, stay within one work cap (the costliest single
 *    request; 5e10 FLOPs ≈ 2.5–8 s here), so an admitted run answers in about the time of at most two maximal requests;
 *  - at most MAX_CONCURRENT_RUNS runs at once, and their tensor estimates together within the memory cap (the isolate
 *    has 128 MB for everything; the memory cap alone bounds only one request);
 *  - an idle isolate admits any run that passed the caps (an experiment's compare may be larger than one work cap).
 * A run that does not fit is refused at once with a 503 and a Retry-After estimated from the work in flight, never
 * queued. A count alone would not do: the site's widgets send up to six small runs at once (a few ms each), while one
 * default-sized compare takes seconds; bounding the work keeps both prompt.
 */
import { MEMORY_CAP_BYTES } from './limits.ts';
import { ProblemError } from './problem.ts';

/** The site sends up to 6 runs at once (one per init of the signal widget); the work bound is the real limit. */
export const MAX_CONCURRENT_RUNS = 8;

/** Assumed isolate throughput before any run has been measured (limits.ts: the backend does 6–20 GFLOP/s). */
const PRIOR_FLOPS_PER_MS = 1e7;
/** How many ms of that prior the measured rate starts from (it fades as measured work accumulates). */
const PRIOR_MS = 1000;

export interface Slot {
  /** The run reached `step` of `steps` (from its frames). */
  progress(step: number, steps: number): void;
  release(): void;
}

interface Held {
  cost: number;
  bytes: number;
  done: number;
}

export class RunSlots {
  private readonly held = new Set<Held>();
  private busySince = 0;
  private busyMs = 0;
  private flopsDone = 0;

  constructor(
    private readonly maxRuns = MAX_CONCURRENT_RUNS,
    private readonly maxBytes = MEMORY_CAP_BYTES,
  ) {}

  get running(): number {
    return this.held.size;
  }

  /** Estimated FLOPs the runs in flight still have to do. */
  remaining(): number {
    let sum = 0;
    for (const h of this.held) sum += h.cost * (1 - h.done);
    return sum;
  }

  /** Admit a run of `cost` FLOPs and `bytes` of tensors with at most `workAhead` FLOPs in flight, or throw a 503. */
  acquire(cost: number, bytes: number, workAhead: number): Slot {
    const drain = this.drainNeeded(cost, bytes, workAhead);
    if (drain > 0) throw this.busy(drain);
    const h: Held = { cost, bytes, done: 0 };
    if (this.held.size === 0) this.busySince = Date.now();
    this.held.add(h);
    let released = false;
    return {
      progress: (step, steps) => {
        const done = steps > 0 ? Math.min(1, step / steps) : 1;
        this.flopsDone += Math.max(0, done - h.done) * cost;
        h.done = Math.max(h.done, done);
      },
      release: () => {
        if (released) return;
        released = true;
        this.held.delete(h);
        if (this.held.size === 0) this.busyMs += Date.now() - this.busySince;
      },
    };
  }

  /** FLOPs of in-flight work that must finish before this run fits; 0 when it fits now. */
  private drainNeeded(cost: number, bytes: number, workAhead: number): number {
    if (this.held.size === 0) return 0;
    const remaining = this.remaining();
    let drain = remaining + cost - workAhead;
    const bytesHeld = [...this.held].reduce((s, h) => s + h.bytes, 0);
    if (this.held.size >= this.maxRuns || bytesHeld + bytes > this.maxBytes) {
      // A run ends first when the one with the least left is done; until then all of them share the isolate.
      const least = Math.min(...[...this.held].map((h) => h.cost * (1 - h.done)));
      drain = Math.max(drain, least * this.held.size);
    }
    return Math.max(0, drain);
  }

  /** Measured FLOPs per ms of the isolate while it trained, starting from the prior. */
  flopsPerMs(): number {
    const busy = this.busyMs + (this.held.size > 0 ? Date.now() - this.busySince : 0);
    return (PRIOR_FLOPS_PER_MS * PRIOR_MS + this.flopsDone) / (PRIOR_MS + busy);
  }

  private busy(drain: number): ProblemError {
    const seconds = Math.max(1, Math.ceil(drain / this.flopsPerMs() / 1000));
    const left = (this.remaining() / this.flopsPerMs() / 1000).toFixed(1);
    return new ProblemError(
      503,
      `the engine is busy with ${this.held.size} run(s), about ${left} s of work; this run does not fit beside them. ` +
        `Retry in ${seconds} s; cached results are still served`,
      [],
      { 'Retry-After': String(seconds) },
    );
  }
}

/** One per isolate: every uncached training run of every route takes a slot here. */
export const runSlots = new RunSlots();
