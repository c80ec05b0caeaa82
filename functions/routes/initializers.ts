import { createRoute, z } from '@hono/zod-openapi';
import { INIT_IDS, normaliseSampleParams, SAMPLE_FIELDS } from '../../src/index.ts';
import { engine } from '../engine.ts';
import { badRequest, ProblemError } from '../problem.ts';
import { serveResult, versionedJson } from '../respond.ts';
import { newRouter } from '../router.ts';
import { problemResponses, requestSchema, resultResponses, sampleResultSchema } from '../schemas.ts';

export const initializers = newRouter();

/** The catalog changes only with the engine, so clients may keep it a day and revalidate by ETag. */
const CATALOG_CACHE = 'public, max-age=86400';

const catalogEntrySchema = z
  .looseObject({ id: z.enum(INIT_IDS), name: z.string(), formula: z.string() })
  .openapi('Initializer', { description: 'id, name, formula (LaTeX), fan mode, distribution, reference, options' });

initializers.openapi(
  createRoute({
    method: 'get',
    path: '/initializers',
    tags: ['initializers'],
    summary: 'The initializer catalog: id, name, formula, fan mode, distribution, reference, options, code',
    responses: {
      200: {
        description: 'Every initializer',
        content: { 'application/json': { schema: z.array(catalogEntrySchema) } },
      },
      304: { description: 'Not modified' },
    },
  }),
  (c) => versionedJson(c, 'catalog', CATALOG_CACHE, engine.catalogJson) as never,
);

const { init: _init, ...sampleQueryFields } = SAMPLE_FIELDS;
const SAMPLEABLE = INIT_IDS.filter((id) => id !== 'lsuv' && id !== 'fixup');

initializers.openapi(
  createRoute({
    method: 'get',
    path: '/initializers/{id}/sample',
    tags: ['initializers'],
    summary: 'Draw one weight matrix and report its moments, histogram and the std the formula prescribes',
    request: {
      params: z.object({
        id: z.string().openapi({
          param: { name: 'id', in: 'path' },
          example: 'he_normal',
          description: `initializer id: ${SAMPLEABLE.join(', ')} (lsuv and fixup depend on a model and data)`,
        }),
      }),
      query: requestSchema(sampleQueryFields, true),
    },
    responses: {
      ...resultResponses(sampleResultSchema, 'The sample'),
      ...problemResponses(400, 404, 429, 503),
    },
  }),
  (c) => {
    const { id } = c.req.valid('param');
    if (!(INIT_IDS as readonly string[]).includes(id))
      throw new ProblemError(404, `no initializer with that id; the ids are ${INIT_IDS.join(', ')}`);
    const normalised = normaliseSampleParams({ ...c.req.valid('query'), init: id });
    // The initializer arrives as the path's {id}; name it so in errors.
    if (!normalised.ok) throw badRequest(normalised.errors.map((e) => (e.path === 'init' ? { ...e, path: 'id' } : e)));
    const params = normalised.params;
    return serveResult(c, {
      kind: 'sample',
      params,
      schema: sampleResultSchema,
      compute: () => engine.sampleInitializer(params),
    });
  },
);
