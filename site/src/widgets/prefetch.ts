/**
 * Warm the page's result memo with the states a reader is likely to pick next (a slider's neighbours), so that a
 * nudge shows at once instead of after a run. One request at a time, nearest state first, through the API only: an
 * in-browser run would compete with the page for its one thread.
 */
import type { WidgetDef } from './defs.ts';
import { type Runner, remembered } from './engine-client.ts';

export async function prefetch(def: WidgetDef, state: Record<string, unknown>, api: Runner, signal: AbortSignal) {
  for (const next of def.neighbours?.(state) ?? [])
    for (const req of def.requests(next)) {
      if (signal.aborted) return;
      if (remembered(req.kind, req.query)) continue;
      try {
        await api.run(req.kind, req.query);
      } catch {
        return; // the API is down or refused: the reader's own change will find out and fall back
      }
    }
}
