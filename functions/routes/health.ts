import { createRoute } from '@hono/zod-openapi';
import { readyEngine } from '../engine.ts';
import { runSlots } from '../load.ts';
import { newRouter } from '../router.ts';
import { healthSchema, problemResponses } from '../schemas.ts';

export const health = newRouter();

health.openapi(
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['meta'],
    summary: 'Liveness, the engine block results carry (initialises the wasm backend), and the training in flight here',
    responses: {
      200: { description: 'The engine is ready', content: { 'application/json': { schema: healthSchema } } },
      ...problemResponses(503),
    },
  }),
  async (c) => {
    const load = { runs: runSlots.running, workAheadFlops: Math.round(runSlots.remaining()) };
    return c.json({ ok: true, engine: await readyEngine(), load }, 200, { 'Cache-Control': 'no-store' });
  },
);
