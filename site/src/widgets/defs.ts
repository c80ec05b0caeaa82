/** The widgets: each one's state table, how a state becomes requests, and how results become a figure. */
import type { CompareResult, SampleResult } from '../../../src/result.ts';
import type { Kind } from './engine-client.ts';
import type { LabelKey, Lang } from './labels.ts';
import {
  phaseRequest,
  type Query,
  raceRequest,
  samplerRequest,
  signalNeighbours,
  signalRequests,
  sweepRequests,
  symmetryRequest,
} from './requests.ts';
import {
  PHASE_STATE,
  RACE_STATE,
  SAMPLER_STATE,
  SIGNAL_STATE,
  type State,
  type StateTable,
  SWEEP_STATE,
  SYMMETRY_STATE,
} from './state.ts';
import {
  compareCsv,
  layersCsv,
  raceView,
  type SweepResult,
  samplerView,
  signalView,
  sweepView,
  toCsv,
} from './views.ts';
import { phaseView, symmetryView, type TheoryResult } from './views-more.ts';

export interface WidgetDef {
  name: string;
  title: LabelKey;
  table: StateTable;
  /** Requests for a state, run in order; `combine` folds the answers so far into one result (progressive fill). */
  requests: (state: Record<string, unknown>) => { kind: Kind; query: Query }[];
  combine: (answers: unknown[], state: Record<string, unknown>) => unknown;
  view: (result: never, lang: Lang) => string;
  csv: (result: never) => string;
  /** Inits whose equivalent framework code the widget offers. */
  codeInits: (state: Record<string, unknown>) => string[];
  /** States a reader is likely to pick next, prefetched once the controls have focus so a nudge answers at once. */
  neighbours?: (state: Record<string, unknown>) => Record<string, unknown>[];
}

/** Compares of disjoint init lists on the same params, merged into the compare of all their inits. */
export function mergeCompares(answers: readonly CompareResult[]): CompareResult {
  return {
    params: { ...answers[0].params, inits: answers.flatMap((a) => a.params.inits) },
    trials: answers.flatMap((a) => a.trials),
    timing: { ms: answers.reduce((sum, a) => sum + a.timing.ms, 0) },
  };
}

const single = (answers: unknown[]) => answers[0];
type S<T extends StateTable> = State<T>;

export const WIDGETS: Record<string, WidgetDef> = {
  sampler: {
    name: 'sampler',
    title: 'samplerTitle',
    table: SAMPLER_STATE,
    requests: (s) => [{ kind: 'sample', query: samplerRequest(s as S<typeof SAMPLER_STATE>) }],
    combine: single,
    view: (r: SampleResult, lang) => samplerView(r, lang),
    csv: (r: SampleResult) =>
      toCsv(
        r.histogram.counts.map((count, i) => ({
          binStart: r.histogram.edges[i],
          binEnd: r.histogram.edges[i + 1],
          count,
        })),
      ),
    codeInits: (s) => [String(s.init)],
  },
  signal: {
    name: 'signal',
    title: 'signalTitle',
    table: SIGNAL_STATE,
    requests: (s) => signalRequests(s as S<typeof SIGNAL_STATE>).map((query) => ({ kind: 'compare' as const, query })),
    combine: (answers) => mergeCompares(answers as CompareResult[]),
    view: (r: CompareResult, lang) => signalView(r, lang),
    csv: (r: CompareResult) => layersCsv(r),
    codeInits: (s) => [...(s.inits as string[])],
    neighbours: (s) => signalNeighbours(s as S<typeof SIGNAL_STATE>),
  },
  race: {
    name: 'race',
    title: 'raceTitle',
    table: RACE_STATE,
    requests: (s) => [{ kind: 'compare', query: raceRequest(s as S<typeof RACE_STATE>) }],
    combine: single,
    view: (r: CompareResult, lang) => raceView(r, lang),
    csv: (r: CompareResult) => compareCsv(r),
    codeInits: (s) => [...(s.inits as string[])],
  },
  sweep: {
    name: 'sweep',
    title: 'sweepTitle',
    table: SWEEP_STATE,
    requests: (s) => sweepRequests(s as S<typeof SWEEP_STATE>).map((query) => ({ kind: 'compare' as const, query })),
    combine: (answers, s) => ({
      depths: sweepRequests(s as S<typeof SWEEP_STATE>).map((q) => q.depth as number),
      compares: answers,
    }),
    view: (r: SweepResult, lang) => sweepView(r, lang),
    csv: (r: SweepResult) =>
      toCsv(
        r.compares.flatMap((c, i) =>
          (c?.trials ?? []).map((t) => ({
            depth: r.depths[i],
            init: t.params.init,
            finalTrainLoss: t.final.trainLoss,
            diverged: String(t.diverged),
          })),
        ),
      ),
    codeInits: (s) => [...(s.inits as string[])],
  },
  symmetry: {
    name: 'symmetry',
    title: 'symmetryTitle',
    table: SYMMETRY_STATE,
    requests: (s) => [{ kind: 'compare', query: symmetryRequest(s as S<typeof SYMMETRY_STATE>) }],
    combine: single,
    view: (r: CompareResult, lang) => symmetryView(r, lang),
    csv: (r: CompareResult) => compareCsv(r),
    codeInits: (s) => [...(s.inits as string[])],
  },
  phase: {
    name: 'phase',
    title: 'phaseTitle',
    table: PHASE_STATE,
    requests: (s) => [{ kind: 'theory', query: phaseRequest(s as S<typeof PHASE_STATE>) }],
    combine: single,
    view: (r: TheoryResult, lang) => phaseView(r, lang),
    csv: (r: TheoryResult) =>
      toCsv(
        r.sigmaB2.flatMap((b, j) =>
          r.sigmaW2.map((w, i) => ({
            sigmaW2: w,
            sigmaB2: b,
            xiC: r.xiCInfinite[j][i] ? 'Infinity' : r.xiC[j][i],
            phase: r.phase[j][i],
          })),
        ),
      ),
    codeInits: () => [],
  },
};
