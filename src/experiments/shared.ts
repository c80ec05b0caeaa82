/**
 * The pieces every experiment uses: building engine params, running a list of compares with one progress bar,
 * reading curves, and turning measured numbers into checked evidence. Kept here so that each experiment file is only
 * its setup, its runs and its decision rule.
 */
import {
  type CompareParams,
  type FieldTable,
  type IntField,
  type NumField,
  normaliseCompareParams,
  paramsOrThrow,
} from '../params/index.ts';
import type { CompareResult, TrialResult } from '../result.ts';
import { estimateCompareFlops, runCompare } from '../train/index.ts';
import type { ClaimCheck, Evidence, ExperimentContext } from './types.ts';

/** Fields most experiments share: which seeds to run. */
export const SEED_FIELDS = {
  seed: { kind: 'int', min: 0, max: 1_000_000, default: 1, doc: 'first seed; runs use seed, seed+1, …' },
} as const satisfies FieldTable;

/** Settings rows the experiments share; each experiment picks its own default. */
export const SEEDS_FIELD: IntField = { kind: 'int', min: 1, max: 9, default: 3, doc: 'independent runs (seeds)' };

export function widthField(defaultWidth: number, max = 256, doc = 'units per hidden layer'): IntField {
  return { kind: 'int', min: 16, max, default: defaultWidth, doc };
}

export function stepsField(defaultSteps: number, doc: string): IntField {
  return { kind: 'int', min: 50, max: 3000, default: defaultSteps, doc };
}

export function lrField(defaultLr: number, doc: string): NumField {
  return { kind: 'num', min: 0, max: 1, minExclusive: true, default: defaultLr, doc };
}

/** An experiment's complete settings: every field of its table is a number. */
export type Settings<T extends FieldTable> = { [K in keyof T]: number };

export function seedsFrom(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Complete compare params from an experiment's settings. Invalid settings here are a bug in the experiment. */
export function compareParams(input: Record<string, unknown>): CompareParams {
  return paramsOrThrow(normaliseCompareParams(input));
}

/**
 * The ReLU-on-MNIST training run two experiments share (He et al., LSUV): SGD with momentum 0.9, batch 64, the loss
 * logged every 10 steps, per-layer statistics at init only.
 */
export function reluMnistRun(run: {
  inits: string[];
  depth: number;
  width: number;
  lr: number;
  steps: number;
  seed: number;
  targetLoss?: number;
}): CompareParams {
  return compareParams({
    ...run,
    activation: 'relu',
    dataset: 'mnist',
    optimizer: 'momentum',
    batchSize: 64,
    logEvery: 10,
    checkpointEvery: 0,
  });
}

/** Total estimated FLOPs of a list of compares (the API's work cap counts all of them). */
export function totalFlops(list: readonly CompareParams[]): number {
  return list.reduce((sum, p) => sum + estimateCompareFlops(p), 0);
}

/**
 * Runs compares one after another (the host is single-threaded anyway) and reports progress over all of them,
 * weighted by cost, as one bar. A host's own runner (`ctx.runCompare`, e.g. through a cache) replaces the engine's;
 * progress then moves run by run.
 */
export async function runCompares(
  list: readonly CompareParams[],
  ctx: ExperimentContext,
  label = 'training',
): Promise<CompareResult[]> {
  const { onProgress } = ctx;
  const costs = list.map((p) => Math.max(1, estimateCompareFlops(p)));
  const total = costs.reduce((a, b) => a + b, 0);
  const scale = 1000 / total;
  const results: CompareResult[] = [];
  let before = 0;
  for (let i = 0; i < list.length; i++) {
    const share = costs[i];
    const onStep = (done: number, of: number) =>
      onProgress?.(Math.round((before + (of > 0 ? (share * done) / of : 0)) * scale), 1000, label);
    results.push(await (ctx.runCompare ? ctx.runCompare(list[i]) : runCompare(list[i], { onProgress: onStep })));
    before += share;
    onProgress?.(Math.round(before * scale), 1000, label);
  }
  return results;
}

/** Every seed's runs, seed after seed: the runs of an experiment that repeats one set of runs per seed. */
export function runsPerSeed(p: { seed: number; seeds: number }, runsOf: (seed: number) => CompareParams[]) {
  return seedsFrom(p.seed, p.seeds).flatMap(runsOf);
}

/** Runs `runsPerSeed` (one progress bar over all) and hands the results back per seed, in `runsOf`'s order. */
export async function runPerSeed(
  p: { seed: number; seeds: number },
  runsOf: (seed: number) => CompareParams[],
  ctx: ExperimentContext,
): Promise<{ seeds: number[]; runs: CompareParams[]; bySeed: CompareResult[][] }> {
  const seeds = seedsFrom(p.seed, p.seeds);
  const runs = runsPerSeed(p, runsOf);
  const results = await runCompares(runs, ctx);
  const n = results.length / seeds.length;
  return { seeds, runs, bySeed: seeds.map((_, s) => results.slice(s * n, (s + 1) * n)) };
}

/** The trial of one initializer in a compare. */
export function trialOf(result: CompareResult, init: string): TrialResult {
  const t = result.trials.find((x) => x.params.init === init);
  if (!t) throw new Error(`compare has no trial for ${init}`);
  return t;
}

/** Train loss at the first logged step (step 0: the loss at initialisation). */
export function initialLoss(t: TrialResult): number | null {
  return t.trainLoss[0] ?? null;
}

/** Final train loss; a diverged run has none. */
export function finalLoss(t: TrialResult): number | null {
  return t.diverged ? null : t.final.trainLoss;
}

/** First logged step whose train loss is ≤ `target`; null if never (or the run diverged first). */
export function stepsToLoss(t: TrialResult, target: number): number | null {
  for (let i = 0; i < t.steps.length; i++) {
    const loss = t.trainLoss[i];
    if (loss !== null && loss <= target) return t.steps[i];
  }
  return null;
}

/** Mean of the logged train losses: the area under the curve, lower = faster. Null if the run diverged. */
export function meanLoss(t: TrialResult): number | null {
  if (t.diverged) return null;
  const values = t.trainLoss.filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** The hidden layers of a trial (every weight layer but the output layer). */
export function hiddenLayers(t: TrialResult) {
  return t.layers.slice(0, -1);
}

/** max / min of positive numbers; null if any is missing or not positive. */
export function spread(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null || !(v > 0))) return null;
  const v = values as number[];
  return Math.max(...v) / Math.min(...v);
}

/** a / b, null when either is missing or b is 0. */
export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const COMPARE: Record<Evidence['op'], (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
};

/** A measured number against its threshold. A missing value fails unless `missingPasses` says what it means. */
export function evidence(
  label: string,
  value: number | null,
  op: Evidence['op'],
  threshold: number,
  missingPasses = false,
): Evidence {
  const pass = value === null ? missingPasses : COMPARE[op](value, threshold);
  return { label, value, op, threshold, pass };
}

/** A yes/no observation as evidence (1 = yes). */
export function flag(label: string, yes: boolean): Evidence {
  return evidence(label, yes ? 1 : 0, '>=', 1);
}

/** A sub-claim checked on several seeds: it holds when it held on a strict majority of them. */
export function checkPerSeed(
  id: string,
  statement: string,
  perSeed: readonly { seed: number; items: Evidence[] }[],
): ClaimCheck {
  const held = perSeed.filter((s) => s.items.every((e) => e.pass)).length;
  const total = perSeed.length;
  return {
    id,
    statement,
    held,
    total,
    rule: total === 1 ? 'the one run' : `a majority of ${total} seeds`,
    holds: held * 2 > total,
    evidence: perSeed.map((s) => ({ seed: s.seed, items: s.items })),
  };
}

/** A sub-claim decided once (e.g. over a whole grid). */
export function checkOnce(id: string, statement: string, items: Evidence[]): ClaimCheck {
  const holds = items.every((e) => e.pass);
  return {
    id,
    statement,
    held: holds ? 1 : 0,
    total: 1,
    rule: 'every number within its threshold',
    holds,
    evidence: [{ seed: null, items }],
  };
}

/** One sentence: what held, on how many seeds, and what did not. */
export function verdictOf(checks: readonly ClaimCheck[], note?: string): string {
  const part = (c: ClaimCheck) => `${c.id} ${c.holds ? 'holds' : 'does not hold'} (${c.held}/${c.total})`;
  const all = checks.every((c) => c.holds);
  const head = all ? 'The claim holds here' : 'The claim does not hold here';
  return `${head}: ${checks.map(part).join('; ')}.${note ? ` ${note}` : ''}`;
}

/** Engine params of a run as the experiment's setup shows them: the seed varies per run and is listed apart. */
export function withoutSeed<T extends { seed: number }>(p: T): Omit<T, 'seed'> {
  const { seed: _seed, ...rest } = p;
  return rest;
}

/** The median over runs of one evidence item of a check (null if no run measured it): for notes and summaries. */
export function medianEvidence(check: ClaimCheck, item: number): number | null {
  const values = check.evidence.map((e) => e.items[item]?.value).filter((v): v is number => typeof v === 'number');
  return values.length ? median(values) : null;
}

/** A number for prose: 3 significant digits. */
export function fmt(x: number | null): string {
  return x === null ? 'n/a' : Number(x.toPrecision(3)).toString();
}

/**
 * Runs that diverged, in words. The rules count "reached the criterion" even if a run diverged afterwards; the
 * verdict says so rather than hiding it.
 */
export function divergenceRemark(runs: readonly { label: string; result: CompareResult }[]): string | undefined {
  const rows = runs.flatMap(({ label, result }) =>
    result.trials.filter((t) => t.diverged).map((t) => `${t.params.init} (${label}) at step ${t.divergedAtStep}`),
  );
  return rows.length ? `Diverged during training: ${rows.join('; ')}.` : undefined;
}
