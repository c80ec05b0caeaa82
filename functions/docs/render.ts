/**
 * /api/docs: a small, self-contained HTML page rendered from the OpenAPI document. No script, no CDN; the only style
 * is inline and pinned by hash in the page's CSP.
 */

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  anyOf?: Schema[];
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
}
export interface DocLike {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation> | undefined>;
  components?: { schemas?: Record<string, Schema> };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Allowed values in words, from the schema's bounds. */
export function describeSchema(s: Schema | undefined): string {
  if (!s) return '';
  if (s.anyOf) return s.anyOf.map(describeSchema).join(' or ');
  if (s.enum) return `one of ${s.enum.join(', ')}`;
  if (s.type === 'array') {
    const n = s.minItems !== undefined ? ` (${s.minItems}–${s.maxItems ?? '∞'} items)` : '';
    return `comma-separated list${n} of ${describeSchema(s.items)}`;
  }
  const lo = s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : s.minimum;
  const range = lo !== undefined && s.maximum !== undefined ? ` ${lo} … ${s.maximum}` : '';
  return `${Array.isArray(s.type) ? s.type.join('|') : (s.type ?? 'any')}${range}`;
}

function fmtDefault(v: unknown): string {
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(',') : String(v);
}

function resolve(doc: DocLike, s: Schema | undefined): Schema | undefined {
  if (!s?.$ref) return s;
  return doc.components?.schemas?.[s.$ref.split('/').pop() ?? ''];
}

function fieldRows(rows: { name: string; where: string; schema?: Schema; description?: string }[]): string {
  if (!rows.length) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><td><code>${escapeHtml(r.name)}</code></td><td>${r.where}</td><td>${escapeHtml(describeSchema(r.schema))}</td>` +
        `<td><code>${escapeHtml(fmtDefault(r.schema?.default))}</code></td><td>${escapeHtml(r.description ?? r.schema?.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>field</th><th>in</th><th>allowed</th><th>default</th><th>meaning</th></tr></thead><tbody>${body}</tbody></table>`;
}

function operationRows(doc: DocLike, op: Operation): string {
  const rows = (op.parameters ?? []).map((p) => ({
    name: p.name,
    where: p.in,
    schema: p.schema,
    description: p.description,
  }));
  const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
  for (const [name, schema] of Object.entries(body?.properties ?? {}))
    rows.push({ name, where: 'body', schema, description: schema.description });
  return fieldRows(rows);
}

function responsesList(op: Operation): string {
  const items = Object.entries(op.responses ?? {})
    .map(([code, r]) => `<li><b>${escapeHtml(code)}</b> ${escapeHtml(r.description ?? '')}</li>`)
    .join('');
  return `<ul class="responses">${items}</ul>`;
}

function section(doc: DocLike, path: string, method: string, op: Operation, examples: Record<string, string>): string {
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  const example = method === 'get' ? examples[path] : undefined;
  const tryIt = example
    ? `<p>Try it: <a href="${escapeHtml(example)}"><code>${escapeHtml(example)}</code></a></p>`
    : '';
  const post =
    method === 'post'
      ? `<p>Body: a JSON object with the same fields (JSON types, not strings); unknown fields are refused.</p>`
      : '';
  return (
    `<section id="${id}"><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>` +
    `<p>${escapeHtml(op.summary ?? '')}</p>${tryIt}${post}${operationRows(doc, op)}${responsesList(op)}</section>`
  );
}

export const DOCS_STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
code{font:13px ui-monospace,monospace}table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{font-weight:600}
.m{display:inline-block;min-width:3.5rem;font:600 12px ui-monospace,monospace;color:#fff;background:#0072b2;border-radius:3px;padding:2px 6px;text-align:center}
section{border-top:1px solid #ccc;margin-top:1.5rem}a{color:#0060a0}.responses{margin:.25rem 0 0;padding-left:1.2rem}
@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#151515}td,th{border-color:#333}a{color:#7cc4ff}section{border-color:#444}}`;

const ERROR_STATUSES: [number, string][] = [
  [400, 'Invalid input. Every bad field is in `errors` as { path, message }; the message names the allowed values.'],
  [404, 'No such route, initializer or experiment.'],
  [405, 'Known path, wrong method; the Allow header lists the right ones.'],
  [413, 'JSON body over the size cap.'],
  [415, 'POST body that is not application/json.'],
  [
    422,
    "Over the work cap: estimated FLOPs (forward + backward, every initializer). `detail` gives the cap and the request's cost; the X-Work-Cost and X-Work-Cap headers carry both numbers.",
  ],
  [
    429,
    'Too many uncached computations from this client per minute; Retry-After says when to retry. Cached results are always served.',
  ],
  [
    503,
    'The compute engine could not start, or is already running as much work as it takes at once (a computation is never queued); Retry-After says when to retry. Cached results, and requests identical to a run in flight, are always served.',
  ],
];

export function renderDocs(doc: DocLike, examples: Record<string, string>): string {
  const sections: string[] = [];
  const index: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(item ?? {})) {
      const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
      index.push(`<li><a href="#${id}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a></li>`);
      sections.push(section(doc, path, method, op, examples));
    }
  const errors = ERROR_STATUSES.map(([s, text]) => `<li id="problem-${s}"><b>${s}</b> ${escapeHtml(text)}</li>`).join(
    '',
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} ${escapeHtml(doc.info.version)}</title><style>${DOCS_STYLE}</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI 3.1). Query and body
fields use the CLI's option names in camelCase (<code>--batch-size</code> → <code>batchSize</code>).</p>
<h2>Routes</h2><ul>${index.join('')}</ul>${sections.join('')}
<section id="errors"><h2>Errors</h2><p>Every error is <code>application/problem+json</code>:
<code>{ type, title, status, detail, errors: [{ path, message }] }</code>.</p><ul>${errors}</ul></section>
</body></html>`;
}
