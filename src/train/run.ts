/**
 * Trials and comparisons. A compare trains its K models in one shared step loop: one dataset, one batch order
 * (`streamFor(seed, 'batches')`), each batch gathered and uploaded once, the evaluation inputs prepared once. Each
 * model runs exactly the op sequence a single trial of its init runs, so its numbers equal that trial's; a trial is
 * simply a compare of one.
 */
import { engineInfo, initBackend } from '../backend.ts';
import { type Dataset, makeDataset } from '../data/index.ts';
import {
  type CompareParams,
  type ModelParams,
  normaliseCompareParams,
  normaliseTrialParams,
  paramsOrThrow,
  type TrialParams,
  trialOfCompare,
} from '../params/index.ts';
import type { CompareResult, TrialResult } from '../result.ts';
import { boundaryGrid, decisionBoundary, hasBoundary } from './boundary.ts';
import { estimateCompareBytes, MAX_RUN_BYTES } from './cost.ts';
import { BatchSampler, disposeBatch, disposeEval, type EvalData, prepareEval } from './data.ts';
import { initialParams } from './initialise.ts';
import type { LossHead } from './loss.ts';
import { applyLsuv, type LsuvReport } from './lsuv.ts';
import { modelSpec } from './model.ts';
import { makeOptimizer } from './optimizers.ts';
import { TrialRecord } from './record.ts';
import { checkpointSteps, logSteps } from './schedule.ts';
import { Trainer } from './trainer.ts';

export interface RunOptions {
  /** Called after each step with (steps done, total steps). */
  onProgress?: (done: number, total: number) => void;
}

function lossHead(p: ModelParams, d: Dataset): LossHead {
  return { task: d.task, loss: p.loss, outputDim: d.outputDim };
}

function createTrainer(p: TrialParams, d: Dataset, e: EvalData): { trainer: Trainer; lsuv: LsuvReport | null } {
  const spec = modelSpec(p, d.inputDim, d.outputDim, p.init === 'fixup');
  const trainer = new Trainer(spec, initialParams(spec, p), lossHead(p, d), makeOptimizer(p.optimizer, p.lr));
  const lsuv = p.init === 'lsuv' ? applyLsuv(trainer.model, e.trainX) : null;
  return { trainer, lsuv };
}

/** Evaluate and take statistics where the schedule says; returns false if the model diverged at this step. */
function observe(t: Trainer, rec: TrialRecord, e: EvalData, step: number, logged: boolean, stats: boolean): boolean {
  const finite = logged ? rec.log(step, t.evaluate(e)) : true;
  const bins = rec.params.histogramBins;
  if (step === 0) rec.atInit = t.layerStats(e, bins);
  else if (stats && finite) rec.checkpoints.push({ step, stats: t.layerStats(e, bins) });
  if (!finite) rec.divergedAtStep = step;
  return finite;
}

async function trainTogether(
  shared: ModelParams,
  trials: TrialParams[],
  opts: RunOptions,
): Promise<{ trials: TrialResult[]; ms: number }> {
  const bytes = estimateCompareBytes({ ...shared, inits: trials.map((t) => t.init) });
  if (bytes > MAX_RUN_BYTES)
    throw new RangeError(
      `this run needs about ${Math.ceil(bytes / 2 ** 20)} MiB of engine memory, over the ${MAX_RUN_BYTES / 2 ** 20} MiB ` +
        'limit: lower width, depth, the number of inits, or use sgd (momentum and adam keep extra state)',
    );
  await initBackend();
  const engine = engineInfo();
  const t0 = performance.now();
  const data = await makeDataset(shared);
  const evalData = prepareEval(data);
  const sampler = new BatchSampler(data, shared.batchSize, shared.seed);
  const trainers: Trainer[] = [];
  try {
    for (const p of trials) {
      const setup0 = performance.now();
      const { trainer } = createTrainer(p, data, evalData);
      trainer.ownMs += performance.now() - setup0;
      trainers.push(trainer);
    }
    const records = trials.map((p) => new TrialRecord(p));
    const live = trials.map(() => true);
    const logged = new Set(logSteps(shared.steps, shared.logEvery));
    const checkpoints = new Set(checkpointSteps(shared.steps, shared.checkpointEvery));
    for (let step = 0; ; step++) {
      trainers.forEach((t, k) => {
        if (live[k]) live[k] = observe(t, records[k], evalData, step, logged.has(step), checkpoints.has(step));
      });
      if (step === shared.steps || !live.some(Boolean)) break;
      const batch = sampler.next();
      try {
        trainers.forEach((t, k) => {
          if (!live[k] || t.step(batch)) return;
          live[k] = false;
          records[k].divergedAtStep = step;
          if (!records[k].loggedAt(step)) records[k].log(step, t.evaluate(evalData));
        });
      } finally {
        disposeBatch(batch);
      }
      opts.onProgress?.(step + 1, shared.steps);
    }
    const grid = hasBoundary(shared) ? boundaryGrid(data) : null;
    if (grid)
      trainers.forEach((t, k) => {
        if (records[k].divergedAtStep !== null) return;
        const t0 = performance.now();
        records[k].boundary = decisionBoundary(t.model, grid, lossHead(trials[k], data));
        t.ownMs += performance.now() - t0;
      });
    const totalMs = performance.now() - t0;
    const sharedMs = (totalMs - trainers.reduce((s, t) => s + t.ownMs, 0)) / trainers.length;
    return {
      trials: records.map((r, k) => r.toResult(engine, trainers[k].model.layers, trainers[k].ownMs + sharedMs)),
      ms: totalMs,
    };
  } finally {
    for (const t of trainers) t.dispose();
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
