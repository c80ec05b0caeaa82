/**
 * Trials and compare are the same resource shape: GET with the params in the query string, POST with them as a JSON
 * body, both normalised by the engine's normaliser and served through the cache tiers.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { isUserDataset, type Normalised, type RunOptions } from '../src/index.ts';
import { knownHits, rememberRequest } from './known-requests.ts';
import { ProblemError, validParams } from './problem.ts';
import { keyFor, type ResultSpec, serveResult, serveStream } from './respond.ts';
import type { AppEnv } from './router.ts';
import { problemResponses, resultResponses, streamResponse } from './schemas.ts';
import { wantsStream } from './stream.ts';
import { ensureUserData } from './user-data.ts';

/** POST bodies are a few hundred bytes of params; anything much larger is not a request for this API. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface ResultResource<P> {
  path: string;
  kind: string;
  summary: string;
  tag: string;
  query: z.ZodObject;
  body: z.ZodObject;
  result: z.ZodType;
  /** One line of the NDJSON form (start, frame, result, error). */
  streamLine: z.ZodType;
  normalise: (input: unknown) => Normalised<P>;
  cost: (p: P) => number;
  bytes: (p: P) => number;
  costlyFields: readonly string[];
  compute: (p: P, opts: RunOptions) => unknown;
}

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ProblemError(413, `the JSON body must be at most ${MAX_BODY_BYTES} bytes`);
  },
});

/** A POST without a JSON content type is refused outright (an empty body is not "all defaults"). */
export const requireJson = createMiddleware<AppEnv>(async (c, next) => {
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(c.req.header('Content-Type') ?? ''))
    throw new ProblemError(415, 'send the params as a JSON object with Content-Type: application/json');
  await next();
});

/** The cache/compute spec of one resource for complete params. */
export function resultSpec<P>(res: ResultResource<P>, params: P): ResultSpec {
  return {
    kind: res.kind,
    params,
    cost: res.cost(params),
    bytes: res.bytes(params),
    costlyFields: res.costlyFields,
    schema: res.result,
    echoesParams: true,
    compute: (opts) => res.compute(params, opts),
  };
}

/** Normalise (cross-field rules, defaults) the schema-validated input, or throw a 400 naming every bad field. */
export function normaliseOrThrow<P>(res: ResultResource<P>, input: unknown): P {
  return validParams(res.normalise(input));
}

/**
 * The spec of a request whose data may be a reader's upload: the data are loaded first (they decide the loss and
 * the largest batch), and again just before the run, since the isolate holds a few datasets and another request's
 * may have taken this one's place in between.
 */
export async function specWithData<P>(c: Context<AppEnv>, res: ResultResource<P>, input: unknown): Promise<ResultSpec> {
  const dataset = (input as { dataset?: unknown } | null)?.dataset;
  await ensureUserData(c.env, dataset);
  const spec = resultSpec(res, normaliseOrThrow(res, input));
  if (typeof dataset !== 'string' || !isUserDataset(dataset)) return spec;
  const compute = spec.compute;
  return {
    ...spec,
    compute: async (opts) => {
      await ensureUserData(c.env, dataset);
      return compute(opts);
    },
  };
}

/** JSON, or the NDJSON stream when the Accept header asks for it; the answer varies with Accept either way. */
export async function serveResource<P>(c: Context<AppEnv>, res: ResultResource<P>, input: unknown): Promise<Response> {
  const spec = await specWithData(c, res, input);
  const key = await keyFor(c, spec);
  rememberRequest(c, res.kind, { key, params: spec.params, cost: spec.cost });
  const response = await (wantsStream(c.req.header('Accept')) ? serveStream(c, spec, key) : serveResult(c, spec, key));
  response.headers.append('Vary', 'Accept');
  return response;
}

export function mountResultResource<P>(router: OpenAPIHono<AppEnv>, res: ResultResource<P>): void {
  const errors = problemResponses(400, 422, 429, 503);
  const ok = streamResponse(resultResponses(res.result, res.summary), res.streamLine);
  const getRoute = createRoute({
    method: 'get',
    path: res.path,
    tags: [res.tag],
    summary: `${res.summary} (params in the query string)`,
    middleware: [knownHits(res.kind)] as const,
    request: { query: res.query },
    responses: { ...ok, ...errors },
  });
  router.openapi(getRoute, (c) => serveResource(c, res, c.req.valid('query')));

  const postRoute = createRoute({
    method: 'post',
    path: res.path,
    tags: [res.tag],
    summary: `${res.summary} (params as a JSON body; unknown fields refused)`,
    middleware: [requireJson, limitBody] as const,
    request: { body: { content: { 'application/json': { schema: res.body } }, required: true } },
    responses: { ...ok, ...errors, ...problemResponses(413, 415) },
  });
  router.openapi(postRoute, (c) => serveResource(c, res, c.req.valid('json')));
}
