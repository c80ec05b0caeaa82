/**
 * The article's reproductions in the built pages (both languages): one verdict row and one entry per experiment,
 * each verdict and sub-claim count as baked, every printed number equal to its baked value, links to re-run it, and
 * accessible figures. Expected values are read from the baked JSON the build used, never typed here. Also: the
 * bake's source key of an experiment covers its own code and what it imports, and not the other experiments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiPath,
  type BakedExperiments,
  cliCommand,
  EXPERIMENT_NAMES,
  formatEvidenceValue,
  formatMeasured,
  formatRule,
  setupLine,
  verdictWord,
} from '../../site/src/lib/experiments.ts';
import { ZH_WHERE, zhLabel, zhStatement } from '../../site/src/lib/experiments-zh.ts';
import { zhHistoryReason } from '../../site/src/lib/history-zh.ts';
import { zhVerdict } from '../../site/src/lib/verdict-zh.ts';
import { noteOf as glorotNote } from '../../src/experiments/glorot2010.ts';
import { noteOf as heNote } from '../../src/experiments/he2015.ts';
import { noteOf as schoenholzNote } from '../../src/experiments/schoenholz2017.ts';
import { verdictOf } from '../../src/experiments/shared.ts';
import type { ClaimCheck, Evidence } from '../../src/index.ts';
import { buildSite, ROOT } from './harness.ts';

const LANGS = ['zh', 'en'] as const;
let baked: BakedExperiments;
const pages: Record<string, string> = {};

beforeAll(() => {
  buildSite();
  baked = JSON.parse(readFileSync(join(ROOT, 'site', 'src', 'baked', 'experiments.json'), 'utf8'));
  for (const lang of LANGS) pages[lang] = readFileSync(join(ROOT, 'site', 'dist', lang, 'index.html'), 'utf8');
}, 900_000);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&(\w+|#\d+);/g, (m, e) => ENTITIES[e] ?? m)
    .trim();

/** Every element with `attr` in the page: its attribute value and its text (the markup here never nests them). */
function tagged(html: string, attr: string): { key: string; text: string }[] {
  const re = new RegExp(`<(\\w+)[^>]*\\s${attr}="([^"]+)"[^>]*>([\\s\\S]*?)</\\1>`, 'g');
  return [...html.matchAll(re)].map((m) => ({ key: m[2], text: text(m[3]) }));
}

/** `experiments.NAME.a.b.c` into the baked results. */
function resolve(path: string): unknown {
  return path
    .split('.')
    .slice(1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], baked);
}

function section(html: string, name: string): string {
  const m = new RegExp(`<section[^>]*id="exp-${name}"[\\s\\S]*?</section>`).exec(html);
  if (!m) throw new Error(`no section for ${name}`);
  return m[0];
}

describe.each(LANGS)('reproductions in /%s/', (lang) => {
  const page = () => pages[lang];

  it('has one verdict row per experiment, each with its baked verdict', () => {
    const rows = [...page().matchAll(/<tr[^>]*data-experiment="(\w+)" data-holds="(\w+)"[^>]*>([\s\S]*?)<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual([...EXPERIMENT_NAMES]);
    for (const [, name, holds, row] of rows) {
      const r = baked[name as keyof BakedExperiments];
      expect(holds).toBe(String(r?.holds));
      expect(text(row)).toContain(verdictWord(r?.holds ?? false, lang));
    }
  });

  it('has one entry per experiment whose verdict and sub-claims match the bake', () => {
    for (const name of EXPERIMENT_NAMES) {
      const r = baked[name];
      if (!r) throw new Error(`${name} not baked`);
      expect(page().match(new RegExp(`id="exp-${name}"`, 'g'))).toHaveLength(1);
      const html = section(page(), name);
      expect(html).toContain(`data-holds="${r.holds}"`);
      const badge = tagged(html, 'data-verdict');
      expect(badge.map((b) => b.text)).toEqual([`${r.holds ? '✓' : '✗'} ${verdictWord(r.holds, lang)}`]);
      const checks = [
        ...html.matchAll(/<li[^>]*data-check="([\w-]+)" data-check-holds="(\w+)"[^>]*>([\s\S]*?)<\/li>/g),
      ];
      expect(checks.map((m) => [m[1], m[2]])).toEqual(r.checks.map((c) => [c.id, String(c.holds)]));
      for (const [i, m] of checks.entries()) expect(text(m[3])).toContain(verdictWord(r.checks[i].holds, lang));
    }
  });

  it('prints every deciding number and rule of the bake, each equal to its baked value', () => {
    const values = tagged(page(), 'data-evidence');
    const total = EXPERIMENT_NAMES.flatMap((n) => baked[n]?.checks ?? [])
      .flatMap((c) => c.evidence)
      .flatMap((e) => e.items);
    expect(values).toHaveLength(total.length);
    for (const v of values) expect(v.text, v.key).toBe(formatEvidenceValue(resolve(v.key) as Evidence, lang));
    const rules = tagged(page(), 'data-evidence-rule');
    expect(rules.length).toBeGreaterThan(EXPERIMENT_NAMES.length);
    for (const v of rules) expect(v.text, v.key).toBe(formatRule(resolve(v.key) as Evidence, lang));
  });

  it('prints the seed counts as baked', () => {
    const counts = tagged(page(), 'data-baked').filter((v) => v.key.startsWith('experiments.'));
    expect(counts.length).toBeGreaterThan(EXPERIMENT_NAMES.length * 2);
    for (const v of counts) expect(v.text, v.key).toBe(formatMeasured(resolve(v.key) as number, lang));
  });

  it('describes each setup from the fields the experiment reports (none missing)', () => {
    for (const name of EXPERIMENT_NAMES) {
      const line = setupLine(baked[name] as NonNullable<BakedExperiments[typeof name]>, lang);
      expect(line, name).not.toMatch(/\?|undefined|NaN/);
      expect(text(section(page(), name))).toContain(line);
    }
  });

  it('states why each claim that does not hold fails, and links every experiment to its API URL and CLI command', () => {
    for (const name of EXPERIMENT_NAMES) {
      const html = section(page(), name);
      expect(/class="why"/.test(html), name).toBe(!baked[name]?.holds);
      expect(html).toContain(`href="${apiPath(name)}"`);
      expect(text(html)).toContain(cliCommand(name));
    }
  });

  it('lists every setting changed since the first run, with its old and new value and why', () => {
    for (const name of EXPERIMENT_NAMES) {
      const history = baked[name]!.history;
      const html = section(page(), name);
      const rows = /<details[^>]*data-history[\s\S]*?<\/details>/.exec(html)?.[0] ?? '';
      expect((rows.match(/<tr\b/g) ?? []).length - (rows ? 1 : 0), name).toBe(history.length);
      for (const [i, c] of history.entries()) {
        expect(rows).toContain(`data-baked="experiments.${name}.history.${i}.from"`);
        expect(text(rows)).toContain(c.setting);
        expect(text(rows)).toContain(lang === 'zh' ? zhHistoryReason(name, c)! : c.reason);
      }
    }
  });

  it('quotes verdicts in the prose only as baked', () => {
    const inline = [...page().matchAll(/data-inline-verdict="([\w/-]+)" data-holds="(\w+)"/g)];
    expect(inline.length).toBeGreaterThanOrEqual(EXPERIMENT_NAMES.length);
    for (const [, key, holds] of inline) {
      const [name, check] = key.split('/') as [keyof BakedExperiments, string | undefined];
      const r = baked[name];
      expect(holds, key).toBe(String(check ? r?.checks.find((c) => c.id === check)?.holds : r?.holds));
    }
  });

  it('draws a titled and described static figure for every experiment', () => {
    for (const name of EXPERIMENT_NAMES) {
      const svgs = [...section(page(), name).matchAll(/<svg[^>]*role="img"[^>]*>([\s\S]*?)<\/svg>/g)];
      expect(svgs.length, name).toBeGreaterThan(0);
      for (const [, inner] of svgs) expect(inner).toMatch(/^<title>[^<]+<\/title><desc>[^<]+<\/desc>/);
    }
  });
});

describe('article sources', () => {
  const tags = (lang: string) => {
    const mdx = readFileSync(join(ROOT, 'site', 'src', 'content', 'article', `${lang}.mdx`), 'utf8');
    return [...mdx.matchAll(/<(Experiment\w*) ([^>]*?)lang="\w+"/g)].map((m) => `${m[1]} ${m[2].trim()}`).sort();
  };

  it('place the same experiment entries and inline verdicts in zh and en', () => {
    expect(tags('zh')).toEqual(tags('en'));
    expect(tags('en').filter((t) => t.startsWith('Experiment name='))).toHaveLength(EXPERIMENT_NAMES.length);
  });
});

describe('Chinese renderings', () => {
  it('cover every check statement and evidence label the engine wrote', () => {
    const checks = EXPERIMENT_NAMES.flatMap((n) => baked[n]?.checks ?? []);
    const statements = checks.map((c) => c.statement);
    const labels = checks.flatMap((c) => c.evidence.flatMap((e) => e.items.map((i) => i.label)));
    expect(statements.filter((s) => zhStatement(s) === undefined)).toEqual([]);
    expect(labels.filter((l) => zhLabel(l) === undefined)).toEqual([]);
  });

  it('give the verdict of every experiment in Chinese, each number of the English one carried over', () => {
    for (const name of EXPERIMENT_NAMES) {
      const r = baked[name]!;
      const zh = zhVerdict(r);
      expect(zh, name).toBeDefined();
      const numbers = (t: string) => (t.match(/\d+(?:\.\d+)?/g) ?? []).sort();
      expect(numbers(zh!), name).toEqual(numbers(r.verdict));
    }
  });

  it('give every check id a Chinese reason when it fails, with the note the engine would write', () => {
    // Each check failed in turn, on the baked evidence; the experiments that explain failures write their note.
    const notes: Partial<Record<string, (checks: ClaimCheck[]) => string | undefined>> = {
      glorot2010: (c) => glorotNote(c, { sigmoidSteps: 400 } as never),
      he2015: (c) =>
        heNote(c, { steps: 600 } as never, 'Diverged during training: he_normal (30 layers, seed 2) at step 439.'),
      schoenholz2017: (c) =>
        schoenholzNote(
          c,
          Array.from({ length: 8 }, (_, i) => [i > 0, i > 2, i === 4, false]),
          [1.5, 2.5, 4.25, null, Number.POSITIVE_INFINITY, 12.5, 3, 1.25],
          { steps: 300 } as never,
        ),
    };
    let failed = 0;
    for (const name of EXPERIMENT_NAMES) {
      const r = baked[name]!;
      for (const check of r.checks) {
        const checks = r.checks.map((c) => (c.id === check.id ? { ...c, holds: false, held: 0 } : c));
        const verdict = verdictOf(checks, notes[name]?.(checks));
        const zh = zhVerdict({ checks, verdict });
        expect(zh, `${name}/${check.id}: ${verdict}`).toBeDefined();
        expect(zh).toContain(`${check.id} 不成立（0/${check.total}）`);
        expect(zh).not.toMatch(/\b(the|of|and|at|to|is|not)\b/);
        failed++;
      }
    }
    expect(failed).toBe(EXPERIMENT_NAMES.flatMap((n) => baked[n]!.checks).length);
  });

  it("render every history reason, stating exactly the English reason's numbers", () => {
    const numbers = (t: string) => (t.match(/\d+(?:\.\d+)?/g) ?? []).sort();
    for (const name of EXPERIMENT_NAMES)
      for (const c of baked[name]!.history) {
        const zh = zhHistoryReason(name, c);
        expect(zh, `${name} ${c.setting} ${c.from} → ${c.to}`).toBeDefined();
        expect(numbers(zh!)).toEqual(numbers(c.reason));
      }
  });

  it("say where in each paper the result is, with the English place's section, figure and table numbers", () => {
    const numbers = (t: string) => (t.match(/\d+(?:\.\d+)?[A-Z]?/g) ?? []).sort();
    for (const name of EXPERIMENT_NAMES) {
      const where = baked[name]!.paper.where;
      expect(ZH_WHERE[name], name).toMatch(/[节图表算]/);
      expect(numbers(ZH_WHERE[name]), `${name}: ${where}`).toEqual(numbers(where));
    }
  });

  it('carry the numbers of the English text over rather than retyping them', () => {
    expect(zhStatement('At 17 layers both converge and He is faster.')).toBe('17 层时两者都收敛，且 He 更快。');
    expect(zhLabel('σ_w² = 2.5 trains at depth 40')).toBe('σ_w² = 2.5 在深度 40 可训练');
  });
});

describe('bake source key', () => {
  it("covers an experiment's own definition, the registry and their imports, not the other experiments", async () => {
    const { experimentSources } = await import('../../site/scripts/bake-experiments.ts');
    const rel = (name: (typeof EXPERIMENT_NAMES)[number]) =>
      experimentSources(name).map((f) => f.slice(join(ROOT, 'src').length + 1));
    const he = rel('he2015');
    expect(he).toEqual(
      expect.arrayContaining(['experiments/he2015.ts', 'experiments/index.ts', 'experiments/shared.ts']),
    );
    expect(he).toEqual(expect.arrayContaining(['train/index.ts', 'version.ts']));
    expect(he.filter((f) => /^experiments\/\w+20\d\d\.ts$/.test(f))).toEqual(['experiments/he2015.ts']);
    expect(rel('schoenholz2017')).toEqual(expect.arrayContaining(['theory/index.ts']));
  });
});
