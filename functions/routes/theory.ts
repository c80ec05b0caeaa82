import { createRoute } from '@hono/zod-openapi';
import { normaliseTheoryParams, THEORY_FIELDS } from '../../src/index.ts';
import { engine } from '../engine.ts';
import { validParams } from '../problem.ts';
import { serveResult } from '../respond.ts';
import { newRouter } from '../router.ts';
import { problemResponses, requestSchema, resultResponses, theoryResultSchema } from '../schemas.ts';

export const theory = newRouter();

theory.openapi(
  createRoute({
    method: 'get',
    path: '/theory',
    tags: ['theory'],
    summary: 'Mean-field signal propagation (Poole 2016, Schoenholz 2017) over a (σ_w², σ_b²) grid',
    request: { query: requestSchema(THEORY_FIELDS, true) },
    responses: { ...resultResponses(theoryResultSchema, 'The grid'), ...problemResponses(400, 429, 503) },
  }),
  (c) => {
    const params = validParams(normaliseTheoryParams(c.req.valid('query')));
    return serveResult(c, {
      kind: 'theory',
      params,
      schema: theoryResultSchema,
      compute: () => engine.theoryGrid(params),
    });
  },
);
