import { createRoute } from '@hono/zod-openapi';
import { COMPARE_FIELDS, type CompareResult, type FieldTable, parseTable } from '../../src/index.ts';
import { cacheKey } from '../cache.ts';
import { badRequest } from '../problem.ts';
import { enforceCap, etagFor, matchesIfNoneMatch, notModified, resolvedHeaders, resolveResult } from '../respond.ts';
import { specWithData } from '../result-routes.ts';
import { newRouter } from '../router.ts';
import { problemResponses, requestSchema } from '../schemas.ts';
import { type ChartOptions, METRICS, renderCompareChart } from '../svg/compare-chart.ts';
import { compareResource } from './compare.ts';

export const charts = newRouter();

/** Presentation options; every other field is a compare param, so the chart shares the compare's cache entry. */
export const CHART_FIELDS = {
  metric: { kind: 'enum', values: METRICS, default: 'trainLoss', doc: 'the curve to plot' },
  yScale: { kind: 'enum', values: ['log', 'linear'], default: 'log', doc: 'y axis for losses (accuracy is linear)' },
  chartWidth: { kind: 'int', min: 320, max: 1600, default: 720, doc: 'SVG width in px' },
  chartHeight: { kind: 'int', min: 240, max: 1200, default: 440, doc: 'SVG height in px (legend included)' },
} as const satisfies FieldTable;

const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

function splitChartInput(input: Record<string, unknown>): { chart: ChartOptions; compare: Record<string, unknown> } {
  const chartInput: Record<string, unknown> = {};
  const compare: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) (k in CHART_FIELDS ? chartInput : compare)[k] = v;
  const parsed = parseTable(CHART_FIELDS, chartInput, false);
  if (!parsed.ok) throw badRequest(parsed.errors);
  const d = parsed.data;
  const chart = {
    metric: d.metric,
    yScale: d.yScale,
    width: d.chartWidth,
    height: d.chartHeight,
  } as ChartOptions;
  return { chart, compare };
}

charts.openapi(
  createRoute({
    method: 'get',
    path: '/charts/compare.svg',
    tags: ['compare'],
    summary: 'The compare loss curves as a self-contained SVG (axes, legend, diverged markers) for Markdown',
    request: { query: requestSchema({ ...COMPARE_FIELDS, ...CHART_FIELDS }, true) },
    responses: {
      200: { description: 'image/svg+xml', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
      304: { description: 'Not modified' },
      ...problemResponses(400, 422, 429, 503),
    },
  }),
  async (c) => {
    const { chart, compare } = splitChartInput(c.req.valid('query'));
    const spec = await specWithData(c, compareResource, compare);
    enforceCap(c, spec);
    const etag = etagFor(await cacheKey('chart', { params: spec.params, chart }));
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return notModified(etag);
    const key = await cacheKey(spec.kind, spec.params);
    const { body, hit } = await resolveResult(c, spec, key);
    const svg = renderCompareChart(JSON.parse(body) as CompareResult, chart);
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Content-Security-Policy': SVG_CSP,
      ...resolvedHeaders(etag, hit),
    });
  },
);
