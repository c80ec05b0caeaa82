/** What the bake computes: each widget's default state, and the few extra figures the article quotes. */
import { calculateGain, type SampleResult, STANDARD_INITS } from '../../src/index.ts';
import {
  phaseRequest,
  type Query,
  raceRequest,
  samplerRequest,
  signalRequest,
  sweepRequests,
  symmetryRequest,
  toStrings,
} from '../src/widgets/requests.ts';
import {
  defaults,
  PHASE_STATE,
  RACE_STATE,
  SAMPLER_STATE,
  SIGNAL_STATE,
  SWEEP_DEPTHS,
  SWEEP_STATE,
  SYMMETRY_STATE,
} from '../src/widgets/state.ts';
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

const samplerDefault = samplerRequest(defaults(SAMPLER_STATE));
const TABLE_FAN = 256;
const GAIN_ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'] as const;

export const BAKE_JOBS: BakeJob[] = [
  {
    name: 'gains',
    needs: [],
    params: GAIN_ACTIVATIONS,
    run: async () => Object.fromEntries(GAIN_ACTIVATIONS.map((a) => [a, calculateGain(a)])),
  },
  {
    name: 'sampler',
    needs: ['sampleInitializer'],
    params: samplerDefault,
    run: (e) => call(e, 'normaliseSampleParams', 'sampleInitializer', samplerDefault),
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
  {
    name: 'sweep',
    needs: ['runCompare'],
    params: sweepRequests(defaults(SWEEP_STATE)),
    run: async (e) => {
      const out = [];
      for (const q of sweepRequests(defaults(SWEEP_STATE)))
        out.push(await call(e, 'normaliseCompareParams', 'runCompare', q));
      return { depths: SWEEP_DEPTHS, compares: out };
    },
  },
  {
    name: 'phase',
    needs: ['theoryGrid'],
    params: phaseRequest(defaults(PHASE_STATE)),
    run: (e) => call(e, 'normaliseTheoryParams', 'theoryGrid', phaseRequest(defaults(PHASE_STATE))),
  },
  {
    // Minutes of CPU: committed, and rerun per experiment only when its sources change (bake-experiments.ts).
    name: 'experiments',
    needs: ['runExperiment'],
    params: {},
    committed: [EXPERIMENTS_FILE, EXPERIMENT_KEYS_FILE],
    run: () => bakeExperiments(BAKED_DIR, (line) => console.log(`[bake] ${line}`)),
  },
];
