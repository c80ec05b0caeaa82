/**
 * Glorot & Bengio (2010): with the "standard" U(±1/√n) init, a deep tanh net's activations shrink layer by layer
 * and its back-propagated gradients change across layers, while the normalised ("Xavier") init keeps both about
 * constant (their Figs. 6–7, at initialisation). With sigmoid and the standard init, the top hidden layer saturates
 * early in training (their Fig. 2).
 */
import type { FieldTable } from '../params/index.ts';
import type { TrialResult } from '../result.ts';
import {
  checkPerSeed,
  compareParams,
  evidence,
  flag,
  fmt,
  hiddenLayers,
  medianEvidence,
  runCompares,
  SEED_FIELDS,
  SEEDS_FIELD,
  type Settings,
  seedsFrom,
  spread,
  trialOf,
  widthField,
  withoutSeed,
} from './shared.ts';
import type { ClaimCheck, Evidence, ExperimentDefinition } from './types.ts';

/**
 * Width 256, not the paper's 1000: the tanh checks are mean-field ratios between layers, which do not depend on
 * width, and the sigmoid run's cost grows with its square.
 * 5000 sigmoid steps, the most a run may take: in the paper the top layer saturates early in a run of millions of
 * mini-batch updates and recovers only around its 100th epoch, so "the first half of training" is only comparable
 * when the run is as long as the engine allows (even so, 50 000 examples is far less than the paper's runs saw). The
 * earlier 1000 steps of 16 was a runtime choice. Batch 10 (the paper's), lr 0.1; the engine keeps per-layer
 * statistics at 8 evenly spaced checkpoints at most, so the first half of 5000 steps has 4 (about every 625 steps).
 */
const fields = {
  ...SEED_FIELDS,
  seeds: SEEDS_FIELD,
  width: widthField(256, 512, 'units per hidden layer (the paper: 1000)'),
  sigmoidSteps: { kind: 'int', min: 100, max: 5000, default: 5000, doc: 'SGD steps of the sigmoid run' },
} satisfies FieldTable;

type Params = Settings<typeof fields>;

const DEPTH = 5;
const STANDARD = 'pytorch_default';
const NORMALISED = 'glorot_uniform';
/** Thresholds of the decision rule (see `criteria`). */
const SHRINK_MAX = 0.5;
const FLAT_MAX = 1.5;
const CHANGE_MIN = 2;
const SATURATED_MEAN = 0.1;
/** The paper's mini-batch size. */
const BATCH = 10;

const base = (p: Params) => ({
  depth: DEPTH,
  width: p.width,
  dataset: 'mnist',
  optimizer: 'sgd',
  lr: 0.1,
  batchSize: BATCH,
});

function tanhRuns(p: Params) {
  return seedsFrom(p.seed, p.seeds).map((seed) =>
    compareParams({ ...base(p), inits: [STANDARD, NORMALISED], activation: 'tanh', steps: 0, seed }),
  );
}

function sigmoidRuns(p: Params) {
  return seedsFrom(p.seed, p.seeds).map((seed) =>
    compareParams({
      ...base(p),
      inits: [STANDARD],
      activation: 'sigmoid',
      steps: p.sigmoidSteps,
      logEvery: 50,
      checkpointEvery: 50,
      seed,
    }),
  );
}

const actStds = (t: TrialResult) => hiddenLayers(t).map((l) => l.atInit.actStd);
const backGradStds = (t: TrialResult) => hiddenLayers(t).map((l) => l.atInit.backGradStd);

function monotoneDecreasing(values: readonly (number | null)[]): boolean {
  return values.every((v, i) => i === 0 || (v !== null && values[i - 1] !== null && v < (values[i - 1] as number)));
}

function lastOverFirst(values: readonly (number | null)[]): number | null {
  const first = values[0];
  const last = values[values.length - 1];
  return first === null || last === null || first === 0 ? null : last / first;
}

function standardItems(t: TrialResult): Evidence[] {
  const acts = actStds(t);
  const grads = backGradStds(t);
  return [
    flag('standard: activation std decreases at every hidden layer', monotoneDecreasing(acts)),
    evidence('standard: activation std, top / bottom hidden layer', lastOverFirst(acts), '<=', SHRINK_MAX),
    evidence('standard: back-propagated gradient std, max / min over hidden layers', spread(grads), '>=', CHANGE_MIN),
  ];
}

function normalisedItems(t: TrialResult): Evidence[] {
  return [
    evidence('glorot: activation std, max / min over hidden layers', spread(actStds(t)), '<=', FLAT_MAX),
    evidence(
      'glorot: back-propagated gradient std, max / min over hidden layers',
      spread(backGradStds(t)),
      '<=',
      FLAT_MAX,
    ),
  ];
}

/** Early = the first half of the run. The top layer's lowest mean there, and whether it is the lowest layer then. */
function saturationItems(t: TrialResult, steps: number): Evidence[] {
  const hidden = hiddenLayers(t);
  const top = hidden[hidden.length - 1];
  const early = top.checkpoints.filter((c) => c.step <= steps / 2);
  let best: { step: number; mean: number } | null = null;
  for (const c of early)
    if (c.actMean !== null && (best === null || c.actMean < best.mean)) best = { step: c.step, mean: c.actMean };
  const lowestThen =
    best !== null &&
    hidden.slice(0, -1).every((l) => {
      const m = l.checkpoints.find((c) => c.step === best.step)?.actMean;
      return m !== null && m !== undefined && m > (best as { mean: number }).mean;
    });
  return [
    evidence(
      'sigmoid: lowest mean activation of the top hidden layer in the first half of training',
      best?.mean ?? null,
      '<=',
      SATURATED_MEAN,
    ),
    flag('sigmoid: at that checkpoint the top hidden layer has the lowest mean of all hidden layers', lowestThen),
  ];
}

const layerSeries = (t: TrialResult) => ({
  actStd: actStds(t),
  backGradStd: backGradStds(t),
  actHistogram: hiddenLayers(t).map((l) => l.atInit.actHistogram),
});

function meanCurves(t: TrialResult) {
  const hidden = hiddenLayers(t);
  return {
    steps: [0, ...hidden[0].checkpoints.map((c) => c.step)],
    layers: hidden.map((l) => ({
      index: l.index,
      actMean: [l.atInit.actMean, ...l.checkpoints.map((c) => c.actMean)],
      actStd: [l.atInit.actStd, ...l.checkpoints.map((c) => c.actStd)],
      fracSaturated: [l.atInit.fracSaturated, ...l.checkpoints.map((c) => c.fracSaturated)],
    })),
  };
}

/** Why a sub-claim did not hold, from the measured numbers (seed medians). */
export function noteOf(checks: readonly ClaimCheck[], p: Params): string | undefined {
  const [standard, glorot, sigmoid] = checks;
  const notes: string[] = [];
  if (!glorot.holds) {
    // Name every spread that misses the rule on some seed, not only the first.
    const over = (['activation std', 'back-propagated gradient std'] as const)
      .map((name, i) => ({ name, i }))
      .filter(({ i }) => glorot.evidence.some((e) => !e.items[i].pass))
      .map(({ name, i }) => `${name} spread ${fmt(medianEvidence(glorot, i))}×`);
    notes.push(
      `Glorot init keeps the layers far closer than the standard init (back-propagated gradient std spread ${fmt(medianEvidence(glorot, 1))}× against ${fmt(medianEvidence(standard, 2))}×), but not within the rule's ${FLAT_MAX}×: ${over.join(' and ')} (seed medians). On square layers it gives tanh σ_w² = 1 with zero biases, the edge of chaos, where the mean-field variance has no positive fixed point and decays slowly with depth (q ≈ 1/(2l)), and the gradients' variance shrinks by E[tanh′²] < 1 per layer going down.`,
    );
  }
  if (!sigmoid.holds)
    notes.push(
      `With sigmoid and the standard init the top hidden layer's mean activation fell the most (to ${fmt(medianEvidence(sigmoid, 0))}, the lowest of all hidden layers on ${sigmoid.evidence.filter((e) => e.items[1].pass).length}/${sigmoid.total} seeds) but did not reach saturation (≤ ${SATURATED_MEAN}) within the first half of ${p.sigmoidSteps} SGD steps${p.sigmoidSteps < fields.sigmoidSteps.max ? ` (a longer run can be asked for: sigmoidSteps up to ${fields.sigmoidSteps.max})` : ''}.`,
    );
  return notes.length ? notes.join(' ') : undefined;
}

export const glorot2010: ExperimentDefinition<Params> = {
  name: 'glorot2010',
  paper: {
    authors: 'Xavier Glorot, Yoshua Bengio',
    year: 2010,
    title: 'Understanding the difficulty of training deep feedforward neural networks',
    where: 'Figs. 2, 6 and 7',
    url: 'https://proceedings.mlr.press/v9/glorot10a.html',
  },
  claim:
    'With the standard U(±1/√n) init, activations shrink and back-propagated gradients change from layer to layer of a deep tanh net, while the normalised (Glorot) init keeps both about constant; with sigmoid and the standard init, the top hidden layer saturates early in training.',
  criteria: [
    `Net: ${DEPTH} hidden layers, MNIST (14×14), statistics on the engine's fixed evaluation batch at initialisation.`,
    `standard-shrinks: with tanh and U(±1/√n), the activation std decreases at every hidden layer and top/bottom ≤ ${SHRINK_MAX}; the back-propagated gradient std varies across hidden layers by a factor ≥ ${CHANGE_MIN} (max/min).`,
    `glorot-flat: with tanh and Glorot uniform, max/min over hidden layers ≤ ${FLAT_MAX} for both activation std and back-propagated gradient std.`,
    `sigmoid-saturates: with sigmoid and U(±1/√n), trained by SGD (lr 0.1, batch ${BATCH}), the top hidden layer's mean activation falls to ≤ ${SATURATED_MEAN} (sigmoid's lower asymptote) at some checkpoint in the first half of training, and is then the lowest of all hidden layers.`,
    'Each sub-claim holds when it holds on a strict majority of the seeds; the claim holds when all three do.',
  ],
  history: [
    {
      date: '2026-11-29',
      setting: 'sigmoidSteps',
      from: 1000,
      to: 5000,
      reason:
        'Toward the paper, whose top layer saturates early in a run of millions of updates: in 1000 steps it did not reach saturation (the sigmoid check failed); by step 2500 it does on 3 of 3 seeds.',
    },
    {
      date: '2026-11-29',
      setting: 'batchSize',
      from: 16,
      to: 10,
      reason: 'Toward the paper: its mini-batch of 10 (16 was a runtime choice).',
    },
  ],
  fields,
  runs: (p) => [...tanhRuns(p), ...sigmoidRuns(p)],
  async run(p, ctx) {
    const tanh = tanhRuns(p);
    const sigmoid = sigmoidRuns(p);
    const results = await runCompares([...tanh, ...sigmoid], ctx);
    const tanhResults = results.slice(0, tanh.length);
    const sigmoidResults = results.slice(tanh.length);
    const seeds = seedsFrom(p.seed, p.seeds);
    const checks = [
      checkPerSeed(
        'standard-shrinks',
        'With tanh and the standard init, activation std shrinks layer by layer and back-propagated gradient std changes across layers.',
        tanhResults.map((r, i) => ({ seed: seeds[i], items: standardItems(trialOf(r, STANDARD)) })),
      ),
      checkPerSeed(
        'glorot-flat',
        'With tanh and Glorot init, activation and back-propagated gradient std stay close across layers.',
        tanhResults.map((r, i) => ({ seed: seeds[i], items: normalisedItems(trialOf(r, NORMALISED)) })),
      ),
      checkPerSeed(
        'sigmoid-saturates',
        'With sigmoid and the standard init, the top hidden layer saturates (mean activation → 0) early in training.',
        sigmoidResults.map((r, i) => ({
          seed: seeds[i],
          items: saturationItems(trialOf(r, STANDARD), p.sigmoidSteps),
        })),
      ),
    ];
    return {
      note: noteOf(checks, p),
      setup: {
        depth: DEPTH,
        inits: { standard: STANDARD, normalised: NORMALISED },
        tanhRun: withoutSeed(tanh[0]),
        sigmoidRun: withoutSeed(sigmoid[0]),
        seedList: seeds,
      },
      checks,
      series: {
        layers: Array.from({ length: DEPTH }, (_, i) => i + 1),
        tanh: {
          standard: layerSeries(trialOf(tanhResults[0], STANDARD)),
          glorot: layerSeries(trialOf(tanhResults[0], NORMALISED)),
        },
        sigmoidTraining: meanCurves(trialOf(sigmoidResults[0], STANDARD)),
        seriesSeed: seeds[0],
      },
    };
  },
};
