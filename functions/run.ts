/**
 * One computation in flight, shared by every request for the same cache key: the frames produced so far (as NDJSON
 * lines, so a stream that joins late replays them), who is waiting, and the switch that stops it. Streams are
 * listeners and may leave; a plain request waits for the body and never leaves. When the last listener leaves and no
 * plain request waits, the run is abandoned: its engine run is aborted (it stops within one step) and, since the
 * computation rejects, nothing partial is cached.
 */

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
  abandoned = false;
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
    this.done = compute({ onFrame: (f) => this.push(JSON.stringify(f)), signal: this.controller.signal });
    this.done.then(
      (body) => this.settle({ ok: true, body }),
      (error) => this.settle({ ok: false, error }),
    );
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

  /** The lines from index `from` on; waits for at least one unless the run has settled. */
  async read(from: number): Promise<string[]> {
    while (from >= this.lines.length && !this.outcome) await this.changed;
    return this.lines.slice(from);
  }

  private abandon(): void {
    this.abandoned = true;
    this.controller.abort();
    this.onAbandon();
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
