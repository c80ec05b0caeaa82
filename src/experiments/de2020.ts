/**
 * De & Smith (2020): batch normalisation makes a deep residual network trainable by shrinking each residual branch
 * relative to the skip path, so that every block starts close to the identity. SkipInit does that without
 * normalisation — a learnable scalar at the end of each branch, initialised to 0 — and trains the same deep net
 * without batch normalisation, where plain He branches fail.
 */
import type { CompareParams, FieldTable } from '../params/index.ts';
import type { CompareResult } from '../result.ts';
import {
  checkPerSeed,
  compareParams,
  divergenceRemark,
  evidence,
  finalLoss,
  flag,
  lrField,
  runPerSeed,
  runsPerSeed,
  SEED_FIELDS,
  SEEDS_FIELD,
  type Settings,
  stepsField,
  trialOf,
  widthField,
  withoutSeed,
} from './shared.ts';
import type { Evidence, ExperimentDefinition } from './types.ts';

const fields = {
  ...SEED_FIELDS,
  seeds: SEEDS_FIELD,
  blocks: { kind: 'int', min: 10, max: 64, default: 50, doc: 'residual blocks of the trained net' },
  width: widthField(64, 256, 'units per layer'),
  steps: stepsField(300, 'SGD steps'),
  lr: lrField(0.1, 'SGD learning rate'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const HE = 'he_normal';
const CHANCE_LOSS = Math.log(10);
const TRAINED = CHANCE_LOSS / 2;
const FAILED = 0.9 * CHANCE_LOSS;

/** The four nets of one seed: plain He branches and SkipInit, each without and with batch norm. */
const VARIANTS = [
  { key: 'plain', label: 'He branches', model: {} },
  { key: 'skipinit', label: 'SkipInit', model: { residualScale: 'skipinit' } },
  { key: 'plainBatchNorm', label: 'He branches + batch norm', model: { norm: 'batch' } },
  { key: 'skipinitBatchNorm', label: 'SkipInit + batch norm', model: { norm: 'batch', residualScale: 'skipinit' } },
] as const;
type VariantKey = (typeof VARIANTS)[number]['key'];

function runsOf(p: Params, seed: number): CompareParams[] {
  return VARIANTS.map((v) =>
    compareParams({
      inits: [HE],
      model: 'residual',
      depth: p.blocks,
      blockSize: 2,
      width: p.width,
      activation: 'relu',
      dataset: 'mnist',
      optimizer: 'sgd',
      lr: p.lr,
      batchSize: 64,
      steps: p.steps,
      logEvery: 10,
      checkpointEvery: 0,
      seed,
      ...v.model,
    }),
  );
}

const allRuns = (p: Params) => runsPerSeed(p, (seed) => runsOf(p, seed));

type BySeed = Record<VariantKey, CompareResult>;

function trains(label: string, r: CompareResult): Evidence[] {
  const t = trialOf(r, HE);
  return [
    flag(`${label}: did not diverge`, !t.diverged),
    evidence(`${label}: final train loss`, finalLoss(t), '<=', TRAINED),
  ];
}

function withoutNormItems(r: BySeed): Evidence[] {
  return [
    evidence(
      'He branches: final train loss (diverged counts as failed)',
      finalLoss(trialOf(r.plain, HE)),
      '>=',
      FAILED,
      true,
    ),
    ...trains('SkipInit', r.skipinit),
  ];
}

function withBatchNormItems(r: BySeed): Evidence[] {
  return [
    ...trains('He branches + batch norm', r.plainBatchNorm),
    ...trains('SkipInit + batch norm', r.skipinitBatchNorm),
  ];
}

export const de2020: ExperimentDefinition<Params> = {
  name: 'de2020',
  paper: {
    authors: 'Soham De, Samuel L. Smith',
    year: 2020,
    title: 'Batch Normalization Biases Residual Blocks Towards the Identity Function in Deep Networks',
    where: 'Section 4 (SkipInit: training deep residual networks without normalisation)',
    url: 'https://arxiv.org/abs/2002.10444',
  },
  claim:
    'A deep residual network without normalisation trains when each branch ends in a learnable scalar initialised to 0 (SkipInit), where the same net with plain He branches fails; with batch normalisation both train.',
  criteria: [
    'Residual MLPs on MNIST (14×14): input projection, then blocks h ← h + s·(W₂·relu(W₁h + b₁) + b₂), then the classifier; He normal init; SGD at one learning rate, batch 64. Plain: s = 1. SkipInit: s learnable, starting at 0. With batch norm: a BatchNorm1d after each linear map of the stem and the branches (batch statistics in training, running averages in evaluation).',
    'without-norm: plain He branches diverge or end at train loss ≥ 0.9·ln 10 (no learning), while SkipInit does not diverge and ends at train loss ≤ ln(10)/2.',
    'with-batch-norm: with batch norm, plain He branches and SkipInit each do not diverge and end at train loss ≤ ln(10)/2.',
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when both do.',
  ],
  history: [],
  fields,
  runs: allRuns,
  async run(p, ctx) {
    const { seeds, runs: list, bySeed: results } = await runPerSeed(p, (seed) => runsOf(p, seed), ctx);
    const bySeed = results.map((four) => Object.fromEntries(VARIANTS.map((v, i) => [v.key, four[i]])) as BySeed);
    const first = bySeed[0];
    const remark = divergenceRemark(
      bySeed.flatMap((r, s) => VARIANTS.map((v) => ({ label: `${v.label}, seed ${seeds[s]}`, result: r[v.key] }))),
    );
    return {
      setup: {
        variants: VARIANTS.map((v) => ({ key: v.key, label: v.label, ...v.model })),
        run: withoutSeed(list[0]),
        seedList: seeds,
      },
      checks: [
        checkPerSeed(
          'without-norm',
          `At ${p.blocks} blocks and SGD lr ${p.lr} without normalisation, plain He branches fail and SkipInit trains.`,
          bySeed.map((r, i) => ({ seed: seeds[i], items: withoutNormItems(r) })),
        ),
        checkPerSeed(
          'with-batch-norm',
          `With batch norm, plain He branches and SkipInit both train.`,
          bySeed.map((r, i) => ({ seed: seeds[i], items: withBatchNormItems(r) })),
        ),
      ],
      note: remark,
      series: {
        seed: seeds[0],
        training: Object.fromEntries(
          VARIANTS.map((v) => {
            const t = trialOf(first[v.key], HE);
            return [
              v.key,
              { label: v.label, steps: t.steps, trainLoss: t.trainLoss, divergedAtStep: t.divergedAtStep },
            ];
          }),
        ),
      },
    };
  },
};
