import { normaliseTrialParams, type TrialParams } from '../../src/index.ts';
import { engine } from '../engine.ts';
import { mountResultResource } from '../result-routes.ts';
import { newRouter } from '../router.ts';
import { trialBody, trialQuery, trialResultSchema, trialStreamLineSchema } from '../schemas.ts';

export const trials = newRouter();

mountResultResource<TrialParams>(trials, {
  path: '/trials',
  kind: 'trial',
  tag: 'trials',
  summary: 'Train one network from one initializer and report losses and per-layer statistics',
  query: trialQuery,
  body: trialBody,
  result: trialResultSchema,
  streamLine: trialStreamLineSchema,
  normalise: normaliseTrialParams,
  cost: (p) => engine.estimateTrialFlops(p),
  bytes: (p) => engine.estimateTrialBytes(p),
  costlyFields: ['steps', 'width', 'depth', 'widths', 'batchSize'],
  compute: (p, opts) => engine.runTrial(p, opts),
});
