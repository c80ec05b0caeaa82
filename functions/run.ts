/**
 * One computation in flight, shared by every request for the same cache key: the frames produced so far (as NDJSON
 * lines, so a stream that joins late replays them), who is waiting, and the switch that stops it. Streams are
 * listeners and may leave; a plain request waits for the body and never leaves. When the last listener leaves and no
 * plain request waits, the run is abandoned: its engine run is aborted (at once, or at its next frame when the last
 * listener was another request's) and, since the computation rejects, nothing partial is cached.
 */

/** How often a waiting stream looks for new frames even when nothing woke it (see read). */
const POLL_MS = 10;

/** What a computation is given: where to report frames, and the signal that stops it. */
export interface RunHooks {
  onFrame: (frame: unknown) => void;
  signal: AbortSignal;
}

/** Resolves with the result body (stored in every tier) or rejects. */
export type Computation = (hooks: RunHooks) => Promise<string>;

export type Outcome = { ok: true; body: string } | { ok: false; error: unknown };

export class Run {
  /** One serialised frame per line, in the order the engine produced them. */
  readonly lines: string[] = [];
  /** Resolves with the body, or rejects with why the computation failed (or AbortError when abandoned). */
  readonly done: Promise<string>;
  outcome: Outcome | null = null;
  /** How many frames the run had produced when its last listener left; null while it has not been abandoned. */
  abandonedAt: number | null = null;
  /** Frames the engine still produced after that (at most one: the next frame aborts it). */
  framesAfterAbandon = 0;
  private listeners = 0;
  private plainWaiters = 0;
  private readonly controller = new AbortController();
  private wake: () => void = () => {};
  private changed: Promise<void>;

  constructor(
    compute: Computation,
    private readonly onAbandon: () => void,
  ) {
    this.changed = this.nextChange();
    this.done = compute({ onFrame: (f) => this.frame(f), signal: this.controller.signal });
    this.done.then(
      (body) => this.settle({ ok: true, body }),
      (error) => this.settle({ ok: false, error }),
    );
  }

  get abandoned(): boolean {
    return this.abandonedAt !== null;
  }

  /** Who is waiting on it (read by tests and the abandonment rule). */
  get audience(): { listeners: number; plainWaiters: number } {
    return { listeners: this.listeners, plainWaiters: this.plainWaiters };
  }

  /** A plain request: it waits for the body and keeps the run alive until then. */
  wait(): Promise<string> {
    this.plainWaiters++;
    return this.done;
  }

  /** A stream: returns its leave(); once every listener has left and no plain request waits, the run is aborted. */
  listen(): () => void {
    this.listeners++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.listeners--;
      if (this.listeners === 0 && this.plainWaiters === 0 && !this.outcome) this.abandon();
    };
  }

  /**
   * The lines from index `from` on; waits for at least one unless the run has settled. The wait also wakes every
   * `pollMs`: a stream that joined from another request runs in that request's context, where workerd may not run
   * the continuation of a promise the run's own request resolved until the context has an event of its own (a timer).
   */
  async read(from: number, pollMs = POLL_MS): Promise<string[]> {
    while (from >= this.lines.length && !this.outcome) {
      const changed = this.changed;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        changed.then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.lines.slice(from);
  }

  private abandon(): void {
    this.abandonedAt = this.lines.length;
    this.onAbandon();
    try {
      this.controller.abort();
    } catch {
      // The controller belongs to the request that started the run, and workerd refuses to touch it from another
      // request's context (the last listener may be a joiner): the run's next frame, in its own context, aborts it.
    }
  }

  private frame(frame: unknown): void {
    if (this.abandonedAt === null) {
      this.push(JSON.stringify(frame));
      return;
    }
    this.framesAfterAbandon++;
    this.controller.abort();
  }

  private push(line: string): void {
    this.lines.push(line);
    this.notify();
  }

  private settle(outcome: Outcome): void {
    this.outcome = outcome;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.changed = this.nextChange();
    wake();
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}
