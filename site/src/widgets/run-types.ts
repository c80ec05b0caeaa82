/** What runs exchange, wherever they run (the API's NDJSON stream, the Web Worker, the page's own thread). */
import type { RunFrame } from '../../../src/train/frames.ts';

// The engine's own: frames.ts imports nothing at run time, so the widget bundle takes just these two functions.
export { abortError, isAbortError } from '../../../src/train/frames.ts';

/** `experiment`: one of the engine's experiments, assembled from compares (live-experiment.ts), never run as one. */
export type Kind = 'sample' | 'compare' | 'theory' | 'experiment';

/** The stream's lines before the result: `start` (the normalised params), then a frame per logged step/checkpoint. */
export type RunEvent = { type: 'start'; params: unknown } | RunFrame;

export interface RunHooks {
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

/**
 * Raised for answers that prove the API is up but refused the request (the fallback would refuse it too). `status`:
 * the HTTP status (a 404 for a `user:<id>` dataset means the server holds no such file).
 */
export class ApiRefusal extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A reader's CSV that goes with a run to the engine in the browser, which registers it before training. */
export interface UserCsv {
  text: string;
  target: string;
}

/**
 * The API could not answer (unreachable, overloaded, failed mid-stream): the browser can compute instead.
 * `answered`: it did reply (a status, a stream's error line), so it is busy or failing rather than out of reach.
 */
export class ApiUnavailable extends Error {
  constructor(
    message: string,
    readonly answered: boolean,
    /** Seconds the API asked to wait (429, 503), if it said. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** No engine worker could start (or it failed to load): the caller has another way. */
export class WorkerGone extends Error {}
