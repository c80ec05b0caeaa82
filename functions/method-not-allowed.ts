/** 405 for a known path with the wrong method, derived from the app's own route table so it never drifts. */
import { problemResponse } from './problem.ts';

interface RouteEntry {
  method: string;
  path: string;
}

function patternOf(path: string): RegExp {
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const r of routes) if (r.method !== 'ALL' && patternOf(r.path).test(path)) methods.add(r.method);
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size) methods.add('OPTIONS');
  return [...methods];
}

/** A 405 problem naming the allowed methods, or null when the path is not a route at all. */
export function methodNotAllowed(routes: readonly RouteEntry[], method: string, path: string): Response | null {
  const allowed = allowedMethods(routes, path);
  if (!allowed.length || allowed.includes(method)) return null;
  return problemResponse(405, `${method} is not allowed here; use ${allowed.join(', ')}`, [], {
    Allow: allowed.join(', '),
  });
}
