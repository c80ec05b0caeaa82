import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { MAX_BYTES_TEXT, parseUserCsv, USER_DATA_LIMITS, USER_DATASET_PATTERN, userDataOf } from '../../src/index.ts';
import { clientKey, enforceRateLimit } from '../limits.ts';
import { ProblemError } from '../problem.ts';
import { type AppEnv, newRouter } from '../router.ts';
import { datasetSummarySchema, problemResponses } from '../schemas.ts';
import { datasetSummary, ensureUserData, storeUserData } from '../user-data.ts';

export const datasets = newRouter();

const requireCsv = createMiddleware<AppEnv>(async (c, next) => {
  if (!/^text\/csv\s*(;|$)/i.test(c.req.header('Content-Type') ?? ''))
    throw new ProblemError(415, 'send the file as the body with Content-Type: text/csv');
  await next();
});

const limitCsv = bodyLimit({
  maxSize: USER_DATA_LIMITS.maxBytes,
  onError: () => {
    throw new ProblemError(413, `the CSV must be at most ${USER_DATA_LIMITS.maxBytes} bytes (${MAX_BYTES_TEXT})`);
  },
});

const summaryResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: datasetSummarySchema } },
});

datasets.openapi(
  createRoute({
    method: 'post',
    path: '/datasets',
    tags: ['datasets'],
    summary:
      'Store a CSV (header row, numeric features, one label column) for dataset=user:<id>; the id is the SHA-256 of its canonical form',
    middleware: [requireCsv, limitCsv] as const,
    request: {
      query: z.object({
        target: z.string().min(1).optional().describe('the label column (default: the last column)'),
      }),
      body: { content: { 'text/csv': { schema: z.string() } }, required: true },
    },
    responses: {
      201: summaryResponse('Stored; use `dataset` in trials, compare and charts'),
      200: summaryResponse('The same data were already stored (content-addressed): nothing new was stored'),
      ...problemResponses(400, 413, 415, 429),
    },
  }),
  async (c) => {
    // Charged before parsing: reading a file is the work the limit bounds, whether or not the file is good.
    const client = clientKey(c.req.raw.headers);
    await enforceRateLimit(c.env.COMPUTE_LIMITER, client);
    const parsed = await parseUserCsv(await c.req.text(), c.req.valid('query').target);
    if (!parsed.ok) throw new ProblemError(400, `the CSV cannot be used: ${parsed.errors[0].message}`, parsed.errors);
    const { created } = await storeUserData(c.env, parsed.data, client);
    const location = `/api/v1/datasets/${parsed.data.id}`;
    return c.json(datasetSummary(parsed.data), created ? 201 : 200, {
      Location: location,
      'Cache-Control': 'no-store',
    });
  },
);

datasets.openapi(
  createRoute({
    method: 'get',
    path: '/datasets/{id}',
    tags: ['datasets'],
    summary: 'What a stored dataset is (rows, features, classes, task)',
    request: {
      params: z.object({
        id: z
          .string()
          .regex(new RegExp(USER_DATASET_PATTERN.replace('^user:', '^')), { error: 'id must be 64 hex digits' }),
      }),
    },
    responses: { 200: summaryResponse('The stored dataset'), ...problemResponses(400, 404) },
  }),
  async (c) => {
    const dataset = `user:${c.req.valid('param').id}`;
    await ensureUserData(c.env, dataset);
    const data = userDataOf(dataset);
    if (!data) throw new ProblemError(404, `no dataset ${dataset} is stored here`);
    return c.json(datasetSummary(data), 200, { 'Cache-Control': 'public, max-age=31536000, immutable' });
  },
);
