import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { openApiDocument } from '../docs/openapi.ts';
import { DOCS_STYLE, type DocLike, renderDocs } from '../docs/render.ts';
import { type AppEnv, newRouter } from '../router.ts';

/** Cheap, real requests for the page's try-it links (a few hundred ms each when uncached). */
export const TRY_IT: Record<string, string> = {
  '/api/v1/health': '/api/v1/health',
  '/api/v1/initializers': '/api/v1/initializers',
  '/api/v1/initializers/{id}/sample': '/api/v1/initializers/he_normal/sample?fanIn=256&fanOut=256&seed=1',
  '/api/v1/trials': '/api/v1/trials?init=he_normal&depth=4&width=32&steps=100',
  '/api/v1/compare': '/api/v1/compare?inits=he_normal,glorot_uniform,random_normal&depth=6&width=32&steps=100',
  '/api/v1/theory': '/api/v1/theory?activation=tanh',
  '/api/v1/experiments': '/api/v1/experiments',
  '/api/v1/charts/compare.svg':
    '/api/v1/charts/compare.svg?inits=he_normal,glorot_uniform,random_normal&depth=6&width=32&steps=100',
  '/api/v1/openapi.json': '/api/v1/openapi.json',
};

async function styleHash(): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(DOCS_STYLE));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** The docs routes need the whole app: the document describes every route mounted on it. */
export function docsRouter(app: OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const docs = newRouter();
  let page: { html: string; csp: string } | null = null;

  docs.openapi(
    createRoute({
      method: 'get',
      path: '/v1/openapi.json',
      tags: ['meta'],
      summary: 'This document: OpenAPI 3.1, generated from the schemas that validate the requests',
      responses: {
        200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.looseObject({}) } } },
      },
    }),
    (c) => c.json(openApiDocument(app), 200, { 'Cache-Control': 'public, max-age=300' }),
  );

  docs.openapi(
    createRoute({
      method: 'get',
      path: '/docs',
      tags: ['meta'],
      summary: 'Human-readable reference of every route, rendered from the OpenAPI document (no scripts, no CDN)',
      responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
    }),
    async (c) => {
      page ??= {
        html: renderDocs(openApiDocument(app) as unknown as DocLike, TRY_IT),
        csp: `default-src 'none'; style-src 'sha256-${await styleHash()}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      };
      return c.html(page.html, 200, { 'Content-Security-Policy': page.csp, 'Cache-Control': 'public, max-age=300' });
    },
  );
  return docs;
}
