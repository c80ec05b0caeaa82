/**
 * How widgets get results: the API on the configured origin, or — when it cannot be reached — the same engine run
 * in the reader's browser (tfjs wasm, loaded only then). Both take the same request objects (requests.ts).
 */
import { type Query, toSearch } from './requests.ts';

export type Kind = 'sample' | 'compare' | 'theory';
export interface Runner {
  run(kind: Kind, query: Query, signal: AbortSignal): Promise<unknown>;
  readonly where: 'live' | 'browser';
}

/** Raised for answers that prove the API is up but refused the request (the fallback would refuse it too). */
export class ApiRefusal extends Error {}

function apiPath(kind: Kind, q: Query): string {
  if (kind === 'sample') {
    const { init, ...rest } = q;
    return `/api/v1/initializers/${encodeURIComponent(String(init))}/sample?${toSearch(rest)}`;
  }
  return `/api/v1/${kind}?${toSearch(q)}`;
}

export function apiRunner(origin: string): Runner {
  return {
    where: 'live',
    async run(kind, q, signal) {
      const res = await fetch(origin.replace(/\/$/, '') + apiPath(kind, q), { signal });
      if (res.ok) return res.json();
      const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
      const message = problem?.detail ?? problem?.title ?? `HTTP ${res.status}`;
      // 503/502/504: the engine or the worker is unavailable — the browser can still compute.
      if (res.status >= 502) throw new Error(message);
      throw new ApiRefusal(message);
    },
  };
}

let browserEngine: Promise<typeof import('./engine-browser.ts')> | null = null;

export function browserRunner(): Runner {
  return {
    where: 'browser',
    async run(kind, q) {
      browserEngine ??= import('./engine-browser.ts');
      const engine = await browserEngine;
      return engine.runInBrowser(kind, q);
    },
  };
}
