/**
 * Yang et al. (2022), Tensor Programs V: under the standard parametrisation the learning rate that trains a net best
 * depends on its width, so a rate tuned on a narrow model is wrong for a wide one; under μP (per-layer init and
 * learning-rate scaling with width, relative to a base model) the best rate stays put, and wider is better at it.
 * Measured as the paper's Figure 3 does for MLPs: train loss after a fixed budget against log₂ of the learning rate,
 * one curve per width, SP and μP side by side.
 */
import type { CompareParams, FieldTable } from '../params/index.ts';
import type { CompareResult } from '../result.ts';
import {
  checkPerSeed,
  compareParams,
  evidence,
  finalLoss,
  fmt,
  runPerSeed,
  runsPerSeed,
  SEED_FIELDS,
  SEEDS_FIELD,
  type Settings,
  stepsField,
  trialOf,
  withoutSeed,
} from './shared.ts';
import type { Evidence, ExperimentDefinition } from './types.ts';

const BASE_WIDTH = 64;

const fields = {
  ...SEED_FIELDS,
  seeds: SEEDS_FIELD,
  doublings: {
    kind: 'int',
    min: 1,
    max: 3,
    default: 3,
    doc: `widths ${BASE_WIDTH}·2^k for k = 0 … doublings (3: up to 512, the engine's widest layer)`,
  },
  steps: stepsField(200, 'SGD steps at each learning rate'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const INIT = 'he_normal';
/** log₂ of the learning rates tried: 2⁻⁷ … 2¹, one grid step = a factor of 2. */
const LOG2_LRS = [-7, -6, -5, -4, -3, -2, -1, 0, 1] as const;
const PARAMETRIZATIONS = ['sp', 'mup'] as const;
type ParametrizationKey = (typeof PARAMETRIZATIONS)[number];

function widthsOf(p: Params): number[] {
  return Array.from({ length: p.doublings + 1 }, (_, k) => BASE_WIDTH * 2 ** k);
}

function runOf(seed: number, steps: number, param: ParametrizationKey, width: number, log2Lr: number): CompareParams {
  return compareParams({
    inits: [INIT],
    model: 'mlp',
    depth: 2,
    width,
    activation: 'relu',
    dataset: 'mnist',
    trainSize: 1000,
    optimizer: 'sgd',
    lr: 2 ** log2Lr,
    batchSize: 64,
    steps,
    logEvery: 50,
    checkpointEvery: 0,
    seed,
    ...(param === 'mup' ? { parametrization: 'mup', baseWidth: BASE_WIDTH } : {}),
  });
}

/** One seed's runs: per parametrisation, per width, the whole learning-rate grid. */
const runsOf = (p: Params, seed: number) =>
  PARAMETRIZATIONS.flatMap((param) =>
    widthsOf(p).flatMap((w) => LOG2_LRS.map((lr) => runOf(seed, p.steps, param, w, lr))),
  );
const allRuns = (p: Params) => runsPerSeed(p, (seed) => runsOf(p, seed));

/** One width's sweep: the final train loss at each rate (null: diverged) and where it is lowest. */
interface Sweep {
  width: number;
  losses: (number | null)[];
  /** Index into LOG2_LRS of the lowest final loss (ties: the smaller rate); null if every rate diverged. */
  best: number | null;
  bestLoss: number | null;
}

function sweepOf(width: number, results: readonly CompareResult[]): Sweep {
  const losses = results.map((r) => finalLoss(trialOf(r, INIT)));
  let best: number | null = null;
  losses.forEach((loss, i) => {
    if (loss !== null && (best === null || loss < (losses[best] as number))) best = i;
  });
  return { width, losses, best, bestLoss: best === null ? null : losses[best] };
}

type BySeed = Record<ParametrizationKey, Sweep[]>;

/** How many grid steps the optimum moves across the widths (max − min of its index); null if a width has none. */
function optimumRange(sweeps: readonly Sweep[]): number | null {
  const at = sweeps.map((s) => s.best);
  if (at.some((b) => b === null)) return null;
  const idx = at as number[];
  return Math.max(...idx) - Math.min(...idx);
}

function spItems(s: BySeed): Evidence[] {
  return [evidence('SP: grid steps the best learning rate moves across the widths', optimumRange(s.sp), '>=', 2)];
}

function mupStaysItems(s: BySeed): Evidence[] {
  const last = LOG2_LRS.length - 1;
  const interior = s.mup.filter((w) => w.best !== null && w.best > 0 && w.best < last).length;
  return [
    evidence('μP: grid steps the best learning rate moves across the widths', optimumRange(s.mup), '<=', 1),
    evidence('μP: widths whose best rate lies inside the grid (not at its ends)', interior, '>=', s.mup.length),
  ];
}

function mupImprovesItems(s: BySeed): Evidence[] {
  const narrow = s.mup[0].bestLoss;
  const wide = s.mup[s.mup.length - 1].bestLoss;
  const gain = narrow === null || wide === null ? null : narrow - wide;
  return [evidence('μP: best final train loss at the narrowest width minus at the widest', gain, '>', 0)];
}

function optimaRemark(bySeed: readonly BySeed[], seeds: readonly number[]): string {
  const at = (s: Sweep) => (s.best === null ? 'none' : `2^${LOG2_LRS[s.best]} (loss ${fmt(s.bestLoss)})`);
  const rows = bySeed.map((r, i) => {
    const part = (k: ParametrizationKey) => r[k].map((s) => `${s.width}: ${at(s)}`).join(', ');
    return `seed ${seeds[i]} — SP ${part('sp')}; μP ${part('mup')}`;
  });
  return `Best learning rate per width: ${rows.join('. ')}.`;
}

export const yang2022: ExperimentDefinition<Params> = {
  name: 'yang2022',
  paper: {
    authors:
      'Greg Yang, Edward J. Hu, Igor Babuschkin, Szymon Sidor, Xiaodong Liu, David Farhi, Nick Ryder, Jakub Pachocki, Weizhu Chen, Jianfeng Gao',
    year: 2022,
    title: 'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer',
    where: 'Figure 3 (MLPs trained with SGD: train loss against learning rate per width, SP and μP) and Table 3',
    url: 'https://arxiv.org/abs/2203.03466',
  },
  claim:
    'Under the standard parametrisation the learning rate that trains an MLP best moves as the MLP is widened; under μP it stays put, and the wider net trains better at it.',
  criteria: [
    `ReLU MLPs with 2 hidden layers on MNIST (14×14, all 1000 training digits), He normal init, SGD with batch 64 for a fixed number of steps; widths ${BASE_WIDTH}·2^k up to 512 (the engine's widest layer). SP: one learning rate for every parameter. μP: Table 3's init and learning-rate factors relative to a base width of ${BASE_WIDTH} (equal to SP there). Learning rates 2⁻⁷ … 2¹, a log₂ grid; the measure is the final train loss, a diverged run counts as worst; the best rate of a width is the one with the lowest loss (ties: the smaller rate).`,
    'sp-moves: under SP, the best rates of the widths span at least 2 grid steps (a factor of 4).',
    'mup-stays: under μP, the best rates of the widths span at most 1 grid step, and each lies inside the grid (not at 2⁻⁷ or 2¹).',
    'mup-improves: under μP, the best final train loss of the widest net is lower than the narrowest net’s.',
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when all three do.',
  ],
  history: [],
  fields,
  runs: allRuns,
  async run(p, ctx) {
    const { seeds, runs: list, bySeed: results } = await runPerSeed(p, (seed) => runsOf(p, seed), ctx);
    const widths = widthsOf(p);
    const perParam = widths.length * LOG2_LRS.length;
    const bySeed: BySeed[] = results.map((block) => {
      const sweeps = (k: number) =>
        widths.map((w, wi) => {
          const from = k * perParam + wi * LOG2_LRS.length;
          return sweepOf(w, block.slice(from, from + LOG2_LRS.length));
        });
      return { sp: sweeps(0), mup: sweeps(1) };
    });
    const check = (id: string, statement: string, items: (s: BySeed) => Evidence[]) =>
      checkPerSeed(
        id,
        statement,
        bySeed.map((r, i) => ({ seed: seeds[i], items: items(r) })),
      );
    return {
      setup: {
        widths,
        baseWidth: BASE_WIDTH,
        log2LearningRates: [...LOG2_LRS],
        parametrizations: [...PARAMETRIZATIONS],
        run: withoutSeed(list[0]),
        seedList: seeds,
      },
      checks: [
        check('sp-moves', `Under SP, the best learning rate moves across widths ${widths.join(', ')}.`, spItems),
        check('mup-stays', 'Under μP, it stays within one grid step, inside the grid.', mupStaysItems),
        check('mup-improves', 'Under μP, the widest net trains better at its best rate.', mupImprovesItems),
      ],
      note: optimaRemark(bySeed, seeds),
      series: {
        seed: seeds[0],
        log2LearningRates: [...LOG2_LRS],
        sweeps: Object.fromEntries(
          PARAMETRIZATIONS.map((k) => [
            k,
            bySeed[0][k].map((s) => ({
              width: s.width,
              finalTrainLoss: s.losses,
              best: s.best === null ? null : LOG2_LRS[s.best],
            })),
          ]),
        ),
      },
    };
  },
};
