/**
 * The site's strings in both languages: every label says the same thing to both readers (the same placeholders, so
 * a number never drops out of one language), and the Chinese text keeps one term per concept (a glossary chosen with
 * the article's review), so a reader never meets two words for batch normalisation or a verdict called a conclusion.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_LABELS } from '../../site/src/lib/labels.ts';
import { CONTROL_LABELS } from '../../site/src/widgets/controls.ts';
import { WIDGET_LABELS } from '../../site/src/widgets/labels.ts';
import { ROOT } from './harness.ts';

const TABLES = { site: SITE_LABELS, widgets: WIDGET_LABELS, controls: CONTROL_LABELS };
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(TABLES))('the %s label table', (_, table) => {
  it('has a non-empty zh and en string for every key, with the same placeholders', () => {
    for (const [key, { zh, en }] of Object.entries(table)) {
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(zh), key).toEqual(placeholders(en));
    }
  });

  it('writes Chinese in every zh string that has words in it', () => {
    for (const [key, { zh, en }] of Object.entries(table)) {
      // Language-neutral strings (codes, punctuation, symbols) may be identical; any English word must be translated.
      if (/[a-z]{3,}/i.test(en.replace(/\{\w+\}/g, '')) && zh !== en) expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      if (zh === en) expect(en, key).not.toMatch(/\b(the|of|and|at|to|is)\b/);
    }
  });
});

/**
 * One Chinese term per concept. `zh` is the term the site uses; `not` are renderings a translator might reach for
 * that the site does not use. `en` is matched in the English article: a concept it names must appear in the Chinese.
 */
const GLOSSARY: { en: RegExp; zh: string; not: string[] }[] = [
  { en: /batch norm/i, zh: '批归一化', not: ['批标准化', '批量归一化', '批量标准化', '批规范化'] },
  { en: /layer norm/i, zh: '层归一化', not: ['层标准化', '层规范化'] },
  { en: /fan-in/i, zh: '扇入', not: ['输入数'] },
  { en: /fan-out/i, zh: '扇出', not: ['输出数'] },
  { en: /standard deviation/i, zh: '标准差', not: ['标准偏差', '均方差'] },
  { en: /mean-field/i, zh: '平均场', not: ['均值场'] },
  { en: /edge of chaos/i, zh: '混沌边缘', not: ['混沌的边缘'] },
  { en: /criterion/i, zh: '判据', not: ['准则'] },
  { en: /threshold/i, zh: '阈值', not: ['门限'] },
  { en: /vanishing/i, zh: '消失', not: ['弥散'] },
  { en: /\bclaims?\b/i, zh: '论断', not: ['结论'] },
  { en: /\bweights?\b/i, zh: '权重', not: ['权值'] },
  { en: /batch size/i, zh: '批大小', not: ['批量大小', '批尺寸'] },
  { en: /\bbaked\b/i, zh: '预计算', not: ['烘焙', '烘烤'] },
  { en: /back-?propagat/i, zh: '反向传播', not: ['反传', '后向传播'] },
];

const zhTexts = () => [
  read('site', 'src', 'content', 'article', 'zh.mdx'),
  read('site', 'src', 'lib', 'experiments-zh.ts'),
  read('site', 'src', 'lib', 'verdict-zh.ts'),
  ...Object.values(TABLES).flatMap((t) => Object.values(t).map((l) => l.zh)),
];
const enTexts = () => [
  read('site', 'src', 'content', 'article', 'en.mdx'),
  ...Object.values(TABLES).flatMap((t) => Object.values(t).map((l) => l.en)),
];

describe('the Chinese glossary', () => {
  it.each(GLOSSARY.map((g) => [g.zh, g] as const))('%s: the one term, no other rendering', (_, g) => {
    const zh = zhTexts().join('\n');
    for (const variant of g.not) expect(zh.includes(variant), `${variant} for ${g.zh}`).toBe(false);
    if (enTexts().some((t) => g.en.test(t))) expect(zh).toContain(g.zh);
  });
});

describe('Chinese typography in the zh article', () => {
  // Math, code and components are not Chinese text; what is left is what the reader reads as prose.
  const prose = read('site', 'src', 'content', 'article', 'zh.mdx')
    .replace(/^---[\s\S]*?---/, '')
    .replace(/\$\$[\s\S]*?\$\$/g, '')
    .replace(/\$[^$\n]+\$/g, '')
    .replace(/`[^`\n]+`/g, '')
    .replace(/<[^>\n]*>/g, '');
  const cjk = /[\u4e00-\u9fff]/;

  it('quotes with full-width “…”, never ASCII quotes around Chinese', () => {
    const ascii = [...prose.matchAll(/"([^"\n]*)"/g)].map((m) => m[1]).filter((q) => cjk.test(q));
    expect(ascii).toEqual([]);
    expect(prose).toContain('“');
  });

  it('sets no *italic* on Chinese text (bold only)', () => {
    const italic = [...prose.matchAll(/(?<![*\\])\*(?!\*)([^*\n]+)\*(?!\*)/g)]
      .map((m) => m[1])
      .filter((q) => cjk.test(q));
    expect(italic).toEqual([]);
  });
});
