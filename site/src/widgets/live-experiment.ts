/**
 * A live run of a widget whose figure is one of the engine's experiments (the width-transfer widget's yang2022):
 * assembled in the reader's Web Worker from runs the API computes and caches, with the progress bar over all their
 * steps and the figure filled in run by run (experiment-browser.ts). The API limits how many uncached runs one client
 * starts per minute; its Retry-After is waited out and said in the badge. Where no worker runs, the API's experiment
 * route assembles it instead, with the same waits. A measured state is remembered for the page's life.
 */

import { fetchRun } from './api-stream.ts';
import type { WidgetDef } from './defs.ts';
import { keyOf } from './engine-client.ts';
import type { LiveOptions, LiveOutcome } from './live.ts';
import { shared } from './memo.ts';
import { ApiUnavailable, abortError, type RunEvent, WorkerGone } from './run-types.ts';
import type { StateValue } from './state.ts';
import { measureInWorker } from './worker-client.ts';

/** How often the API's experiment route may ask to wait before the widget gives up (each wait continues the study). */
const MAX_WAITS = 60;

const sleep = (seconds: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    const stop = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', stop, { once: true });
  });

async function fromRoute(origin: string, query: Record<string, StateValue>, o: LiveOptions, signal: AbortSignal) {
  for (let waits = 0; ; waits++) {
    try {
      return await fetchRun(origin, 'experiment', query, () => undefined, signal);
    } catch (err) {
      const seconds = err instanceof ApiUnavailable ? err.retryAfter : undefined;
      if (seconds === undefined || waits >= MAX_WAITS) throw err;
      o.waiting?.(seconds);
      await sleep(seconds, signal);
    }
  }
}

export async function runExperimentLive(
  def: WidgetDef,
  state: Record<string, StateValue>,
  o: LiveOptions,
): Promise<LiveOutcome> {
  const spec = def.experiment;
  const request = def.requests(state)[0];
  if (!spec || !request) throw new Error(`${def.name} measures no experiment`);
  const { name, ...settings } = request.query as Record<string, string>;
  const compute = async (_emit: (e: RunEvent) => void, signal: AbortSignal) => {
    try {
      return await measureInWorker(
        name,
        settings,
        o.origin,
        (e) => {
          if (signal.aborted) return;
          if (e.type === 'progress') o.progress.set(e.now, e.max);
          else if (e.type === 'wait') o.waiting?.(e.seconds);
          else o.paint(spec.figure(e, 'partial'), false);
        },
        signal,
      );
    } catch (err) {
      if (!(err instanceof WorkerGone)) throw err;
      return fromRoute(o.origin, request.query as Record<string, StateValue>, o, signal);
    }
  };
  const result = await shared(keyOf(request), compute, { signal: o.signal });
  if (o.signal.aborted) throw abortError(o.signal);
  const figure = spec.figure(result, 'live');
  if (!figure) throw new Error(`the ${name} experiment answered without its series`);
  o.paint(figure, true);
  return { where: 'live' };
}
