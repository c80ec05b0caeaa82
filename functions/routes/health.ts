import { createRoute } from '@hono/zod-openapi';
import { readyEngine } from '../engine.ts';
import { newRouter } from '../router.ts';
import { healthSchema, problemResponses } from '../schemas.ts';

export const health = newRouter();

health.openapi(
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['meta'],
    summary: 'Liveness, and the engine block results carry (initialises the wasm backend)',
    responses: {
      200: { description: 'The engine is ready', content: { 'application/json': { schema: healthSchema } } },
      ...problemResponses(503),
    },
  }),
  async (c) => c.json({ ok: true, engine: await readyEngine() }, 200, { 'Cache-Control': 'no-store' }),
);
