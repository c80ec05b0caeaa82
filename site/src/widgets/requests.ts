/**
 * Widget state → engine/API params. The bake (Node, engine in-process) and the widgets (browser, over HTTP) use the
 * same functions, so the baked default figure and a live re-run of the same state ask for exactly the same thing.
 */
import { MAX_CHECKPOINTS } from '../../../src/train/schedule.ts';
import {
  inapplicableKeys,
  NORM_RUN,
  type NORM_STATE,
  NORM_VARIANTS,
  type PHASE_STATE,
  RACE_STATE,
  RESIDUAL_RUN,
  type RESIDUAL_STATE,
  RESIDUAL_VARIANTS,
  SAMPLER_STATE,
  SIGNAL_STATE,
  type State,
  type StateTable,
  type StateValue,
  SWEEP_DEPTHS,
  SWEEP_RUN,
  type SWEEP_STATE,
  type SYMMETRY_STATE,
} from './state.ts';

export type Query = Record<string, string | number | boolean | readonly string[] | readonly number[]>;

/** The fields of a state that say something: those that apply (their `when` holds) and are given (a list not empty). */
function given(table: StateTable, s: Record<string, StateValue>): Query {
  const skip = inapplicableKeys(table, s);
  return Object.fromEntries(
    Object.entries(s).filter(([k, v]) => !skip.has(k) && !(table[k].kind === 'ints' && (v as number[]).length === 0)),
  );
}

/** The sample's fields: a dense layer by its fans, a convolution by its channels and kernel (the API derives the fans). */
export function samplerRequest(s: State<typeof SAMPLER_STATE>): Query {
  const { layer: _layer, ...fields } = given(SAMPLER_STATE, s);
  return { ...fields, bins: 40 };
}

/**
 * Statistics at initialisation only: zero training steps, a 128-example batch (128 × width values per layer pin each
 * std down to a few per cent) and the smallest test set, since nothing is trained: a slider move has to answer fast.
 */
export function signalRequest(s: State<typeof SIGNAL_STATE>): Query {
  return { ...s, dataset: 'spiral', steps: 0, checkpointEvery: 0, histogramBins: 24, trainSize: 128, testSize: 16 };
}

/**
 * The signal request split into one compare per init. A compare's trials equal the single runs of its inits, so the
 * answers merge back into the full compare; meanwhile each curve appears as soon as its own run ends, and changing
 * the init list only runs the inits that were not cached yet.
 */
export function signalRequests(s: State<typeof SIGNAL_STATE>): Query[] {
  const q = signalRequest(s);
  return s.inits.map((init) => ({ ...q, inits: [init] }));
}

/** The depths a reader reaches next from `s` by nudging the slider (nearest first, within its range), to prefetch. */
export function signalNeighbours(s: State<typeof SIGNAL_STATE>): State<typeof SIGNAL_STATE>[] {
  const { min, max } = SIGNAL_STATE.depth;
  return [1, -1, 2, -2]
    .map((d) => s.depth + d)
    .filter((d) => d >= min && d <= max)
    .map((depth) => ({ ...s, depth }));
}

/**
 * About 40 logged steps for the curves, and as many checkpoints as the engine keeps (each one a decision boundary
 * for the timeline; statistics and boundaries at 8 checkpoints add about a fifth to the default race's estimated cost).
 */
export function raceRequest(s: State<typeof RACE_STATE>): Query {
  return {
    // Layer sizes when the reader gave them, else depth × width: the API refuses both at once.
    ...given(RACE_STATE, s),
    logEvery: Math.max(1, Math.round(s.steps / 40)),
    checkpointEvery: Math.max(1, Math.floor(s.steps / MAX_CHECKPOINTS)),
    histogramBins: 4,
  };
}

/**
 * One request per value of `field`, the rest of `base` the same: the compares a widget sets side by side. A value the
 * engine canonicalises away (its default, `none`) is left out of its request, so the query is the one the engine
 * echoes, and the API's cache key is the same as for a request that never named the field.
 */
export function acrossValues(base: Query, field: string, values: readonly (string | number)[], omit?: string): Query[] {
  return values.map((v) => (v === omit ? { ...base } : { ...base, [field]: v }));
}

/** The curves only (losses every 50 steps), no per-layer statistics after init: each depth is one final loss. */
export function sweepRequests(s: State<typeof SWEEP_STATE>): Query[] {
  const base = { ...s, ...SWEEP_RUN, logEvery: 50, checkpointEvery: 0, histogramBins: 4 };
  return acrossValues(base, 'depth', SWEEP_DEPTHS);
}

/** About 30 logged steps per curve and no checkpoints: the panels show losses, and a panel costs the less for it. */
const curveSchedule = (steps: number) => ({
  logEvery: Math.max(1, Math.round(steps / 30)),
  checkpointEvery: 0,
  histogramBins: 4,
});

/** The same race once per normalisation: without, with batch norm, with layer norm. */
export function normRequests(s: State<typeof NORM_STATE>): Query[] {
  const base = { ...s, ...NORM_RUN, ...curveSchedule(s.steps) };
  return acrossValues(base, 'norm', NORM_VARIANTS, 'none');
}

/** The residual MLP of `blocks` blocks once per branch scaling, each a compare of the one chosen init. */
export function residualRequests(s: State<typeof RESIDUAL_STATE>): Query[] {
  const { init, blocks, ...rest } = s;
  const base = { inits: [init], depth: blocks, ...rest, ...RESIDUAL_RUN, ...curveSchedule(s.steps) };
  return acrossValues(base, 'residualScale', RESIDUAL_VARIANTS, 'none');
}

/** A small tanh net with per-layer statistics every 20 steps, to watch the weights' spread across units. */
export function symmetryRequest(s: State<typeof SYMMETRY_STATE>): Query {
  return {
    ...s,
    dataset: 'circles',
    depth: 3,
    width: 16,
    logEvery: 10,
    checkpointEvery: 20,
    histogramBins: 4,
  };
}

export function phaseRequest(s: State<typeof PHASE_STATE>): Query {
  return { ...s };
}

/** A request as string fields (lists comma-joined): what the API's query and the engine's coercing normalisers take. */
export function toStrings(q: Query): Record<string, string> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

/** Query-string form of a request, as the API and the CLI's camelCase options expect. */
export function toSearch(q: Query): string {
  return new URLSearchParams(toStrings(q)).toString();
}
