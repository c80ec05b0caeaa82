/** Headers every API response carries: CORS for any origin (the results are public), and security headers. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './router.ts';

/** For JSON: nothing may load, nothing may frame it. Routes serving HTML or SVG set a stricter, specific policy. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const CORS_OPTIONS = {
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'If-None-Match'],
  exposeHeaders: ['ETag', 'X-Cache', 'Retry-After', 'X-Work-Cost', 'X-Work-Cap', 'X-Memory-Bytes'],
  maxAge: 86400,
};

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'no-referrer');
  // Charts are meant to be embedded in other sites' Markdown (<img src>), so resources may be read cross-origin.
  h.set('Cross-Origin-Resource-Policy', 'cross-origin');
  if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', DEFAULT_CSP);
});
