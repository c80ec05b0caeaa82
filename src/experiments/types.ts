/**
 * What an experiment is and what it returns. An experiment is a published result turned into a re-runnable
 * measurement: its decision rule (`criteria`) is part of the definition, written before any run, and the result
 * shows the measured numbers next to the thresholds so a reader can check the verdict.
 */
import type { CompareParams, FieldTable } from '../params/index.ts';
import type { CompareResult, EngineInfo } from '../result.ts';

export interface PaperRef {
  authors: string;
  year: number;
  title: string;
  /** Where the reproduced figure or table is. */
  where: string;
  url: string;
}

/**
 * A change to an experiment's default settings after its first run. Decision rules and thresholds never change; a
 * setting may, and the result says which, from what, to what and why, so a reader can judge the verdict with it.
 */
export interface SettingChange {
  /** The day of the change, ISO 8601. */
  date: string;
  /** The setting's name (a field of the experiment's table, or a fixed setting of its runs). */
  setting: string;
  from: number;
  to: number;
  /** Why, with the measurement that prompted it; "toward the paper" when it moves to the paper's own setting. */
  reason: string;
}

/** One number that decides (part of) the verdict, with its rule. */
export interface Evidence {
  /** What is measured, in words. */
  label: string;
  /** The measured value (null: not measurable in this run, e.g. a loss that never reached its target). */
  value: number | null;
  /** `value <op> threshold` is the rule. */
  op: '<=' | '>=' | '<' | '>';
  threshold: number;
  pass: boolean;
}

/** One sub-claim of an experiment, checked on each seed (or once, for checks over a whole grid). */
export interface ClaimCheck {
  id: string;
  /** The sub-claim in one sentence. */
  statement: string;
  /** Seeds (runs) on which every piece of evidence passed, out of `total`. */
  held: number;
  total: number;
  /** The rule for `holds` from `held`/`total`, in words (e.g. "a majority of 3 seeds"). */
  rule: string;
  holds: boolean;
  /** Per seed (or a single entry): the deciding numbers. */
  evidence: { seed: number | null; items: Evidence[] }[];
}

export interface ExperimentResult {
  name: ExperimentName;
  paper: PaperRef;
  /** One sentence: what the paper showed. */
  claim: string;
  /** The decision rule, fixed in the definition before any run. */
  criteria: string[];
  /** Changes to the default settings since the first run, oldest first (empty when there were none). */
  history: readonly SettingChange[];
  /** Every setting of the run: the experiment's own parameters and the engine params of the runs it made. */
  setup: Record<string, unknown>;
  holds: boolean;
  /** The numbers that decide it, one row per measured number and run (the same rows as in `checks`, flattened). */
  evidence: (Evidence & { check: string; seed: number | null })[];
  /** A sentence on the verdict: how many seeds held and, when the claim does not hold, why. */
  verdict: string;
  checks: ClaimCheck[];
  /** The data the site plots. */
  series: Record<string, unknown>;
  engine: EngineInfo;
  timing: { ms: number };
}

export type ProgressFn = (done: number, total: number, label?: string) => void;

export interface ExperimentContext {
  onProgress?: ProgressFn;
  /**
   * Runs one compare of the experiment in place of the engine's `runCompare`. A host that caches compares (the API)
   * passes one, so an experiment too long for one request is assembled from runs that are each computed once, each
   * within the per-run work cap, and shared with anyone who asks for the same compare. It must return exactly what
   * `runCompare` would for these params.
   */
  runCompare?: (params: CompareParams) => Promise<CompareResult>;
}

/** The analysis an experiment makes of its runs: everything of the result except the fixed description. */
export interface ExperimentOutcome {
  setup: Record<string, unknown>;
  checks: ClaimCheck[];
  series: Record<string, unknown>;
  /** Extra explanation appended to the verdict (e.g. why a claim does not hold here). */
  note?: string;
}

export interface ExperimentDefinition<P = Record<string, unknown>> {
  name: ExperimentName;
  paper: PaperRef;
  claim: string;
  criteria: string[];
  /** Changes to the default settings since the first run, oldest first. */
  history: readonly SettingChange[];
  /** The overridable settings (CLI flags / query fields), with ranges and the defaults the article uses. */
  fields: FieldTable;
  /**
   * Every compare the experiment makes, in the order it makes them: their estimated FLOPs are its cost (the API's
   * work cap), and each is a piece a host may compute and cache on its own (`ExperimentContext.runCompare`).
   */
  runs(params: P): CompareParams[];
  run(params: P, ctx: ExperimentContext): Promise<ExperimentOutcome>;
}

export const EXPERIMENT_NAMES = [
  'glorot2010',
  'he2015',
  'saxe2013',
  'schoenholz2017',
  'lsuv2015',
  'fixup2019',
  'de2020',
  'ioffe2015',
  'yang2022',
] as const;
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];
