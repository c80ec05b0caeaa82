/**
 * The paper reproductions. A run takes tens of seconds, so results go through the same cache tiers as trials (keyed by
 * engine version, name and complete settings); the site and most readers only ever hit the cache.
 *
 * Work cap: an experiment may cost at most what its default run costs (the runs the article quotes, each well under
 * the worker's CPU limit), and at most EXPERIMENT_CAP_FACTOR × the trial cap, so a deployment (or a test) that lowers
 * the trial cap lowers this one too.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { EXPERIMENT_NAMES, isExperimentName } from '../../src/index.ts';
import { engine } from '../engine.ts';
import { enforceWorkCap, workCap } from '../limits.ts';
import { ProblemError, validParams } from '../problem.ts';
import { serveResult, versionedJson } from '../respond.ts';
import { newRouter } from '../router.ts';
import { engineInfoSchema, problemResponses, resultResponses } from '../schemas.ts';

export const experiments = newRouter();

/**
 * Experiments are whole studies (many trials); the trial cap is for one. 15 × the default trial cap (7.5e11) admits
 * every experiment's default run (a pool test checks it); wrangler.toml's cpu_ms is set for the costliest of them.
 */
export const EXPERIMENT_CAP_FACTOR = 15;

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

/** What both the summary and a result say about an experiment before any setting or number. */
const experimentHead = {
  name: z.string(),
  paper: paperSchema,
  claim: z.string(),
  criteria: z.array(z.string()),
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
    const cap = Math.min(defaultCost(name), EXPERIMENT_CAP_FACTOR * workCap(c.env));
    enforceWorkCap(engine.estimateExperimentFlops(name, params), cap, Object.keys(params));
    return serveResult(c, {
      kind: `experiment:${name}`,
      params,
      schema: experimentResultSchema,
      compute: () => engine.runExperiment(name, params),
    });
  },
);
