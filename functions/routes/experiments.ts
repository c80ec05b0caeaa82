import { createRoute, z } from '@hono/zod-openapi';
import { ENGINE_VERSION, isExperimentName } from '../../src/index.ts';
import { engine } from '../engine.ts';
import { badRequest, ProblemError } from '../problem.ts';
import { serveResult } from '../respond.ts';
import { newRouter } from '../router.ts';
import { engineInfoSchema, problemResponses, resultResponses } from '../schemas.ts';

export const experiments = newRouter();

const experimentResultSchema = z
  .looseObject({
    name: z.string(),
    claim: z.string(),
    holds: z.boolean(),
    verdict: z.string(),
    checks: z.array(z.looseObject({ id: z.string(), holds: z.boolean() })),
    series: z.record(z.string(), z.unknown()),
    engine: engineInfoSchema,
  })
  .openapi('ExperimentResult');

experiments.openapi(
  createRoute({
    method: 'get',
    path: '/experiments',
    tags: ['experiments'],
    summary: 'The reproducible experiments: paper, claim, decision rule, settings and their defaults',
    responses: {
      200: { description: 'Every experiment', content: { 'application/json': { schema: z.array(z.looseObject({})) } } },
      ...problemResponses(404),
    },
  }),
  (c) =>
    c.json(engine.listExperiments(), 200, {
      'Cache-Control': 'public, max-age=86400',
      ETag: `W/"experiments-${ENGINE_VERSION}"`,
    }),
);

experiments.openapi(
  createRoute({
    method: 'get',
    path: '/experiments/{name}',
    tags: ['experiments'],
    summary: "Run (or fetch the cached run of) one paper reproduction; the query overrides the experiment's settings",
    request: {
      params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' }, example: 'he2015' }) }),
    },
    responses: {
      ...resultResponses(experimentResultSchema, 'The measured result and its verdict'),
      ...problemResponses(400, 404, 422, 429, 503),
    },
  }),
  (c) => {
    const api = engine;
    const { name } = c.req.valid('param');
    if (!isExperimentName(name)) throw new ProblemError(404, `no experiment with that name; see /api/v1/experiments`);
    const normalised = api.normaliseExperimentParams(name, c.req.query(), true);
    if (!normalised.ok) throw badRequest(normalised.errors);
    const params = normalised.params;
    return serveResult(c, {
      kind: `experiment:${name}`,
      params,
      cost: api.estimateExperimentFlops(name, params),
      costlyFields: Object.keys(params),
      schema: experimentResultSchema,
      compute: () => api.runExperiment(name, params),
    });
  },
);
