/**
 * Mishkin & Matas (2015), "All you need is a good init": LSUV (orthogonal, then each layer rescaled in order until
 * its output variance is 1 ± 0.1 on a batch) brings every layer to unit variance, and a deep thin net initialised so
 * trains at least as fast as with the standard schemes.
 */

import type { FieldTable } from '../params/index.ts';
import { trialOfCompare } from '../params/index.ts';
import type { CompareResult } from '../result.ts';
import { LSUV_TOLERANCE, lsuvInit } from '../train/index.ts';
import {
  checkPerSeed,
  evidence,
  lrField,
  meanLoss,
  ratio,
  reluMnistRun,
  runCompares,
  SEED_FIELDS,
  SEEDS_FIELD,
  type Settings,
  seedsFrom,
  stepsField,
  trialOf,
  widthField,
  withoutSeed,
} from './shared.ts';
import type { Evidence, ExperimentDefinition } from './types.ts';

const fields = {
  ...SEED_FIELDS,
  seeds: SEEDS_FIELD,
  depth: { kind: 'int', min: 4, max: 40, default: 20, doc: 'hidden layers' },
  width: widthField(64),
  steps: stepsField(300, 'SGD-with-momentum steps'),
  lr: lrField(0.01, 'learning rate (momentum 0.9)'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const LSUV = 'lsuv';
const RIVALS = ['he_normal', 'glorot_normal'] as const;
/** "At least about as fast": LSUV's area under the loss curve within 10% of the better rival's. */
const AS_FAST = 1.1;

function runs(p: Params) {
  return seedsFrom(p.seed, p.seeds).map((seed) =>
    reluMnistRun({ inits: [LSUV, ...RIVALS], depth: p.depth, width: p.width, lr: p.lr, steps: p.steps, seed }),
  );
}

function varianceItems(variances: readonly number[]): Evidence[] {
  const worst = variances.reduce((m, v) => Math.max(m, Math.abs(v - 1)), 0);
  return [evidence('largest |output variance − 1| over all layers after LSUV', worst, '<=', LSUV_TOLERANCE)];
}

function speedItems(r: CompareResult): Evidence[] {
  const rivals = RIVALS.map((id) => meanLoss(trialOf(r, id))).filter((v): v is number => v !== null);
  const best = rivals.length ? Math.min(...rivals) : null;
  return [
    evidence(
      'LSUV mean train loss over the run / the better of He and Glorot',
      ratio(meanLoss(trialOf(r, LSUV)), best),
      '<=',
      AS_FAST,
    ),
  ];
}

export const lsuv2015: ExperimentDefinition<Params> = {
  name: 'lsuv2015',
  paper: {
    authors: 'Dmytro Mishkin, Jiri Matas',
    year: 2015,
    title: 'All you need is a good init',
    where: 'Algorithm 1; Section 4 (FitNets on MNIST/CIFAR, training speed vs. other inits)',
    url: 'https://arxiv.org/abs/1511.06422',
  },
  claim:
    'After LSUV every layer’s output variance is 1 ± 0.1, and a deep thin net initialised with LSUV trains at least as fast as with the standard He or Glorot schemes.',
  criteria: [
    'ReLU MLPs on MNIST (14×14), SGD with momentum 0.9, batch 64. LSUV rescales pre-activations on the evaluation batch of the training set (tolerance 0.1, ≤ 10 rescales per layer).',
    `unit-variance: after LSUV, every dense layer's output variance is within 1 ± ${LSUV_TOLERANCE}.`,
    `as-fast: LSUV's mean logged train loss (area under the curve; lower = faster) is ≤ ${AS_FAST}× the better of He normal and Glorot normal.`,
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when both do.',
  ],
  history: [],
  fields,
  runs,
  async run(p, ctx) {
    const list = runs(p);
    const seeds = seedsFrom(p.seed, p.seeds);
    const reports = [];
    for (const params of list) reports.push(await lsuvInit(trialOfCompare(params, LSUV)));
    const results = await runCompares(list, ctx);
    const first = results[0];
    return {
      setup: { run: withoutSeed(list[0]), seedList: seeds, rivals: RIVALS },
      checks: [
        checkPerSeed(
          'unit-variance',
          'After LSUV every layer’s output variance is 1 ± 0.1.',
          reports.map((r, i) => ({ seed: seeds[i], items: varianceItems(r.variances) })),
        ),
        checkPerSeed(
          'as-fast',
          `A ${p.depth}-layer net trains at least about as fast with LSUV as with the better of He and Glorot.`,
          results.map((r, i) => ({ seed: seeds[i], items: speedItems(r) })),
        ),
      ],
      series: {
        seed: seeds[0],
        lsuvVariances: reports[0].variances,
        lsuvIterations: reports[0].iterations,
        training: Object.fromEntries(
          first.trials.map((t) => [t.params.init, { steps: t.steps, trainLoss: t.trainLoss }]),
        ),
        meanLoss: results.map((r) => Object.fromEntries(r.trials.map((t) => [t.params.init, meanLoss(t)]))),
      },
    };
  },
};
