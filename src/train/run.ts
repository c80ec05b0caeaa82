/**
 * Trials and comparisons. A compare trains its K models in one shared step loop: one dataset, one batch order
 * (`streamFor(seed, 'batches')`), each batch gathered and uploaded once, the evaluation inputs prepared once. Each
 * model runs exactly the op sequence a single trial of its init runs, so its numbers equal that trial's; a trial is
 * simply a compare of one.
 */
import { engineInfo, initBackend } from '../backend.ts';
import { type Dataset, holdUserData, makeDataset } from '../data/index.ts';
import {
  type CompareParams,
  type ModelParams,
  normaliseCompareParams,
  normaliseTrialParams,
  paramsOrThrow,
  type TrialParams,
  trialOfCompare,
} from '../params/index.ts';
import type { CompareResult, EngineInfo, TrialResult } from '../result.ts';
import { type BoundaryGrid, boundaryGrid, decisionBoundary, hasBoundary } from './boundary.ts';
import { estimateCompareBytes, MAX_RUN_BYTES } from './cost.ts';
import { BatchSampler, disposeBatch, disposeEval, type EvalData, prepareEval } from './data.ts';
import { abortError, type RunOptions, yieldToHost } from './frames.ts';
import { initialParams } from './initialise.ts';
import type { LossHead } from './loss.ts';
import { applyLsuv, type LsuvReport } from './lsuv.ts';
import { modelSpec } from './model.ts';
import { makeOptimizer } from './optimizers.ts';
import { learningRateFactors, widthScaling } from './parametrization.ts';
import { TrialRecord } from './record.ts';
import { checkpointSteps, logSteps } from './schedule.ts';
import { Trainer } from './trainer.ts';

function lossHead(p: ModelParams, d: Dataset): LossHead {
  return { task: d.task, loss: p.loss, outputDim: d.outputDim };
}

function createTrainer(p: TrialParams, d: Dataset, e: EvalData): { trainer: Trainer; lsuv: LsuvReport | null } {
  const spec = modelSpec(p, d.inputDim, d.outputDim, p.init === 'fixup');
  const lrFactors = learningRateFactors(spec, widthScaling(p), p.optimizer);
  const optimizer = makeOptimizer(p.optimizer, p.lr, lrFactors);
  const trainer = new Trainer(spec, initialParams(spec, p), lossHead(p, d), optimizer);
  const lsuv = p.init === 'lsuv' ? applyLsuv(trainer.model, e.trainX) : null;
  return { trainer, lsuv };
}

/** One model of a run: its trainer, what it has recorded, and whether it is still training. */
interface Lane {
  trainer: Trainer;
  record: TrialRecord;
  head: LossHead;
  live: boolean;
}

/** The boundary of a lane's model now, recorded at `step` (a checkpoint); its own time is the model's. */
function recordBoundary(lane: Lane, grid: BoundaryGrid, step: number): void {
  const t0 = performance.now();
  const b = decisionBoundary(lane.trainer.model, grid, lane.head);
  lane.trainer.ownMs += performance.now() - t0;
  if (!b) return;
  const { points: _points, ...onGrid } = b;
  lane.record.boundaryCheckpoints.push({ step, ...onGrid });
}

/** Evaluate and take statistics (and the boundary) where the schedule says; marks the lane stopped if it diverged. */
function observe(lane: Lane, e: EvalData, grid: BoundaryGrid | null, step: number, logged: boolean, stats: boolean) {
  const { trainer: t, record: rec } = lane;
  const finite = logged ? rec.log(step, t.evaluate(e)) : true;
  const bins = rec.params.histogramBins;
  if (step === 0) rec.atInit = t.layerStats(e, bins);
  else if (stats && finite) {
    rec.checkpoints.push({ step, stats: t.layerStats(e, bins) });
    if (grid) recordBoundary(lane, grid, step);
  }
  if (!finite) rec.divergedAtStep = step;
  lane.live = finite;
}

/** The boundary after the last step: the last checkpoint's when it was taken there (the same model, so the same
 * numbers), else computed now; null for a model that diverged. */
function finalBoundary(lane: Lane, grid: BoundaryGrid, steps: number) {
  if (lane.record.divergedAtStep !== null) return null;
  const last = lane.record.boundaryCheckpoints.at(-1);
  if (last?.step === steps) {
    const { step: _step, ...onGrid } = last;
    return { ...onGrid, points: grid.points };
  }
  const t0 = performance.now();
  const b = decisionBoundary(lane.trainer.model, grid, lane.head);
  lane.trainer.ownMs += performance.now() - t0;
  return b;
}

/**
 * Reports the lanes' newly logged steps as frames (one per step, in order) and yields to the host after each, so what
 * it wrote can be flushed; nothing is reported, and nothing yields, for a run without `onFrame` and `signal`.
 */
class Framer {
  private readonly framed: number[];
  constructor(
    private readonly lanes: Lane[],
    private readonly steps: number,
    private readonly points: BoundaryGrid['points'] | null,
    private readonly opts: RunOptions,
  ) {
    this.framed = lanes.map(() => 0);
  }

  async flush(step: number): Promise<void> {
    const { onFrame, signal } = this.opts;
    if (signal?.aborted) throw abortError(signal);
    const fresh = this.lanes.map((l, k) => l.record.size > this.framed[k]);
    if (!fresh.some(Boolean)) return;
    this.lanes.forEach((l, k) => {
      this.framed[k] = l.record.size;
    });
    if (!onFrame && !signal) return;
    const trials = this.lanes.map((l, k) => (fresh[k] ? l.record.frameAt(step, this.points) : null));
    const checkpoint = trials.some((t) => t?.layers !== undefined);
    onFrame?.({ type: 'frame', step, steps: this.steps, checkpoint, trials });
    await yieldToHost();
    if (signal?.aborted) throw abortError(signal);
  }
}

function enforceMemoryLimit(shared: ModelParams, trials: TrialParams[]): void {
  const bytes = estimateCompareBytes({ ...shared, inits: trials.map((t) => t.init) });
  if (bytes > MAX_RUN_BYTES)
    throw new RangeError(
      `this run needs about ${Math.ceil(bytes / 2 ** 20)} MiB of engine memory, over the ${MAX_RUN_BYTES / 2 ** 20} MiB ` +
        'limit: lower width, depth (or widths), the number of inits, or use sgd (momentum and adam keep extra state)',
    );
}

/** The shared step loop: observe every live lane, report, then one step of each on the same batch. */
async function trainLanes(lanes: Lane[], shared: ModelParams, data: Dataset, e: EvalData, opts: RunOptions) {
  const sampler = new BatchSampler(data, shared.batchSize, shared.seed);
  const grid = hasBoundary(shared) ? boundaryGrid(data) : null;
  const logged = new Set(logSteps(shared.steps, shared.logEvery));
  const checkpoints = new Set(checkpointSteps(shared.steps, shared.checkpointEvery));
  const framer = new Framer(lanes, shared.steps, grid?.points ?? null, opts);
  for (let step = 0; ; step++) {
    const stats = step === 0 || checkpoints.has(step);
    for (const lane of lanes) if (lane.live) observe(lane, e, grid, step, logged.has(step), stats);
    await framer.flush(step);
    if (step === shared.steps || !lanes.some((l) => l.live)) break;
    const batch = sampler.next();
    try {
      for (const lane of lanes) {
        if (!lane.live || lane.trainer.step(batch)) continue;
        lane.live = false;
        lane.record.divergedAtStep = step;
        if (!lane.record.loggedAt(step)) lane.record.log(step, lane.trainer.evaluate(e));
      }
    } finally {
      disposeBatch(batch);
    }
    await framer.flush(step);
    opts.onProgress?.(step + 1, shared.steps);
  }
  if (grid) for (const lane of lanes) lane.record.boundary = finalBoundary(lane, grid, shared.steps);
}

async function trainTogether(
  shared: ModelParams,
  trials: TrialParams[],
  opts: RunOptions,
): Promise<{ trials: TrialResult[]; ms: number }> {
  enforceMemoryLimit(shared, trials);
  if (opts.signal?.aborted) throw abortError(opts.signal);
  // A reader's registered data are held from here until the dataset is built (the run reads them no later).
  const release = holdUserData(shared.dataset);
  let engine: EngineInfo;
  let t0: number;
  let data: Dataset;
  try {
    await initBackend();
    engine = engineInfo();
    t0 = performance.now();
    data = await makeDataset(shared);
  } finally {
    release();
  }
  const evalData = prepareEval(data);
  const lanes: Lane[] = [];
  try {
    for (const p of trials) {
      const setup0 = performance.now();
      const { trainer } = createTrainer(p, data, evalData);
      trainer.ownMs += performance.now() - setup0;
      lanes.push({ trainer, record: new TrialRecord(p), head: lossHead(p, data), live: true });
    }
    await trainLanes(lanes, shared, data, evalData, opts);
    const totalMs = performance.now() - t0;
    const sharedMs = (totalMs - lanes.reduce((s, l) => s + l.trainer.ownMs, 0)) / lanes.length;
    return {
      trials: lanes.map((l) => l.record.toResult(engine, l.trainer.model.layers, l.trainer.ownMs + sharedMs)),
      ms: totalMs,
    };
  } finally {
    for (const l of lanes) l.trainer.dispose();
    disposeEval(evalData);
  }
}

/**
 * Train one model and report it.
 * - Logged at steps 0, logEvery, 2·logEvery, … and the final step: `trainLoss` over the fixed evaluation subset of the
 *   training set (its first min(trainSize, 256) examples), `testLoss` and `testAccuracy` over the whole test set.
 * - Per-layer statistics on that subset at init and every `checkpointEvery` steps (at most 8, evenly spaced).
 * - The first non-finite loss (a training batch's, or a logged one) stops the trial: `divergedAtStep` is that step,
 *   the curves end there, and non-finite numbers appear as null.
 * - Deterministic: same params and engine version → the same JSON apart from `timing`.
 */
export async function runTrial(input: TrialParams, opts: RunOptions = {}): Promise<TrialResult> {
  const params = paramsOrThrow(normaliseTrialParams(input));
  const result = await trainTogether(params, [params], opts);
  return { ...result.trials[0], timing: { ms: Math.round(result.ms) } };
}

/** Train K initializers on the same data, model and seed in one shared step loop. */
export async function runCompare(input: CompareParams, opts: RunOptions = {}): Promise<CompareResult> {
  const params = paramsOrThrow(normaliseCompareParams(input));
  const trials = params.inits.map((init) => trialOfCompare(params, init));
  const result = await trainTogether(params, trials, opts);
  return { params, trials: result.trials, timing: { ms: Math.round(result.ms) } };
}

/**
 * The LSUV pass alone, for experiments: the achieved output variance of every dense layer (flat order) after
 * rescaling, and the number of rescales each took.
 */
export async function lsuvInit(params: TrialParams): Promise<LsuvReport> {
  await initBackend();
  const data = await makeDataset(params);
  const evalData = prepareEval(data);
  try {
    const { trainer, lsuv } = createTrainer({ ...params, init: 'lsuv' }, data, evalData);
    trainer.dispose();
    return lsuv!;
  } finally {
    disposeEval(evalData);
  }
}
