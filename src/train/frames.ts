/**
 * Frames: what a run reports while it trains, so a host can show it live (the CLI's `--stream`, the API's NDJSON
 * stream, the site's Web Worker). A frame carries exactly the numbers the result will hold for that step — the same
 * values, not a preview — so a client can build the result's curves from the frames alone, and frames never change
 * a result: a run with and without `onFrame` returns byte-identical JSON (apart from `timing`).
 */
import type { InitId } from '../params/index.ts';
import type { DecisionBoundary, LayerStats } from '../result.ts';

/**
 * One init's numbers at a frame's step. A step can be logged (losses), a checkpoint (statistics, boundary) or both;
 * an entry has the fields of what was recorded at its step, so the losses are absent at a checkpoint that is not a
 * logged step.
 */
export interface TrialFrame {
  init: InitId;
  /** Logged steps only: the result's curves at this step (null where the result has null). */
  trainLoss?: number | null;
  testLoss?: number | null;
  testAccuracy?: number | null;
  /** true from the step at which this init diverged (its curves end there). */
  diverged: boolean;
  /** Checkpoint frames only: per-layer statistics, equal to the result's `layers[i].atInit` (step 0) or the
   * `layers[i].checkpoints` entry of this step. */
  layers?: LayerStats[];
  /** Checkpoint frames of 2-D data sets after step 0: the decision boundary at this step (null when not finite);
   * its `p` equals the result's `boundaryCheckpoints` entry of this step. */
  boundary?: DecisionBoundary | null;
}

export interface RunFrame {
  type: 'frame';
  /** Optimizer updates done. */
  step: number;
  /** The run's total steps (so a client can draw progress without the params). */
  steps: number;
  /** Whether per-layer statistics (and, on 2-D sets, boundaries) were taken at this step (step 0 included). */
  checkpoint: boolean;
  /** One entry per init, in the params' order; null for an init that recorded nothing at this step (it had diverged
   * earlier, or diverged at this unlogged step in a later frame of the same step). */
  trials: (TrialFrame | null)[];
}

export interface RunOptions {
  /** Called after each step with (steps done, total steps). */
  onProgress?: (done: number, total: number) => void;
  /** Called at every logged step, checkpoint and divergence, in step order (a divergence at a step that was not
   * logged gives a second frame of that step, carrying the diverged inits' entries). The run yields to the event loop after
   * each call, so a host can flush what it wrote. */
  onFrame?: (frame: RunFrame) => void;
  /** Aborting stops the run within one step: it rejects with an AbortError and leaves no tensor behind. */
  signal?: AbortSignal;
}

/** Whether `err` is the rejection of a run stopped through its `signal`. */
export function isAbortError(err: unknown): boolean {
  // Not `instanceof Error`: a DOMException is not one in every host.
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** The rejection of an aborted run: the signal's own reason when it is an AbortError, else a fresh one. */
export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (isAbortError(reason)) return reason as Error;
  const err = new Error('the run was aborted');
  err.name = 'AbortError';
  return err;
}

/**
 * Lets the host's event loop run (timers, I/O, stream flushes) between frames: a macrotask, since a resolved promise
 * would not let I/O through. Node's setImmediate skips the timer queue's 1 ms floor; elsewhere (workerd, browsers) a
 * zero timer is the macrotask every host has.
 */
export function yieldToHost(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
