import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/** What the bake computes: each widget's default state, and the few extra figures the article quotes. */
import {
  type CompareResult,
  calculateGain,
  experimentDefinition,
  GAIN_TABLE_ACTIVATIONS,
  listExperiments,
  type SampleResult,
  STANDARD_INITS,
  secondMomentGain,
  type TrialResult,
} from '../../src/index.ts';
import {
  normRequests,
  phaseRequest,
  type Query,
  raceRequest,
  residualRequests,
  samplerRequest,
  signalRequest,
  sweepRequests,
  symmetryRequest,
  toStrings,
} from '../src/widgets/requests.ts';
import {
  defaults,
  NORM_STATE,
  NORM_VARIANTS,
  PHASE_STATE,
  RACE_STATE,
  RESIDUAL_STATE,
  RESIDUAL_VARIANTS,
  SAMPLER_STATE,
  SIGNAL_STATE,
  SWEEP_DEPTHS,
  SWEEP_STATE,
  SYMMETRY_STATE,
} from '../src/widgets/state.ts';
import { combineVariants } from '../src/widgets/variants.ts';
import { WIDTH_EXPERIMENT, widthFromExperiment } from '../src/widgets/width-transfer.ts';
import { BAKED_DIR } from './bake-cache.ts';
import { bakeExperiments, EXPERIMENT_KEYS_FILE, EXPERIMENTS_FILE } from './bake-experiments.ts';

type Engine = Record<string, unknown>;
type Fn = (params: unknown) => unknown;
export interface BakeJob {
  name: string;
  needs: string[];
  params: unknown;
  run: (engine: Engine) => Promise<unknown>;
  /**
   * Output files kept under version control: the job reads them back as its own finer-grained cache, so the bake
   * neither deletes them nor wraps the job in its per-engine cache.
   */
  committed?: string[];
}

/** Validate like the API does (coerced query form), then call the engine function. */
async function call(engine: Engine, normaliser: string, fn: string, query: Query): Promise<unknown> {
  const normalise = engine[normaliser] as (input: unknown, coerce: boolean) => unknown;
  const n = normalise(toStrings(query), true) as { ok: boolean; params?: unknown; errors?: unknown };
  if (!n.ok) throw new Error(`bake: invalid ${fn} params: ${JSON.stringify(n.errors)}`);
  return await (engine[fn] as Fn)(n.params);
}

function compareJob(name: string, query: Query): BakeJob {
  return {
    name,
    needs: ['runCompare'],
    params: query,
    run: (e) => call(e, 'normaliseCompareParams', 'runCompare', query),
  };
}

/** Several compares one after another (the engine is single-threaded), their results folded into the widget's shape. */
function comparesJob(name: string, queries: Query[], shape: (results: CompareResult[]) => unknown): BakeJob {
  return {
    name,
    needs: ['runCompare'],
    params: queries,
    run: async (e) => {
      const out: CompareResult[] = [];
      for (const q of queries) out.push((await call(e, 'normaliseCompareParams', 'runCompare', q)) as CompareResult);
      return shape(out);
    },
  };
}

const samplerDefault = samplerRequest(defaults(SAMPLER_STATE));
const TABLE_FAN = 256;
/** §3.12's second pitfall: trunc_normal_(w, std=0.02), the ViT/BERT idiom, against Keras' truncation at that σ. */
const torchTruncQuery = { ...samplerDefault, init: 'random_normal', std: 0.02, truncated: true };
/** §3.12's convolution: a 3×3 layer from 64 to 128 channels, as the sampler's conv2d setting asks for it. */
const convQuery = samplerRequest({
  ...defaults(SAMPLER_STATE),
  layer: 'conv2d',
  inChannels: 64,
  outChannels: 128,
  kernelSize: 3,
});
/**
 * glorot2010's first tanh run (seed 1, at init) as the experiment makes it, with the paper's zero-bias standard init
 * beside PyTorch's: weights U(±1/√n) with zero biases is random_uniform at limit 1/√width.
 */
function glorotBiasQuery(): Record<string, unknown> {
  const glorot = experimentDefinition('glorot2010');
  const defaults = listExperiments().find((e) => e.name === 'glorot2010')?.defaults ?? {};
  const tanhRun = glorot.runs(defaults).find((r) => r.activation === 'tanh');
  if (!tanhRun) throw new Error('bake: glorot2010 has no tanh run');
  return { ...tanhRun, inits: ['pytorch_default', 'random_uniform'], limit: 1 / Math.sqrt(tanhRun.width) };
}
const GLOROT_BIAS_QUERY = glorotBiasQuery();

/** The two ratios glorot2010 decides on: activation std top / bottom hidden layer, gradient std max / min. */
function hiddenSpreads(t: TrialResult) {
  const hidden = t.layers.slice(0, -1);
  const acts = hidden.map((l) => l.atInit.actStd ?? Number.NaN);
  const grads = hidden.map((l) => l.atInit.backGradStd ?? Number.NaN);
  return { actTopOverBottom: acts[acts.length - 1] / acts[0], gradMaxOverMin: Math.max(...grads) / Math.min(...grads) };
}

/** He normal ReLU nets as in the signal widget (its default is depth 30, width 64), each drawn with 8 seeds. */
const FLUCTUATION_CONFIGS = [
  { depth: 5, width: 64 },
  { depth: 30, width: 16 },
  { depth: 30, width: 64 },
  { depth: 30, width: 256 },
];
const FLUCTUATION_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** The last hidden layer's activation std across seeds: its mean, the sample std, and their ratio (the CV). */
function spreadAcrossSeeds(values: readonly number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return { values, mean, sd, cv: sd / mean, min: Math.min(...values), max: Math.max(...values) };
}

/** Mean-field points of tanh the article quotes: PyTorch's gain² = (5/3)², and the critical point without biases. */
const MEANFIELD_POINTS = {
  pytorchTanh: { sigmaW2: calculateGain('tanh') ** 2, sigmaB2: 0 },
  criticalNoBias: { sigmaW2: 1, sigmaB2: 0 },
};
/** calculate_gain's activations (PyTorch's, the engine's `gain=auto`); the second-moment gain covers GELU and SiLU too. */
const GAIN_ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'] as const;

export const BAKE_JOBS: BakeJob[] = [
  {
    name: 'gains',
    needs: [],
    params: { calculateGain: GAIN_ACTIVATIONS, secondMoment: GAIN_TABLE_ACTIVATIONS },
    run: async () => ({
      calculateGain: Object.fromEntries(GAIN_ACTIVATIONS.map((a) => [a, calculateGain(a)])),
      secondMoment: Object.fromEntries(GAIN_TABLE_ACTIVATIONS.map((a) => [a, secondMomentGain(a)])),
    }),
  },
  {
    name: 'sampler',
    needs: ['sampleInitializer'],
    params: samplerDefault,
    run: (e) => call(e, 'normaliseSampleParams', 'sampleInitializer', samplerDefault),
  },
  {
    name: 'torchTrunc',
    needs: ['sampleInitializer'],
    params: torchTruncQuery,
    run: (e) => call(e, 'normaliseSampleParams', 'sampleInitializer', torchTruncQuery),
  },
  {
    name: 'convSample',
    needs: ['sampleInitializer'],
    params: convQuery,
    run: (e) => call(e, 'normaliseSampleParams', 'sampleInitializer', convQuery),
  },
  {
    name: 'samples',
    needs: ['sampleInitializer'],
    params: { inits: STANDARD_INITS, fan: TABLE_FAN },
    run: async (e) => {
      const rows: Record<string, unknown> = {};
      for (const init of STANDARD_INITS) {
        const q = { ...samplerDefault, init, fanIn: TABLE_FAN, fanOut: TABLE_FAN };
        const r = (await call(e, 'normaliseSampleParams', 'sampleInitializer', q)) as SampleResult;
        const tfjsStd = r.tfjsBuiltin?.std ?? null;
        rows[init] = {
          std: r.std,
          expectedStd: r.expectedStd,
          tfjsStd,
          tfjsRatio: r.tfjsBuiltin?.stdRatio ?? null,
        };
      }
      return { fanIn: TABLE_FAN, fanOut: TABLE_FAN, rows };
    },
  },
  compareJob('signal', signalRequest(defaults(SIGNAL_STATE))),
  compareJob('race', raceRequest(defaults(RACE_STATE))),
  compareJob('symmetry', symmetryRequest(defaults(SYMMETRY_STATE))),
  comparesJob('sweep', sweepRequests(defaults(SWEEP_STATE)), (compares) => ({ depths: SWEEP_DEPTHS, compares })),
  comparesJob('norm', normRequests(defaults(NORM_STATE)), (c) => combineVariants('norm', NORM_VARIANTS, c)),
  comparesJob('residual', residualRequests(defaults(RESIDUAL_STATE)), (c) =>
    combineVariants('residualScale', RESIDUAL_VARIANTS, c),
  ),
  {
    name: 'phase',
    needs: ['theoryGrid'],
    params: phaseRequest(defaults(PHASE_STATE)),
    run: (e) => call(e, 'normaliseTheoryParams', 'theoryGrid', phaseRequest(defaults(PHASE_STATE))),
  },
  {
    // §3.11 quotes these: PyTorch's tanh gain 5/3 as σ_w² = 25/9 without biases, and the degenerate critical point.
    name: 'meanfield',
    needs: ['meanFieldPoint'],
    params: MEANFIELD_POINTS,
    run: async (e) => {
      const point = e.meanFieldPoint as (activation: string, sigmaW2: number, sigmaB2: number) => unknown;
      return Object.fromEntries(
        Object.entries(MEANFIELD_POINTS).map(([k, { sigmaW2, sigmaB2 }]) => [k, point('tanh', sigmaW2, sigmaB2)]),
      );
    },
  },
  {
    // §3.15: glorot2010's "standard" init is PyTorch's, biases U(±1/√n); the paper's had zero biases. This is the
    // same tanh net at init with the paper's setting beside it (weights U(±1/√n), zero biases: random_uniform).
    name: 'glorotBias',
    needs: ['runCompare'],
    params: GLOROT_BIAS_QUERY,
    run: async (e) => {
      const run = e.runCompare as (params: unknown) => Promise<CompareResult>;
      const n = (e.normaliseCompareParams as (input: unknown) => { ok: boolean; params?: unknown })(GLOROT_BIAS_QUERY);
      if (!n.ok) throw new Error('bake: invalid glorotBias params');
      const r = await run(n.params);
      return Object.fromEntries(r.trials.map((t) => [t.params.init, hiddenSpreads(t)]));
    },
  },
  {
    // §3.16: how much the signal widget's net varies from one random draw to the next, by depth and width.
    name: 'fluctuations',
    needs: ['runCompare'],
    params: { configs: FLUCTUATION_CONFIGS, seeds: FLUCTUATION_SEEDS },
    run: async (e) => {
      const out = [];
      for (const { depth, width } of FLUCTUATION_CONFIGS) {
        const stds: number[] = [];
        for (const seed of FLUCTUATION_SEEDS) {
          const q = { ...signalRequest({ ...defaults(SIGNAL_STATE), depth, width, seed }), inits: ['he_normal'] };
          const r = (await call(e, 'normaliseCompareParams', 'runCompare', q)) as CompareResult;
          const std = r.trials[0].layers[depth - 1].atInit.actStd;
          if (std === null) throw new Error(`bake: no activation std at depth ${depth}, seed ${seed}`);
          stds.push(std);
        }
        out.push({ depth, width, ...spreadAcrossSeeds(stds) });
      }
      return { seeds: FLUCTUATION_SEEDS.length, configs: out };
    },
  },
  {
    // Minutes of CPU: committed, and rerun per experiment only when its sources change (bake-experiments.ts).
    name: 'experiments',
    needs: ['runExperiment'],
    params: {},
    committed: [EXPERIMENTS_FILE, EXPERIMENT_KEYS_FILE],
    run: () => bakeExperiments(BAKED_DIR, (line) => console.log(`[bake] ${line}`)),
  },
  {
    // The width-transfer widget's default is the yang2022 experiment at its own settings: its figure, read from the
    // experiments bake just above rather than run again.
    name: 'width',
    needs: ['runExperiment'],
    // A getter, read when the job runs: after the job above, which may have re-run yang2022 and so re-keyed it.
    get params() {
      return storedExperiment<unknown>(EXPERIMENT_KEYS_FILE);
    },
    run: async () => {
      const figure = widthFromExperiment(storedExperiment(EXPERIMENTS_FILE), 'baked');
      if (!figure) throw new Error(`bake: ${EXPERIMENTS_FILE} has no ${WIDTH_EXPERIMENT} series`);
      return figure;
    },
  },
];

/** The width widget's experiment in one of the experiments bake's committed files. */
function storedExperiment<T>(file: string): T {
  return JSON.parse(readFileSync(join(BAKED_DIR, file), 'utf8'))[WIDTH_EXPERIMENT] as T;
}
