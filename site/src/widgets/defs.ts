/**
 * The widgets: each one's state table, how a state becomes requests, how results become a figure, and the hooks
 * through which a widget adds its own behaviour (a timeline, extra buttons, code) to the element all share.
 */
import type { CompareResult, SampleResult } from '../../../src/result.ts';
import type { WidgetHost } from './host.ts';
import type { LabelKey, Lang } from './labels.ts';
import { raceView } from './race-view.ts';
import {
  normRequests,
  phaseRequest,
  type Query,
  raceRequest,
  residualRequests,
  samplerRequest,
  signalNeighbours,
  signalRequest,
  signalRequests,
  sweepRequests,
  symmetryRequest,
} from './requests.ts';
import type { Kind, UserCsv } from './run-types.ts';
import { compareAt, loggedSteps } from './snapshot.ts';
import {
  followOptimizer,
  NORM_STATE,
  NORM_VARIANTS,
  PHASE_STATE,
  RACE_STATE,
  RESIDUAL_STATE,
  RESIDUAL_VARIANTS,
  SAMPLER_STATE,
  SIGNAL_STATE,
  type State,
  type StateTable,
  type StateValue,
  SWEEP_STATE,
  SYMMETRY_STATE,
  WIDTH_STATE,
} from './state.ts';
import { addTrainabilityButton } from './trainability-button.ts';
import { combineVariants, curvesView, panelsView, type VariantsResult, variantsCsv } from './variants.ts';
import { compareCsv, layersCsv, type SweepResult, samplerView, signalView, sweepView, toCsv } from './views.ts';
import { phaseView, symmetryView, type TheoryResult } from './views-more.ts';
import {
  WIDTH_EXPERIMENT,
  type WidthFigure,
  widthCsv,
  widthFromExperiment,
  widthSettings,
  widthView,
} from './width-transfer.ts';

type AnyState = Record<string, StateValue>;

export interface WidgetDef {
  name: string;
  title: LabelKey;
  table: StateTable;
  /**
   * Requests for a state; `combine` folds the answers so far into one result (progressive fill): finished answers,
   * and for a request still running, its compare so far (built from its frames).
   */
  requests: (state: AnyState) => { kind: Kind; query: Query }[];
  combine: (answers: unknown[], state: AnyState) => unknown;
  view: (result: never, lang: Lang) => string;
  csv: (result: never) => string;
  /** The framework code equivalent to the state (`origin`: the API's, for the reproducing URL). */
  code?: (state: AnyState, origin: string, data?: UserCsv) => Promise<string>;
  /** States a reader is likely to pick next, prefetched once the controls have focus so a nudge answers at once. */
  neighbours?: (state: AnyState) => AnyState[];
  /** The state after the reader changed a control, when one setting follows another. */
  adjust?: (prev: AnyState, next: AnyState) => AnyState;
  /** A timeline over a finished result: its logged steps, and the figure after one of them. */
  timeline?: { steps: (result: never) => readonly number[]; at: (result: never, step: number) => unknown };
  /** Adds the widget's own controls beside the actions bar. */
  mount?: (host: WidgetHost, actions: Element) => void;
  /** Trains on the reader's own CSV too: a file picker among the controls (csv-picker.ts). */
  userData?: boolean;
  /**
   * The figure is one of the engine's experiments (its one request, kind `experiment`), measured run by run through
   * the API (live-experiment.ts); `figure` draws its result, or its series so far while it is assembled.
   */
  experiment?: { figure: (result: unknown, source: 'live' | 'partial') => unknown };
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
/** The code text is built only when the reader opens the panel. */
const codeText = () => import('./code-text.ts');
/** Each init's code for the hidden layers of a request. */
const codeFor = async (q: Query, s: AnyState) => (await codeText()).hiddenLayersCode(q.inits as string[], s, q);

/**
 * A widget that sets one compare beside itself with `field` changed (variants.ts): a request per value, the answers
 * under their values, a CSV of every curve, and code that adds what `extra` writes to the inits' and the training's.
 */
function variantsDef(o: {
  name: string;
  title: LabelKey;
  table: StateTable;
  field: string;
  values: readonly string[];
  queries: (s: AnyState) => Query[];
  view: (r: VariantsResult, lang: Lang) => string;
  extra: (s: AnyState, c: typeof import('./code-text.ts')) => string;
}): WidgetDef {
  return {
    name: o.name,
    title: o.title,
    table: o.table,
    requests: (s) => o.queries(s).map((query) => ({ kind: 'compare' as const, query })),
    combine: (answers) => combineVariants(o.field, o.values, answers),
    view: o.view,
    csv: variantsCsv,
    code: async (s, origin) => {
      const c = await codeText();
      const queries = o.queries(s);
      const named = queries.map((query, i) => ({ name: `${o.field}=${o.values[i]}`, query }));
      const q = queries[0];
      const training = { optimizer: String(q.optimizer), lr: Number(q.lr), batchSize: Number(q.batchSize) };
      const inits = await codeFor(q, s);
      return [inits, o.extra(s, c), c.variantsTrainingCode(training, named, origin)].join('\n\n');
    },
  };
}

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
    code: async (s) =>
      (await codeText()).initsCode(
        [String(s.init)],
        s,
        s.layer === 'conv2d'
          ? {
              conv: {
                inChannels: Number(s.inChannels),
                outChannels: Number(s.outChannels),
                kernelSize: Number(s.kernelSize),
              },
            }
          : { fanIn: Number(s.fanIn), fanOut: Number(s.fanOut) },
      ),
  },
  signal: {
    name: 'signal',
    title: 'signalTitle',
    table: SIGNAL_STATE,
    requests: (s) => signalRequests(s as S<typeof SIGNAL_STATE>).map((query) => ({ kind: 'compare' as const, query })),
    combine: (answers) => mergeCompares(answers as CompareResult[]),
    view: (r: CompareResult, lang) => signalView(r, lang),
    csv: (r: CompareResult) => layersCsv(r),
    code: (s) => codeFor({ ...signalRequest(s as S<typeof SIGNAL_STATE>), inits: s.inits as string[] }, s),
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
    code: async (s, origin, data) => {
      const q = raceRequest(s as S<typeof RACE_STATE>);
      const training = (await codeText()).trainingCode(s as S<typeof RACE_STATE>, q, origin, data?.target);
      return `${await codeFor(q, s)}\n\n${training}`;
    },
    adjust: followOptimizer,
    userData: true,
    timeline: { steps: (r: CompareResult) => loggedSteps(r), at: (r: CompareResult, step) => compareAt(r, step) },
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
    code: (s) => codeFor(sweepRequests(s as S<typeof SWEEP_STATE>)[0], s),
  },
  symmetry: {
    name: 'symmetry',
    title: 'symmetryTitle',
    table: SYMMETRY_STATE,
    requests: (s) => [{ kind: 'compare', query: symmetryRequest(s as S<typeof SYMMETRY_STATE>) }],
    combine: single,
    view: (r: CompareResult, lang) => symmetryView(r, lang),
    csv: (r: CompareResult) => compareCsv(r),
    code: (s) => codeFor(symmetryRequest(s as S<typeof SYMMETRY_STATE>), s),
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
    mount: addTrainabilityButton,
  },
  norm: variantsDef({
    name: 'norm',
    title: 'normTitle',
    table: NORM_STATE,
    field: 'norm',
    values: NORM_VARIANTS,
    queries: (s) => normRequests(s as S<typeof NORM_STATE>),
    view: panelsView,
    extra: (_, c) => c.normLayersCode(),
  }),
  residual: variantsDef({
    name: 'residual',
    title: 'residualTitle',
    table: RESIDUAL_STATE,
    field: 'residualScale',
    values: RESIDUAL_VARIANTS,
    queries: (s) => residualRequests(s as S<typeof RESIDUAL_STATE>),
    view: curvesView,
    extra: (s, c) => c.residualScalesCode(Number(s.blocks)),
  }),
  width: {
    name: 'width',
    title: 'widthTitle',
    table: WIDTH_STATE,
    requests: (s) => [
      { kind: 'experiment', query: { name: WIDTH_EXPERIMENT, ...widthSettings(s as S<typeof WIDTH_STATE>) } },
    ],
    combine: single,
    view: (r: WidthFigure, lang) => widthView(r, lang),
    csv: (r: WidthFigure) => widthCsv(r),
    code: async (s, origin) => (await codeText()).muPCode(widthSettings(s as S<typeof WIDTH_STATE>), origin),
    experiment: { figure: (e, source) => widthFromExperiment(e as never, source) },
  },
};
