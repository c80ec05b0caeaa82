/**
 * The worker: one origin for the static site (served by the assets layer) and the API under /api/* (this app runs
 * first there). Every error is problem+json; nothing a client sends yields a 5xx.
 */

import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { CORS_OPTIONS, securityHeaders } from './headers.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { INTERNAL_ERROR, problemResponse } from './problem.ts';
import { newRouter } from './router.ts';
import { charts } from './routes/charts.ts';
import { compare } from './routes/compare.ts';
import { datasets } from './routes/datasets.ts';
import { docsRouter } from './routes/docs.ts';
import { experiments } from './routes/experiments.ts';
import { health } from './routes/health.ts';
import { initializers } from './routes/initializers.ts';
import { theory } from './routes/theory.ts';
import { trials } from './routes/trials.ts';
import { shareImageUrl, withShareImage } from './share.ts';

const app = newRouter();

app.use('/api/*', securityHeaders);
app.use('/api/*', cors(CORS_OPTIONS));

app.route('/api/v1', health);
app.route('/api/v1', initializers);
app.route('/api/v1', trials);
app.route('/api/v1', compare);
app.route('/api/v1', theory);
app.route('/api/v1', experiments);
app.route('/api/v1', charts);
app.route('/api/v1', datasets);
app.route('/api', docsRouter(app));

// Embed pages run the worker first (wrangler.toml) only so that a shared state gets its own share image.
app.get('/embed/*', async (c) => {
  if (!c.env.ASSETS) return c.notFound();
  const res = await c.env.ASSETS.fetch(c.req.raw);
  const image = shareImageUrl(new URL(c.req.url));
  return image ? withShareImage(res, image, c.req.url) : res;
});

app.notFound((c) => {
  const path = c.req.path;
  // Outside /api the assets layer answers first; a request that still reaches the worker is the site's to answer.
  if (!path.startsWith('/api/') && c.env.ASSETS) return c.env.ASSETS.fetch(c.req.raw);
  return methodNotAllowed(app.routes, c.req.method, path) ?? problemResponse(404, 'no such API route; see /api/docs');
});

app.onError((err, c) => {
  if (err instanceof HTTPException) {
    if (err.res?.headers.get('Content-Type')?.startsWith('application/problem+json')) return err.res;
    if (err.status >= 500) console.error(`${c.req.method} ${c.req.path}`, err);
    return problemResponse(err.status, err.message || 'the request could not be handled');
  }
  console.error(`${c.req.method} ${c.req.path}`, err);
  return problemResponse(500, INTERNAL_ERROR);
});

export default app;
