import { type CompareParams, normaliseCompareParams } from '../../src/index.ts';
import { engine } from '../engine.ts';
import { mountResultResource, type ResultResource } from '../result-routes.ts';
import { newRouter } from '../router.ts';
import { compareBody, compareQuery, compareResultSchema, compareStreamLineSchema } from '../schemas.ts';

export const compare = newRouter();

export const compareResource: ResultResource<CompareParams> = {
  path: '/compare',
  kind: 'compare',
  tag: 'compare',
  summary: 'Race several initializers on the same data, model and seed in one shared training loop',
  query: compareQuery,
  body: compareBody,
  result: compareResultSchema,
  streamLine: compareStreamLineSchema,
  normalise: normaliseCompareParams,
  cost: (p) => engine.estimateCompareFlops(p),
  bytes: (p) => engine.estimateCompareBytes(p),
  costlyFields: ['inits', 'steps', 'width', 'depth', 'widths', 'batchSize'],
  compute: (p, opts) => engine.runCompare(p, opts),
};

mountResultResource(compare, compareResource);
