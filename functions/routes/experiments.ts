/**
 * The paper reproductions. A run takes tens of seconds to minutes, so results go through the same cache tiers as
 * trials (keyed by engine version, name and complete settings); the site and most readers only ever hit the cache.
 *
 * An experiment is assembled from compares, and each compare goes through the cache of /api/v1/compare (same key), so
 * it is computed once and shared. One request computes at most EXPERIMENT_CAP_FACTOR × the trial cap of them; a study
 * longer than that answers 503 with Retry-After once its share is spent, and the retry carries on from the cache.
 *
 * Work cap: an experiment may cost at most what its default run costs (the runs the article quotes), and its costliest
 * compare must fit in one request's share, so a deployment (or a test) that lowers the trial cap lowers both.
 */

import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type CompareParams, type CompareResult, EXPERIMENT_NAMES, isExperimentName } from '../../src/index.ts';
import { cacheKey } from '../cache.ts';
import { engine } from '../engine.ts';
import { enforceWorkCap, workCap } from '../limits.ts';
import { ProblemError, validParams } from '../problem.ts';
import { resolveResult, serveResult, versionedJson } from '../respond.ts';
import { resultSpec } from '../result-routes.ts';
import type { AppEnv } from '../router.ts';
import { newRouter } from '../router.ts';
import { engineInfoSchema, problemResponses, resultResponses } from '../schemas.ts';
import { compareResource } from './compare.ts';

export const experiments = newRouter();

/**
 * Experiments are whole studies (many compares); the trial cap is for one. One request computes at most 10 × the trial
 * cap (5e11 FLOPs by default): narrow, deep nets are the slowest per FLOP (about 4e9 FLOP/s measured for the
 * Schoenholz grid), so that is about 2 minutes of CPU, within wrangler.toml's cpu_ms. Every default run's costliest
 * compare fits in it (a pool test checks it).
 */
export const EXPERIMENT_CAP_FACTOR = 10;

/**
 * The experiment's compare runner in the worker: each compare is resolved through the compare cache, and computed on
 * a miss while this request's share (`budget` estimated FLOPs) lasts. The first miss past it ends the request with a
 * 503: the compares computed so far are cached, so a retry assembles further.
 */
function cachedCompareRunner(c: Context<AppEnv>, budget: number, total: number) {
  let spent = 0;
  let computed = 0;
  return async (params: CompareParams): Promise<CompareResult> => {
    const spec = resultSpec(compareResource, params);
    const cost = spec.cost ?? 0;
    const admit = () => {
      if (computed > 0 && spent + cost > budget)
        throw new ProblemError(
          503,
          `this experiment is assembled from ${total} training runs, more than one request may compute; this request computed ${computed} and cached them. Retry to continue from the cache.`,
          [],
          { 'Retry-After': '1' },
        );
      spent += cost;
      computed++;
    };
    const { body } = await resolveResult(c, { ...spec, admit }, await cacheKey(spec.kind, params));
    return JSON.parse(body) as CompareResult;
  };
}

const evidenceSchema = z.object({
  label: z.string(),
  value: z.number().nullable(),
  op: z.enum(['<=', '>=', '<', '>']),
  threshold: z.number(),
  pass: z.boolean(),
});

const checkSchema = z.object({
  id: z.string(),
  statement: z.string(),
  held: z.number().int(),
  total: z.number().int(),
  rule: z.string(),
  holds: z.boolean(),
  evidence: z.array(z.object({ seed: z.number().int().nullable(), items: z.array(evidenceSchema) })),
});

const paperSchema = z.object({
  authors: z.string(),
  year: z.number().int(),
  title: z.string(),
  where: z.string(),
  url: z.string(),
});

const settingChangeSchema = z.object({
  date: z.string(),
  setting: z.string(),
  from: z.number(),
  to: z.number(),
  reason: z.string(),
});

/** What both the summary and a result say about an experiment before any setting or number. */
const experimentHead = {
  name: z.string(),
  paper: paperSchema,
  claim: z.string(),
  criteria: z.array(z.string()),
  /** Changes to the default settings since the first run, each with the old and new value and the reason. */
  history: z.array(settingChangeSchema),
};

const experimentResultSchema = z
  .object({
    ...experimentHead,
    setup: z.record(z.string(), z.unknown()),
    holds: z.boolean(),
    evidence: z.array(evidenceSchema.extend({ check: z.string(), seed: z.number().int().nullable() })),
    verdict: z.string(),
    checks: z.array(checkSchema),
    series: z.record(z.string(), z.unknown()),
    engine: engineInfoSchema,
    timing: z.object({ ms: z.number() }),
  })
  .openapi('ExperimentResult');

const experimentSummarySchema = z
  .object({
    ...experimentHead,
    /** Each setting: kind, range, default and doc (the same table the CLI's flags come from). */
    fields: z.record(z.string(), z.unknown()),
    defaults: z.record(z.string(), z.unknown()),
    estimatedFlops: z.number(),
  })
  .openapi('ExperimentSummary');

/**
 * The summaries are fixed for an engine build, but building them estimates every experiment's default run (~10 ms of
 * CPU): do it once per isolate, on first use, rather than on every request.
 */
let summaries: ReturnType<typeof engine.listExperiments> | undefined;
function experimentSummaries() {
  summaries ??= engine.listExperiments();
  return summaries;
}

function defaultCost(name: string): number {
  return experimentSummaries().find((e) => e.name === name)?.estimatedFlops ?? 0;
}

experiments.openapi(
  createRoute({
    method: 'get',
    path: '/experiments',
    tags: ['experiments'],
    summary: 'The reproducible experiments: paper, claim, decision rule, settings and their defaults',
    responses: {
      200: {
        description: 'Every experiment',
        content: { 'application/json': { schema: z.array(experimentSummarySchema) } },
      },
      304: { description: 'Not modified' },
    },
  }),
  (c) => versionedJson(c, 'experiments', 'public, max-age=86400', experimentSummaries) as never,
);

experiments.openapi(
  createRoute({
    method: 'get',
    path: '/experiments/{name}',
    tags: ['experiments'],
    summary: 'Run (or fetch the cached run of) one paper reproduction; the query overrides its settings',
    description:
      'Each experiment trains many networks (several seeds, depths or grid cells) and checks the paper’s claim against a decision rule fixed in its definition. ' +
      'The first request for a given name and settings is slow — tens of seconds of computation — and every later one is served from the cache (X-Cache: HIT), since results are deterministic. ' +
      'Each of its training runs is cached like a POST /api/v1/compare of the same params (listed in `setup.runs` where an experiment is split); a study longer than one request may compute answers 503 with Retry-After once it has computed its share, and a retry continues from the cache. ' +
      'Settings are the fields listed by GET /api/v1/experiments for that experiment (e.g. seeds, steps, width); a run may cost at most what the default run costs.',
    request: {
      params: z.object({
        name: z.string().openapi({
          param: { name: 'name', in: 'path' },
          example: 'he2015',
          description: `experiment name: ${EXPERIMENT_NAMES.join(', ')}`,
        }),
      }),
      // Settings differ per experiment (listed by GET /experiments); each is validated by that experiment's table.
      query: z.looseObject({}).openapi({ example: { seeds: '1' } }),
    },
    responses: {
      ...resultResponses(experimentResultSchema, 'The measured result and its verdict'),
      ...problemResponses(400, 404, 422, 429, 503),
    },
  }),
  (c) => {
    const { name } = c.req.valid('param');
    if (!isExperimentName(name)) throw new ProblemError(404, 'no experiment with that name; see /api/v1/experiments');
    const params = validParams(engine.normaliseExperimentParams(name, c.req.query(), true));
    // The study's cost is the sum of its compares': one estimate of each serves both caps.
    const runCosts = engine.experimentRunFlops(name, params);
    const budget = EXPERIMENT_CAP_FACTOR * workCap(c.env);
    const total = runCosts.reduce((sum, flops) => sum + flops, 0);
    enforceWorkCap(total, defaultCost(name), Object.keys(params));
    // A compare no single request could afford would never be assembled.
    enforceWorkCap(Math.max(...runCosts), budget, Object.keys(params));
    const runCompare = cachedCompareRunner(c, budget, runCosts.length);
    return serveResult(c, {
      kind: `experiment:${name}`,
      params,
      schema: experimentResultSchema,
      compute: () => engine.runExperiment(name, params, runCompare),
    });
  },
);
