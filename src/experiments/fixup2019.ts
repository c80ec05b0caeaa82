/**
 * Zhang, Dauphin & Ma (2019): without normalisation, a deep residual net with He init has an output whose variance
 * grows with depth (each block adds its branch's variance to the stream), and training at a standard learning rate
 * is unstable; Fixup (last layer of each branch and the classifier at zero, other branch layers scaled by
 * L^(−1/(2m−2))) makes the output exactly 0 at init and trains at that rate.
 */
import type { FieldTable } from '../params/index.ts';
import type { CompareResult, TrialResult } from '../result.ts';
import {
  checkPerSeed,
  compareParams,
  evidence,
  finalLoss,
  flag,
  lrField,
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
  blocks: { kind: 'int', min: 10, max: 64, default: 50, doc: 'residual blocks of the trained net' },
  width: widthField(64, 256, 'units per layer'),
  steps: stepsField(300, 'SGD steps'),
  lr: lrField(0.1, 'SGD learning rate'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const HE = 'he_normal';
const FIXUP = 'fixup';
const INIT_DEPTHS = [5, 10, 25, 50];
const CHANCE_LOSS = Math.log(10);
const TRAINED = CHANCE_LOSS / 2;
const FAILED = 0.9 * CHANCE_LOSS;
const GROWTH_MIN = 10;

const common = (p: Params) => ({
  inits: [HE, FIXUP],
  model: 'residual',
  blockSize: 2,
  width: p.width,
  activation: 'relu',
  dataset: 'mnist',
  optimizer: 'sgd',
  lr: p.lr,
  batchSize: 64,
});

/** Output statistics at initialisation only (0 steps), one compare per depth and seed. */
function initRuns(p: Params) {
  return seedsFrom(p.seed, p.seeds).flatMap((seed) =>
    INIT_DEPTHS.map((depth) => compareParams({ ...common(p), depth, steps: 0, checkpointEvery: 0, seed })),
  );
}

function trainRuns(p: Params) {
  return seedsFrom(p.seed, p.seeds).map((seed) =>
    compareParams({ ...common(p), depth: p.blocks, steps: p.steps, logEvery: 10, checkpointEvery: 0, seed }),
  );
}

/** The std of the network's output (logits) at init: the output layer's activation std. */
function outputStd(t: TrialResult): number | null {
  return t.layers[t.layers.length - 1].atInit.actStd;
}

function outputItems(byDepth: readonly CompareResult[]): Evidence[] {
  const he = byDepth.map((r) => outputStd(trialOf(r, HE)));
  const fixup = byDepth.map((r) => outputStd(trialOf(r, FIXUP)));
  const increasing = he.every((v, i) => i === 0 || (v !== null && he[i - 1] !== null && v > (he[i - 1] as number)));
  const first = he[0];
  const last = he[he.length - 1];
  return [
    flag(`He: output std increases with every depth of ${INIT_DEPTHS.join(', ')} blocks`, increasing),
    evidence(
      `He: output std at ${INIT_DEPTHS[INIT_DEPTHS.length - 1]} blocks / at ${INIT_DEPTHS[0]}`,
      first === null || last === null || first === 0 ? null : last / first,
      '>=',
      GROWTH_MIN,
    ),
    evidence('Fixup: largest output std over those depths', Math.max(...fixup.map((v) => v ?? Infinity)), '<=', 0),
  ];
}

function trainingItems(r: CompareResult): Evidence[] {
  const he = trialOf(r, HE);
  const fixup = trialOf(r, FIXUP);
  return [
    evidence('He: final train loss (diverged counts as failed)', finalLoss(he), '>=', FAILED, true),
    flag('Fixup: did not diverge', !fixup.diverged),
    evidence('Fixup: final train loss', finalLoss(fixup), '<=', TRAINED),
  ];
}

export const fixup2019: ExperimentDefinition<Params> = {
  name: 'fixup2019',
  paper: {
    authors: 'Hongyi Zhang, Yann N. Dauphin, Tengyu Ma',
    year: 2019,
    title: 'Fixup Initialization: Residual Learning Without Normalization',
    where: 'Sections 2–3 (output variance of residual nets at init), Section 4 (training without normalisation)',
    url: 'https://arxiv.org/abs/1901.09321',
  },
  claim:
    'In a residual net without normalisation, He init makes the output variance grow with depth and training unstable at a standard learning rate, while Fixup (zero output at init) trains at that rate.',
  criteria: [
    'Residual MLPs on MNIST (14×14): input projection, then blocks h ← h + W₂·relu(W₁h + b₁) + b₂, then the classifier; no normalisation. He = he_normal everywhere; Fixup on the He base.',
    `output-variance: at init, He's output (logit) std increases with depth over ${INIT_DEPTHS.join(', ')} blocks and is ≥ ${GROWTH_MIN}× larger at ${INIT_DEPTHS[INIT_DEPTHS.length - 1]} than at ${INIT_DEPTHS[0]}; Fixup's output is exactly 0 at every depth.`,
    'training: at the default depth and SGD learning rate, He diverges or ends at train loss ≥ 0.9·ln 10 (no learning), while Fixup does not diverge and ends at train loss ≤ ln(10)/2.',
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when both do.',
  ],
  history: [],
  fields,
  runs: (p) => [...initRuns(p), ...trainRuns(p)],
  async run(p, ctx) {
    const init = initRuns(p);
    const train = trainRuns(p);
    const results = await runCompares([...init, ...train], ctx);
    const seeds = seedsFrom(p.seed, p.seeds);
    const initBySeed = seeds.map((_, s) => results.slice(s * INIT_DEPTHS.length, (s + 1) * INIT_DEPTHS.length));
    const trainResults = results.slice(init.length);
    const first = trainResults[0];
    return {
      setup: { initDepths: INIT_DEPTHS, trainRun: withoutSeed(train[0]), seedList: seeds },
      checks: [
        checkPerSeed(
          'output-variance',
          'At init, the output variance grows with depth under He and is zero under Fixup.',
          initBySeed.map((byDepth, i) => ({ seed: seeds[i], items: outputItems(byDepth) })),
        ),
        checkPerSeed(
          'training',
          `At ${p.blocks} blocks and SGD lr ${p.lr}, He fails and Fixup trains.`,
          trainResults.map((r, i) => ({ seed: seeds[i], items: trainingItems(r) })),
        ),
      ],
      series: {
        seed: seeds[0],
        outputStdByDepth: {
          depths: INIT_DEPTHS,
          he: initBySeed[0].map((r) => outputStd(trialOf(r, HE))),
          fixup: initBySeed[0].map((r) => outputStd(trialOf(r, FIXUP))),
        },
        training: Object.fromEntries(
          [HE, FIXUP].map((init) => {
            const t = trialOf(first, init);
            const key = init === HE ? 'he' : 'fixup';
            return [key, { steps: t.steps, trainLoss: t.trainLoss, divergedAtStep: t.divergedAtStep }];
          }),
        ),
      },
    };
  },
};
