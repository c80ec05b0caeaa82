/** The OpenAPI 3.1 document, generated from the routes' zod schemas once per isolate. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { ENGINE_VERSION } from '../../src/index.ts';
import type { AppEnv } from '../router.ts';

type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

interface ParameterLike {
  in?: string;
  schema?: { type?: unknown };
  style?: string;
  explode?: boolean;
}

/** List fields travel as one comma-separated value (`inits=a,b,c`), which OpenAPI spells form + explode false. */
function markCommaSeparatedLists(doc: OpenApiDocument): void {
  for (const item of Object.values(doc.paths ?? {}))
    for (const op of Object.values(item ?? {})) {
      const params = (op as { parameters?: ParameterLike[] }).parameters ?? [];
      for (const p of params)
        if (p.in === 'query' && p.schema?.type === 'array') {
          p.style = 'form';
          p.explode = false;
        }
    }
}

let cached: OpenApiDocument | null = null;

export function openApiDocument(app: OpenAPIHono<AppEnv>): OpenApiDocument {
  if (cached) return cached;
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'initlab API',
      version: ENGINE_VERSION,
      description:
        'Weight initialisation, measured. Every result is deterministic (same params + same engine version → same ' +
        'JSON apart from `timing`) and cached for good. Errors are application/problem+json. Trials and compare ' +
        'also answer `Accept: application/x-ndjson` with the run as it trains: a `start` line, a `frame` line per ' +
        'logged step and checkpoint, and the `result` line (the plain body); identical requests share one run.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [{ url: '/' }],
  });
  markCommaSeparatedLists(doc);
  cached = doc;
  return doc;
}
