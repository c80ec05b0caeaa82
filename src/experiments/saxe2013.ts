/**
 * Saxe, McClelland & Ganguli (2013), Fig. 6A: in deep linear nets, the number of steps to reach a training-loss
 * criterion (with the learning rate optimised separately for each depth) stays flat with depth when every layer
 * starts as a random orthogonal matrix, and grows with depth from scaled Gaussian N(0, 1/N) weights, whose product
 * has a singular-value spectrum that spreads with depth.
 */
import type { FieldTable } from '../params/index.ts';
import type { CompareResult } from '../result.ts';
import {
  checkPerSeed,
  compareParams,
  evidence,
  runPerSeed,
  runsPerSeed,
  SEED_FIELDS,
  SEEDS_FIELD,
  type Settings,
  stepsField,
  stepsToLoss,
  trialOf,
  withoutSeed,
} from './shared.ts';
import type { Evidence, ExperimentDefinition } from './types.ts';

const fields = {
  ...SEED_FIELDS,
  seeds: SEEDS_FIELD,
  steps: stepsField(300, 'SGD steps per run (the budget to reach the criterion)'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const ORTHOGONAL = 'orthogonal';
const GAUSSIAN = 'lecun_normal';
const INITS = [ORTHOGONAL, GAUSSIAN] as const;
type Init = (typeof INITS)[number];
const DEPTHS = [2, 4, 8, 16, 32];
/** The paper tried 20 rates per depth and kept the fastest; a coarser log grid keeps the run within budget. */
const LEARNING_RATES = [0.3, 0.1, 0.03, 0.01];
const DIM = 16;
/** "Nearly complete learning": the targets have unit variance, so this is 95% of it explained. */
const CRITERION = 0.05;
const FLAT_MAX = 1.5;
const GROWTH_MIN = 2;

function runsFor(p: Params, seed: number) {
  return DEPTHS.flatMap((depth) =>
    LEARNING_RATES.map((lr) =>
      compareParams({
        inits: [...INITS],
        depth,
        width: DIM,
        activation: 'linear',
        dataset: 'teacher',
        teacherDim: DIM,
        optimizer: 'sgd',
        lr,
        steps: p.steps,
        batchSize: 32,
        logEvery: 5,
        checkpointEvery: 0,
        targetLoss: CRITERION,
        seed,
      }),
    ),
  );
}

const allRuns = (p: Params) => runsPerSeed(p, (seed) => runsFor(p, seed));

interface Fastest {
  steps: number | null;
  lr: number | null;
}

/** Per depth, per init: the fewest steps to the criterion over the learning-rate grid, and the rate that did it. */
function fastestByDepth(results: readonly CompareResult[]): Record<Init, Fastest[]> {
  const out = { [ORTHOGONAL]: [], [GAUSSIAN]: [] } as Record<Init, Fastest[]>;
  DEPTHS.forEach((_, d) => {
    const atDepth = results.slice(d * LEARNING_RATES.length, (d + 1) * LEARNING_RATES.length);
    for (const init of INITS) {
      let best: Fastest = { steps: null, lr: null };
      for (const r of atDepth) {
        const s = stepsToLoss(trialOf(r, init), CRITERION);
        if (s !== null && (best.steps === null || s < best.steps)) best = { steps: s, lr: r.params.lr };
      }
      out[init].push(best);
    }
  });
  return out;
}

/** steps(deepest) / steps(shallowest). Never reaching the criterion at the deepest depth is unbounded growth. */
function growth(f: readonly Fastest[]): number | null {
  const first = f[0].steps;
  const last = f[f.length - 1].steps;
  if (first === null) return null;
  return last === null ? Number.POSITIVE_INFINITY : last / Math.max(first, 1);
}

function jsonSafe(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function seedItems(f: Record<Init, Fastest[]>): { flat: Evidence[]; grows: Evidence[] } {
  const span = `${DEPTHS[DEPTHS.length - 1]} / ${DEPTHS[0]} hidden layers`;
  const g = growth(f[GAUSSIAN]);
  return {
    flat: [evidence(`orthogonal: steps to criterion, ${span}`, jsonSafe(growth(f[ORTHOGONAL])), '<=', FLAT_MAX)],
    // null here means "never reached at the deepest depth" when the shallow net did: the strongest growth.
    grows: [evidence(`scaled Gaussian: steps to criterion, ${span}`, jsonSafe(g), '>=', GROWTH_MIN, g === Infinity)],
  };
}

export const saxe2013: ExperimentDefinition<Params> = {
  name: 'saxe2013',
  paper: {
    authors: 'Andrew M. Saxe, James L. McClelland, Surya Ganguli',
    year: 2013,
    title: 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
    where: 'Section 3, Fig. 6A (learning time vs. depth)',
    url: 'https://arxiv.org/abs/1312.6120',
  },
  claim:
    'In deep linear networks, the number of steps to reach a training-loss criterion stays nearly flat with depth for random orthogonal init and grows with depth for scaled Gaussian init.',
  criteria: [
    `Deep linear nets of width ${DIM} on the teacher task (${DIM}-d Gaussian inputs, targets a random depth-3 linear map of unit variance), MSE, SGD, batch 32; hidden layers ${DEPTHS.join(', ')}.`,
    `Time to criterion = the first logged step with train loss ≤ ${CRITERION}, minimised over learning rates ${LEARNING_RATES.join(', ')} separately for each depth and init (the paper optimised the rate per depth).`,
    `orthogonal-flat: orthogonal init's time to criterion at ${DEPTHS[DEPTHS.length - 1]} hidden layers is ≤ ${FLAT_MAX}× that at ${DEPTHS[0]}.`,
    `gaussian-grows: scaled Gaussian N(0, 1/N) init's ratio is ≥ ${GROWTH_MIN} (never reaching the criterion at the deepest depth within the run counts as growth).`,
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when both do.',
  ],
  history: [],
  fields,
  runs: (p) => allRuns(p),
  async run(p, ctx) {
    const { seeds, bySeed } = await runPerSeed(p, (seed) => runsFor(p, seed), ctx);
    const fastest = bySeed.map(fastestByDepth);
    const items = fastest.map(seedItems);
    return {
      setup: {
        depths: DEPTHS,
        learningRates: LEARNING_RATES,
        criterionLoss: CRITERION,
        run: withoutSeed(runsFor(p, p.seed)[0]),
        seedList: seeds,
      },
      checks: [
        checkPerSeed(
          'orthogonal-flat',
          'With orthogonal init, time to criterion stays nearly flat with depth.',
          items.map((it, i) => ({ seed: seeds[i], items: it.flat })),
        ),
        checkPerSeed(
          'gaussian-grows',
          'With scaled Gaussian init, time to criterion grows with depth.',
          items.map((it, i) => ({ seed: seeds[i], items: it.grows })),
        ),
      ],
      series: {
        depths: DEPTHS,
        criterionLoss: CRITERION,
        stepsToCriterion: fastest.map((f, i) => ({
          seed: seeds[i],
          orthogonal: f[ORTHOGONAL].map((x) => x.steps),
          gaussian: f[GAUSSIAN].map((x) => x.steps),
          bestLr: { orthogonal: f[ORTHOGONAL].map((x) => x.lr), gaussian: f[GAUSSIAN].map((x) => x.lr) },
        })),
      },
    };
  },
};
