/**
 * The phase diagram's measurement, assembled in the reader's Web Worker from training runs the API computes: each
 * run of the experiment is one compare, streamed from the API (so its progress shows as it trains, and the API caches
 * it under the very key its experiment route uses), and the engine's own analysis turns the runs done so far into the
 * grid, cell by cell. The result equals the API's experiment result; the training never runs in the browser.
 */
import * as engine from '../../../src/index.ts';
import type { CompareParams } from '../../../src/params/trial.ts';
import type { CompareResult } from '../../../src/result.ts';
import { fetchRun } from './api-stream.ts';
import { type Query, toSearch } from './requests.ts';
import { ApiUnavailable, abortError } from './run-types.ts';

export type MeasureEvent =
  | { type: 'progress'; now: number; max: number }
  /** The API asked to wait (its limit on one client's uncached runs): the next run starts in `seconds`. */
  | { type: 'wait'; seconds: number }
  /**
   * The experiment's series from the runs done so far, and its settings. `measured` mirrors the part of the series
   * the runs decide, true where the value no longer depends on a run still to come: for schoenholz2017 its
   * `trainable` grid (cell (σ_w² i, depth j) has its run), for others the whole series (yang2022: each sweep's losses).
   */
  | { type: 'cells'; series: Record<string, unknown> & { measured: unknown }; setup: Record<string, unknown> };

export interface MeasureHooks {
  signal: AbortSignal;
  onEvent: (e: MeasureEvent) => void;
}

/** The API may ask a long study to wait (its per-client limit on uncached runs, its load): this many times at most. */
const MAX_WAITS = 5;

async function cell(origin: string, run: CompareParams, hooks: MeasureHooks, onStep: (step: number) => void) {
  const { signal } = hooks;
  for (let wait = 0; ; wait++) {
    try {
      const emit = (e: { type: string; step?: number }) => e.type === 'frame' && onStep(e.step ?? 0);
      return (await fetchRun(origin, 'compare', run as unknown as Query, emit, signal)) as CompareResult;
    } catch (err) {
      const seconds = err instanceof ApiUnavailable ? err.retryAfter : undefined;
      if (seconds === undefined || wait >= MAX_WAITS) throw err;
      hooks.onEvent({ type: 'wait', seconds });
      await new Promise((r) => setTimeout(r, seconds * 1000));
      if (signal.aborted) throw abortError(signal);
    }
  }
}

/** A stand-in for a run not done yet, whose losses all sit at `loss` (a run that did not diverge). */
function standIn(like: CompareResult, loss: number): CompareResult {
  const t = like.trials[0];
  const trainLoss = t.trainLoss.map(() => loss);
  const trial = { ...t, trainLoss, diverged: false, divergedAtStep: null, final: { ...t.final, trainLoss: loss } };
  return { ...like, trials: [trial] };
}

/** Where two analyses agree, leaf by leaf, in the shape of the first: true where the pending runs do not matter. */
function agreement(a: unknown, b: unknown): unknown {
  if (Array.isArray(a)) return a.map((x, i) => agreement(x, (b as unknown[] | undefined)?.[i]));
  if (a !== null && typeof a === 'object') {
    const other = (b ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, agreement(v, other[k])]));
  }
  return a === b;
}

/**
 * The engine's analysis of the runs done so far. A cell whose run is not done yet is analysed twice, once as a run
 * that reached a zero loss and once as one stuck high: where the two verdicts differ, the cell is still to measure.
 */
async function cellsSoFar(
  name: engine.ExperimentName,
  params: Record<string, unknown>,
  done: Map<string, CompareResult>,
) {
  const definition = engine.experimentDefinition(name);
  const first = done.values().next().value as CompareResult;
  const analyse = async (loss: number) =>
    (
      await definition.run(params, {
        runCompare: async (p) => done.get(toSearch(p as unknown as Query)) ?? standIn(first, loss),
      })
    ).series as Record<string, unknown>;
  const [low, high] = [await analyse(0), await analyse(1e9)];
  const measured = 'trainable' in low ? agreement(low.trainable, high.trainable) : agreement(low, high);
  return { ...low, measured };
}

export async function measureExperiment(
  name: string,
  settings: Record<string, string>,
  origin: string,
  wasmBase: string,
  hooks: MeasureHooks,
): Promise<unknown> {
  await engine.initBackend({ wasmBase });
  if (!engine.isExperimentName(name)) throw new RangeError(`no experiment named ${name}`);
  const n = engine.normaliseExperimentParams(name, settings, true);
  if (!n.ok) throw new RangeError(n.errors.map((e) => e.message).join('; '));
  const runs = engine.experimentDefinition(name).runs(n.params);
  const max = runs.reduce((sum, r) => sum + r.steps, 0);
  const done = new Map<string, CompareResult>();
  let before = 0;
  for (const run of runs) {
    const onStep = (step: number) => hooks.onEvent({ type: 'progress', now: before + step, max });
    const result = await cell(origin, run, hooks, onStep);
    done.set(toSearch(run as unknown as Query), result);
    before += run.steps;
    hooks.onEvent({ type: 'progress', now: before, max });
    hooks.onEvent({ type: 'cells', series: await cellsSoFar(name, n.params, done), setup: n.params });
  }
  return engine.runExperiment(name, settings, {
    coerce: true,
    runCompare: async (p) => done.get(toSearch(p as unknown as Query)) as CompareResult,
  });
}
