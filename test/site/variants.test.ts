/**
 * The side-by-side widgets — `norm` (the race without a norm layer, with batch norm, with layer norm) and `residual`
 * (one residual net, four branch scalings) — without a browser: their requests differ in the one field only and leave
 * its default out, every setting their controls allow stays under the API's work cap, the baked default is the
 * engine's answer to exactly those requests and shows what the widget is there to show, and the figure, CSV and code
 * carry every run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WIDGETS } from '../../site/src/widgets/defs.ts';
import { normRequests, type Query, residualRequests, toStrings } from '../../site/src/widgets/requests.ts';
import {
  defaults,
  NORM_STATE,
  NORM_VARIANTS,
  RESIDUAL_STATE,
  RESIDUAL_VARIANTS,
  type StateTable,
  type StateValue,
} from '../../site/src/widgets/state.ts';
import { combineVariants, curvesView, panelsView, type VariantsResult } from '../../site/src/widgets/variants.ts';
import { estimateCompareFlops, INIT_IDS, normaliseCompareParams, paramsOrThrow } from '../../src/index.ts';
import { buildSite, ROOT } from './harness.ts';

const params = (q: Query) => paramsOrThrow(normaliseCompareParams(toStrings(q), true));
const baked = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'site', 'src', 'baked', `${name}.json`), 'utf8')) as VariantsResult;
const LN2 = Math.log(2);
/** The API's default work cap (functions/limits.ts, whose Workers types this project's tsconfig does not load). */
const DEFAULT_WORK_CAP_FLOPS = Number(
  /DEFAULT_WORK_CAP_FLOPS = ([\d.e]+)/.exec(readFileSync(join(ROOT, 'functions', 'limits.ts'), 'utf8'))?.[1],
);

type Case = {
  name: 'norm' | 'residual';
  table: StateTable;
  field: 'norm' | 'residualScale';
  values: readonly string[];
  queries: (s: Record<string, StateValue>) => Query[];
};
const CASES: Case[] = [
  { name: 'norm', table: NORM_STATE, field: 'norm', values: NORM_VARIANTS, queries: (s) => normRequests(s as never) },
  {
    name: 'residual',
    table: RESIDUAL_STATE,
    field: 'residualScale',
    values: RESIDUAL_VARIANTS,
    queries: (s) => residualRequests(s as never),
  },
];

/** Every numeric control at its top, and the list of inits filled with the costliest ones (lsuv costs extra passes). */
function costliest(c: Case): Record<string, StateValue> {
  const s: Record<string, StateValue> = { ...defaults(c.table) };
  for (const [k, f] of Object.entries(c.table)) {
    if (f.kind === 'int' || f.kind === 'num') s[k] = f.max;
    if (f.kind === 'list') s[k] = ['lsuv', ...f.values.filter((v) => v !== 'lsuv')].slice(0, f.max);
    if (f.kind === 'enum' && f.values.includes('lsuv')) s[k] = 'lsuv';
  }
  return s;
}

beforeAll(() => buildSite(), 900_000);

describe.each(CASES)('the $name widget', (c) => {
  const queries = c.queries(defaults(c.table));

  it('asks one compare per value, the same in every other field, leaving the default value out', () => {
    const all = queries.map(params);
    expect(all.map((p) => p[c.field] ?? 'none')).toEqual([...c.values]);
    expect(queries[0]).not.toHaveProperty(c.field);
    const rest = (p: object) => ({ ...p, [c.field]: undefined });
    for (const p of all) expect(rest(p)).toEqual(rest(all[0]));
  });

  it("stays under the API's work cap at every corner of its controls, and the default well under it", () => {
    for (const q of queries) expect(estimateCompareFlops(params(q))).toBeLessThan(DEFAULT_WORK_CAP_FLOPS / 4);
    for (const q of c.queries(costliest(c)))
      expect(estimateCompareFlops(params(q))).toBeLessThan(DEFAULT_WORK_CAP_FLOPS);
  });

  it("bakes the engine's answer to exactly the default requests, under their values", () => {
    const r = baked(c.name);
    expect(r.field).toBe(c.field);
    expect(r.values).toEqual([...c.values]);
    for (const [i, compare] of r.compares.entries()) expect(compare?.params).toEqual(params(queries[i]));
  });

  it('draws every value in both languages, as the build does, with no NaN; a partial figure marks what is to come', () => {
    const view = WIDGETS[c.name].view as (r: VariantsResult, lang: 'zh' | 'en') => string;
    for (const lang of ['zh', 'en'] as const) {
      const html = view(baked(c.name), lang);
      expect(html).not.toMatch(/NaN|undefined/);
      expect(html).toContain('<svg');
    }
    const partial = view(combineVariants(c.field, c.values, [baked(c.name).compares[0]]), 'en');
    expect(partial).not.toMatch(/NaN|undefined/);
    expect(partial.match(/…/g)?.length).toBeGreaterThanOrEqual(c.values.length - 1);
  });

  it('exports every logged step of every run as CSV, and gives each run its exact CLI command and API URL', async () => {
    const r = baked(c.name);
    const lines = WIDGETS[c.name].csv(r as never).split('\n');
    expect(lines[0]).toBe(`${c.field},init,step,trainLoss,testLoss,testAccuracy,diverged`);
    const points = r.compares.reduce((n, x) => n + (x?.trials ?? []).reduce((m, t) => m + t.steps.length, 0), 0);
    expect(lines.length - 1).toBe(points);
    for (const v of c.values) expect(lines.some((l) => l.startsWith(`${v},`))).toBe(true);
    const code = (await WIDGETS[c.name].code?.(defaults(c.table), 'https://initlab.example')) ?? '';
    const cli = code.split('\n').filter((l) => l.startsWith('CLI:'));
    expect(cli).toHaveLength(c.values.length);
    const flag = c.field === 'norm' ? '--norm' : '--residual-scale';
    expect(cli[0]).not.toContain(flag);
    cli.slice(1).forEach((line, i) => {
      expect(line.endsWith(` ${flag} ${c.values[i + 1]}`), line).toBe(true);
    });
    const codeLines = (start: string) => code.split('\n').filter((l) => l.startsWith(start));
    expect(codeLines('API:     https://initlab.example/api/v1/compare?')).toHaveLength(c.values.length);
    expect(codeLines('SVG:     https://initlab.example/api/v1/charts/compare.svg?')).toHaveLength(c.values.length);
  });
});

describe('baked defaults show what each widget is for', () => {
  it('norm: batch norm trains the badly scaled inits that stall at chance without a norm layer', () => {
    // Ioffe & Szegedy (2015) §3.3: BN(aW·u) = BN(W·u), so a net with batch norm is indifferent to its weights' scale.
    // Rule, from the claim: without a norm layer N(0, 0.01²) and Glorot normal end at chance (≥ 0.9 ln 2, two
    // balanced classes); with batch norm every init, those two included, ends at ≤ ½ ln 2 without diverging.
    const r = baked('norm');
    const [none, batch] = r.compares;
    for (const init of ['random_normal', 'glorot_normal']) {
      const t = none?.trials.find((x) => x.params.init === init);
      expect(t?.final.trainLoss, init).toBeGreaterThanOrEqual(0.9 * LN2);
    }
    for (const t of batch?.trials ?? []) {
      expect(t.diverged, t.params.init).toBe(false);
      expect(t.final.trainLoss, t.params.init).toBeLessThanOrEqual(LN2 / 2);
    }
    expect(batch?.trials).toHaveLength(3);
  });

  it('residual: plain branches diverge, a branch multiplier starting at 0 trains, and ReZero is SkipInit here', () => {
    // De & Smith (2020), Bachlechner et al. (2020): with every block the identity at init the deep stack trains.
    // Rule: plain h + F(h) diverges; SkipInit and ReZero end at ≤ ½ ln 2; without norm layers the two are one model,
    // so their losses agree at every logged step, and the figure says so.
    const r = baked('residual');
    const [plain, , skipinit, rezero] = r.compares.map((x) => x?.trials[0]);
    expect(plain?.diverged).toBe(true);
    expect(skipinit?.final.trainLoss).toBeLessThanOrEqual(LN2 / 2);
    expect(rezero?.trainLoss).toEqual(skipinit?.trainLoss);
    expect(curvesView(r, 'en')).toContain('have the same loss at every step');
    expect(curvesView(r, 'zh')).toContain('两者是同一个模型');
  });

  it('norm: a panel per normalisation, each with every init of the race', () => {
    const html = panelsView(baked('norm'), 'zh');
    expect(html.match(/<svg [^>]*class="chart"/g)).toHaveLength(3);
    for (const word of ['无归一化', '批归一化', '层归一化']) expect(html).toContain(word);
    expect(NORM_STATE.inits.values.every((v) => (INIT_IDS as readonly string[]).includes(v))).toBe(true);
  });
});
