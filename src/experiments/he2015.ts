/**
 * He et al. (2015), Figs. 2–3: a 30-layer ReLU net initialised with std √(1/n) (what the paper calls "Xavier") does
 * not learn, while the same net with He's √(2/n) does; at 22 layers both learn and He gets there first. The paper's
 * nets are convolutional on ImageNet; here they are MLPs on MNIST, trained by SGD with momentum 0.9 as in the paper.
 */
import type { FieldTable } from '../params/index.ts';
import type { CompareResult, TrialResult } from '../result.ts';
import {
  checkPerSeed,
  compareParams,
  divergenceRemark,
  evidence,
  finalLoss,
  fmt,
  lrField,
  medianEvidence,
  runCompares,
  SEED_FIELDS,
  SEEDS_FIELD,
  type Settings,
  seedsFrom,
  stepsField,
  stepsToLoss,
  totalFlops,
  trialOf,
  widthField,
  withoutSeed,
} from './shared.ts';
import type { ClaimCheck, Evidence, ExperimentDefinition } from './types.ts';

const fields = {
  ...SEED_FIELDS,
  seeds: SEEDS_FIELD,
  width: widthField(64),
  steps: stepsField(500, 'SGD-with-momentum steps per run'),
  lr: lrField(0.01, 'learning rate (momentum 0.9)'),
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const DEEP = 30;
const SHALLOW = 22;
const XAVIER = 'lecun_normal';
const HE = 'he_normal';
/** MNIST has 10 classes: ln 10 is the loss of a uniform guess, the level an untrained net sits at. */
const CHANCE_LOSS = Math.log(10);
const CONVERGED = CHANCE_LOSS / 2;
const STALLED = 0.9 * CHANCE_LOSS;

function runsAt(p: Params, depth: number) {
  return seedsFrom(p.seed, p.seeds).map((seed) =>
    compareParams({
      inits: [XAVIER, HE],
      depth,
      width: p.width,
      activation: 'relu',
      dataset: 'mnist',
      optimizer: 'momentum',
      lr: p.lr,
      steps: p.steps,
      batchSize: 64,
      logEvery: 10,
      checkpointEvery: 0,
      targetLoss: CONVERGED,
      seed,
    }),
  );
}

const reach = (t: TrialResult) => stepsToLoss(t, CONVERGED);

function deepItems(r: CompareResult): Evidence[] {
  const xavier = trialOf(r, XAVIER);
  const he = trialOf(r, HE);
  return [
    // A diverged run has no final loss; that is a failure to learn, so it counts as stalled.
    evidence(`${DEEP} layers, √(1/n): final train loss`, finalLoss(xavier), '>=', STALLED, true),
    evidence(`${DEEP} layers, He: steps to train loss ≤ ln(10)/2`, reach(he), '<=', r.params.steps),
  ];
}

function shallowItems(r: CompareResult): Evidence[] {
  const xavierSteps = reach(trialOf(r, XAVIER));
  const heSteps = reach(trialOf(r, HE));
  return [
    evidence(`${SHALLOW} layers, √(1/n): steps to train loss ≤ ln(10)/2`, xavierSteps, '<=', r.params.steps),
    evidence(`${SHALLOW} layers, He: steps to train loss ≤ ln(10)/2`, heSteps, '<=', r.params.steps),
    evidence(
      `${SHALLOW} layers: He's steps to ln(10)/2 minus √(1/n)'s`,
      heSteps === null || xavierSteps === null ? null : heSteps - xavierSteps,
      '<',
      0,
    ),
  ];
}

/** Per init its own steps: a run that diverges stops logging there. */
const curveOf = (t: TrialResult) => ({ steps: t.steps, trainLoss: t.trainLoss, divergedAtStep: t.divergedAtStep });
const curves = (r: CompareResult) => ({ xavier: curveOf(trialOf(r, XAVIER)), he: curveOf(trialOf(r, HE)) });

/** Why a sub-claim did not hold, from the measured numbers. */
function noteOf(checks: readonly ClaimCheck[], p: Params, diverged: string | undefined): string | undefined {
  const shallow = checks[1];
  if (shallow.holds) return diverged;
  const reached = (item: number) => shallow.evidence.filter((e) => e.items[item].pass).length;
  return `${diverged ? `${diverged} ` : ''}At ${SHALLOW} layers He reached ln(10)/2 on ${reached(1)}/${shallow.total} seeds (median step ${fmt(medianEvidence(shallow, 1))}) but √(1/n) only on ${reached(0)}/${shallow.total} within ${p.steps} steps: √(1/n) halves the forward signal's variance at every ReLU layer (2^−${SHALLOW} over the net), so it starts from a near-constant output and learns far more slowly; whether it converges later is beyond this run's budget (steps up to 3000).`;
}

export const he2015: ExperimentDefinition<Params> = {
  name: 'he2015',
  paper: {
    authors: 'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun',
    year: 2015,
    title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification',
    where: 'Section 2.2, Figs. 2 and 3',
    url: 'https://arxiv.org/abs/1502.01852',
  },
  claim:
    'A 30-layer ReLU net initialised with std √(1/n) stalls while He init (√(2/n)) converges; at 22 layers both converge and He converges faster.',
  criteria: [
    'ReLU MLPs on MNIST (14×14), SGD with momentum 0.9, batch 64; √(1/n) is lecun_normal, He is he_normal; "converges" = the train loss reaches ln(10)/2 (half the loss of a uniform guess) within the run.',
    `deep-30: at ${DEEP} layers √(1/n) stalls (final train loss ≥ 0.9·ln 10, or diverged) and He converges.`,
    `depth-22: at ${SHALLOW} layers both converge, and He reaches ln(10)/2 in fewer steps.`,
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when both do.',
  ],
  fields,
  estimateFlops: (p) => totalFlops([...runsAt(p, DEEP), ...runsAt(p, SHALLOW)]),
  async run(p, ctx) {
    const deep = runsAt(p, DEEP);
    const shallow = runsAt(p, SHALLOW);
    const results = await runCompares([...deep, ...shallow], ctx.onProgress);
    const deepResults = results.slice(0, deep.length);
    const shallowResults = results.slice(deep.length);
    const seeds = seedsFrom(p.seed, p.seeds);
    const checks = [
      checkPerSeed(
        'deep-30',
        `At ${DEEP} layers, √(1/n) stalls while He converges.`,
        deepResults.map((r, i) => ({ seed: seeds[i], items: deepItems(r) })),
      ),
      checkPerSeed(
        'depth-22',
        `At ${SHALLOW} layers both converge and He is faster.`,
        shallowResults.map((r, i) => ({ seed: seeds[i], items: shallowItems(r) })),
      ),
    ];
    return {
      setup: { depths: [SHALLOW, DEEP], run: withoutSeed(deep[0]), seedList: seeds, convergedLoss: CONVERGED },
      checks,
      note: noteOf(
        checks,
        p,
        divergenceRemark([
          ...deepResults.map((result, i) => ({ label: `${DEEP} layers, seed ${seeds[i]}`, result })),
          ...shallowResults.map((result, i) => ({ label: `${SHALLOW} layers, seed ${seeds[i]}`, result })),
        ]),
      ),
      series: {
        seeds,
        convergedLoss: CONVERGED,
        depth30: deepResults.map(curves),
        depth22: shallowResults.map(curves),
      },
    };
  },
};
