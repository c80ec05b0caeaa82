/**
 * The experiment registry: published results on initialisation, each a named, parameterised, re-runnable
 * measurement. The CLI (`initlab experiment NAME`), the API (`/api/v1/experiments/:name`) and the site's figures all
 * go through `runExperiment`.
 */
import { engineInfo } from '../backend.ts';
import { type FieldError, type Normalised, parseTable, tableDefaults } from '../params/index.ts';
import { estimateCompareFlops } from '../train/index.ts';
import { de2020 } from './de2020.ts';
import { fixup2019 } from './fixup2019.ts';
import { glorot2010 } from './glorot2010.ts';
import { he2015 } from './he2015.ts';
import { ioffe2015 } from './ioffe2015.ts';
import { lsuv2015 } from './lsuv2015.ts';
import { saxe2013 } from './saxe2013.ts';
import { schoenholz2017 } from './schoenholz2017.ts';
import { totalFlops, verdictOf } from './shared.ts';
import {
  EXPERIMENT_NAMES,
  type ExperimentContext,
  type ExperimentDefinition,
  type ExperimentName,
  type ExperimentResult,
} from './types.ts';
import { yang2022 } from './yang2022.ts';

export * from './types.ts';

// Each definition is typed by its own params; the registry only passes them through the definition's own table.
const DEFINITIONS: Record<ExperimentName, ExperimentDefinition<never>> = {
  glorot2010,
  he2015,
  saxe2013,
  schoenholz2017,
  lsuv2015,
  fixup2019,
  de2020,
  ioffe2015,
  yang2022,
};

export function isExperimentName(name: string): name is ExperimentName {
  return (EXPERIMENT_NAMES as readonly string[]).includes(name);
}

export function experimentDefinition(name: ExperimentName): ExperimentDefinition<Record<string, unknown>> {
  return DEFINITIONS[name] as unknown as ExperimentDefinition<Record<string, unknown>>;
}

export interface ExperimentSummary {
  name: ExperimentName;
  paper: ExperimentDefinition['paper'];
  claim: string;
  criteria: string[];
  history: ExperimentDefinition['history'];
  /** The overridable settings and their defaults. */
  fields: ExperimentDefinition['fields'];
  defaults: Record<string, unknown>;
  /** Estimated FLOPs of a run with the defaults. */
  estimatedFlops: number;
}

export function listExperiments(): ExperimentSummary[] {
  return EXPERIMENT_NAMES.map((name) => {
    const d = experimentDefinition(name);
    const defaults = tableDefaults(d.fields);
    return {
      name,
      paper: d.paper,
      claim: d.claim,
      criteria: d.criteria,
      history: d.history,
      fields: d.fields,
      defaults,
      estimatedFlops: estimateExperimentFlops(name, defaults),
    };
  });
}

/** Validate and complete an experiment's settings; `coerce` accepts strings (query strings, CLI flags). */
export function normaliseExperimentParams(
  name: string,
  input: unknown,
  coerce = false,
): Normalised<Record<string, unknown>> {
  if (!isExperimentName(name))
    return { ok: false, errors: [{ path: 'name', message: `name must be one of ${EXPERIMENT_NAMES.join(', ')}` }] };
  const parsed = parseTable(experimentDefinition(name).fields, input, coerce);
  return parsed.ok ? { ok: true, params: parsed.data } : parsed;
}

export function estimateExperimentFlops(name: ExperimentName, params: Record<string, unknown>): number {
  return totalFlops(experimentDefinition(name).runs(params));
}

/**
 * The estimated FLOPs of each compare the experiment makes: a host that computes the runs one by one (and caches
 * them) budgets its requests by these, and refuses settings whose costliest run no request could afford.
 */
export function experimentRunFlops(name: ExperimentName, params: Record<string, unknown>): number[] {
  return experimentDefinition(name).runs(params).map(estimateCompareFlops);
}

export class ExperimentInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * Run one experiment. `overrides` are partial settings (engine types, or strings with `coerce`); the result echoes
 * the complete settings in `setup`. The wasm backend must be initialised by the host first (`initBackend`).
 */
export async function runExperiment(
  name: string,
  overrides: Record<string, unknown> = {},
  ctx: ExperimentContext & { coerce?: boolean } = {},
): Promise<ExperimentResult> {
  const normalised = normaliseExperimentParams(name, overrides, ctx.coerce ?? false);
  if (!normalised.ok) throw new ExperimentInputError(normalised.errors);
  const definition = experimentDefinition(name as ExperimentName);
  const start = performance.now();
  const outcome = await definition.run(normalised.params, ctx);
  const holds = outcome.checks.every((c) => c.holds);
  return {
    name: definition.name,
    paper: definition.paper,
    claim: definition.claim,
    criteria: definition.criteria,
    history: definition.history,
    setup: { ...normalised.params, ...outcome.setup },
    holds,
    evidence: outcome.checks.flatMap((c) =>
      c.evidence.flatMap((run) => run.items.map((item) => ({ check: c.id, seed: run.seed, ...item }))),
    ),
    verdict: verdictOf(outcome.checks, outcome.note),
    checks: outcome.checks,
    series: outcome.series,
    engine: engineInfo(),
    timing: { ms: Math.round(performance.now() - start) },
  };
}
