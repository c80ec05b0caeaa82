/**
 * Warm the page's result memo with the states a reader is likely to pick next (a slider's neighbours), so that a
 * nudge shows at once instead of after a run. One request at a time, nearest state first, through the API only: an
 * in-browser run would compete with the page for its one thread. A prefetch, once asked, is left to finish (a run
 * that wants the same answer joins it), so aborting only stops asking for more.
 */
import type { WidgetDef } from './defs.ts';
import { fromApi, remembered } from './engine-client.ts';
import type { StateValue } from './state.ts';

export async function prefetch(def: WidgetDef, state: Record<string, StateValue>, origin: string, signal: AbortSignal) {
  for (const next of def.neighbours?.(state) ?? [])
    for (const req of def.requests(next)) {
      if (signal.aborted) return;
      if (remembered(req)) continue;
      try {
        await fromApi(origin, req);
      } catch {
        return; // the API is down or refused: the reader's own change will find out and fall back
      }
    }
}

/** The one prefetch a widget runs while the reader is at its controls: started once, stopped when a run begins. */
export class Warmer {
  private running: AbortController | null = null;

  /** Read when a prefetch starts: the element's definition and API are set after it is constructed. */
  constructor(
    private readonly def: () => WidgetDef,
    private readonly origin: () => string,
  ) {}

  start(state: Record<string, StateValue>): void {
    if (!this.def().neighbours || this.running) return;
    this.running = new AbortController();
    void prefetch(this.def(), state, this.origin(), this.running.signal);
  }

  stop(): void {
    this.running?.abort();
    this.running = null;
  }
}
