/**
 * Ioffe & Szegedy (2015): batch normalisation makes a network's training insensitive to the scale of its initial
 * weights — a layer followed by BN computes the same output for W and a·W, so a deep ReLU net trains from inits that
 * are far too small or far too large, where the same net without normalisation cannot. LayerNorm is scale-invariant
 * the same way per row; its outcome at the same settings is measured and reported beside BN's, not assumed.
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
  fmt,
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
  depth: { kind: 'int', min: 10, max: 64, default: 30, doc: 'hidden layers of the trained net' },
  width: widthField(64, 256, 'units per hidden layer'),
  steps: stepsField(300, 'SGD steps'),
  lr: lrField(0.1, 'SGD learning rate'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const CHANCE_LOSS = Math.log(10);
const TRAINED = CHANCE_LOSS / 2;
const FAILED = 0.9 * CHANCE_LOSS;

/** The badly scaled inits: far too small, far too large, and Glorot's (a tanh rule, half the variance ReLU needs). */
const INITS = [
  { key: 'small', label: 'N(0, 0.01²)', init: 'random_normal', extra: { std: 0.01 } },
  { key: 'large', label: 'N(0, 1)', init: 'random_normal', extra: { std: 1 } },
  { key: 'glorot', label: 'Glorot normal', init: 'glorot_normal', extra: {} },
] as const;
const NORMS = [
  { key: 'none', label: 'no normalisation' },
  { key: 'batch', label: 'batch norm' },
  { key: 'layer', label: 'layer norm' },
] as const;
type InitKey = (typeof INITS)[number]['key'];
type NormKey = (typeof NORMS)[number]['key'];

function runOf(p: Params, seed: number, init: (typeof INITS)[number], norm: NormKey): CompareParams {
  return compareParams({
    inits: [init.init],
    ...init.extra,
    model: 'mlp',
    depth: p.depth,
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
    ...(norm === 'none' ? {} : { norm }),
  });
}

/** One seed's runs: for each norm, the three inits, in NORMS × INITS order. */
const runsOf = (p: Params, seed: number) => NORMS.flatMap((n) => INITS.map((i) => runOf(p, seed, i, n.key)));
const allRuns = (p: Params) => runsPerSeed(p, (seed) => runsOf(p, seed));

type BySeed = Record<NormKey, Record<InitKey, CompareResult>>;

function failsItem(label: string, r: CompareResult): Evidence {
  const t = trialOf(r, r.params.inits[0]);
  return evidence(`${label}: final train loss (diverged counts as failed)`, finalLoss(t), '>=', FAILED, true);
}

function trainsItems(label: string, r: CompareResult): Evidence[] {
  const t = trialOf(r, r.params.inits[0]);
  return [
    flag(`${label}: did not diverge`, !t.diverged),
    evidence(`${label}: final train loss`, finalLoss(t), '<=', TRAINED),
  ];
}

/** What LayerNorm did from one init on one seed, in words: reported, not judged. */
function outcome(r: CompareResult): string {
  const t = trialOf(r, r.params.inits[0]);
  const loss = finalLoss(t);
  if (loss === null) return `diverged at step ${t.divergedAtStep}`;
  const word = loss <= TRAINED ? 'trained' : loss >= FAILED ? 'stalled' : 'partly trained';
  return `${word} (final train loss ${fmt(loss)})`;
}

function layerNormRemark(bySeed: readonly BySeed[], seeds: readonly number[]): string {
  const rows = INITS.map((i) => {
    const perSeed = bySeed.map((r, s) => `seed ${seeds[s]} ${outcome(r.layer[i.key])}`);
    return `${i.label}: ${perSeed.join(', ')}`;
  });
  return `Layer norm at the same settings (reported, not part of the verdict): ${rows.join('; ')}.`;
}

export const ioffe2015: ExperimentDefinition<Params> = {
  name: 'ioffe2015',
  paper: {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'Section 3.3 (batch normalisation enables higher learning rates: BN(aW·u) = BN(W·u))',
    url: 'https://arxiv.org/abs/1502.03167',
  },
  claim:
    'With batch normalisation a deep ReLU network trains from badly scaled initial weights — N(0, 0.01²), N(0, 1), Glorot — where the same network without normalisation stalls or diverges.',
  criteria: [
    'Plain ReLU MLPs on MNIST (14×14), 30 hidden layers of 64 units by default; SGD at one learning rate, batch 64. Inits: N(0, 0.01²), N(0, 1) and Glorot normal, biases 0. With batch norm: a BatchNorm1d after each hidden linear map, before the ReLU (batch statistics in training, running averages in evaluation). The same runs with a LayerNorm there instead are made and reported, and are not part of the verdict.',
    'without-norm: from each of the three inits, the net without normalisation diverges or ends at train loss ≥ 0.9·ln 10 (no learning).',
    'with-batch-norm: from each of the three inits, the net with batch norm does not diverge and ends at train loss ≤ ln(10)/2.',
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when both do.',
  ],
  history: [],
  fields,
  runs: allRuns,
  async run(p, ctx) {
    const { seeds, runs: list, bySeed: results } = await runPerSeed(p, (seed) => runsOf(p, seed), ctx);
    const bySeed: BySeed[] = results.map((block) => {
      const byNorm = NORMS.map((n, ni) => {
        const row = INITS.map((i, ii) => [i.key, block[ni * INITS.length + ii]]);
        return [n.key, Object.fromEntries(row)];
      });
      return Object.fromEntries(byNorm) as BySeed;
    });
    const diverged = divergenceRemark(
      bySeed.flatMap((r, s) =>
        NORMS.flatMap((n) =>
          INITS.map((i) => ({ label: `${i.label}, ${n.label}, seed ${seeds[s]}`, result: r[n.key][i.key] })),
        ),
      ),
    );
    const first = bySeed[0];
    return {
      setup: {
        inits: INITS.map((i) => ({ key: i.key, label: i.label, init: i.init, ...i.extra })),
        norms: NORMS.map((n) => n.key),
        run: withoutSeed(list[0]),
        seedList: seeds,
      },
      checks: [
        checkPerSeed(
          'without-norm',
          `At ${p.depth} layers and SGD lr ${p.lr} without normalisation, the net stalls or diverges from each init.`,
          bySeed.map((r, s) => ({ seed: seeds[s], items: INITS.map((i) => failsItem(i.label, r.none[i.key])) })),
        ),
        checkPerSeed(
          'with-batch-norm',
          'With batch norm, the same net trains from each init.',
          bySeed.map((r, s) => ({
            seed: seeds[s],
            items: INITS.flatMap((i) => trainsItems(`${i.label} + batch norm`, r.batch[i.key])),
          })),
        ),
      ],
      note: [layerNormRemark(bySeed, seeds), diverged].filter(Boolean).join(' '),
      series: {
        seed: seeds[0],
        training: Object.fromEntries(
          NORMS.map((n) => [
            n.key,
            Object.fromEntries(
              INITS.map((i) => {
                const t = trialOf(first[n.key][i.key], i.init);
                const curve = { steps: t.steps, trainLoss: t.trainLoss, divergedAtStep: t.divergedAtStep };
                return [i.key, { label: `${i.label}, ${n.label}`, ...curve }];
              }),
            ),
          ]),
        ),
      },
    };
  },
};
