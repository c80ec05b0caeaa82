/**
 * The article's sources and the widgets' URL state, without a browser: measured numbers are never typed into the
 * prose, both languages carry the same corrections, widgets and quoted measurements, and widget state survives a
 * URL round trip while bad values fall back to defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCES } from '../../site/src/lib/refs.ts';
import {
  defaults,
  hiddenKeys,
  RACE_STATE,
  readState,
  SAMPLER_STATE,
  writeState,
} from '../../site/src/widgets/state.ts';
import { trainabilityView } from '../../site/src/widgets/views-more.ts';
import { ROOT } from './harness.ts';

const article = (lang: string) => readFileSync(join(ROOT, 'site', 'src', 'content', 'article', `${lang}.mdx`), 'utf8');

/** Prose only: front matter, imports, headings (3.1 …), code, math and component tags removed. */
function prose(mdx: string): string {
  return mdx
    .replace(/^---[\s\S]*?---/, '')
    .replace(/^import .*$/gm, '')
    .replace(/^#+ .*$/gm, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/\$\$[\s\S]*?\$\$/g, '')
    .replace(/\$[^$\n]+\$/g, '')
    .replace(/`[^`\n]+`/g, '')
    .replace(/<[A-Z][^>]*\/>/g, '')
    .replace(/<\/?[A-Z][^>]*>/g, '');
}

const all = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => m[1]);

describe.each(['zh', 'en'])('article source (%s)', (lang) => {
  it('types no measured number: no decimals in the prose outside math, code and baked values', () => {
    // 0.1 is quoted, not measured: the original's "ε, usually 0.1" and LSUV's tolerance setting.
    const decimals = (prose(article(lang)).match(/\d+\.\d+/g) ?? []).filter((d) => d !== '0.1');
    expect(decimals).toEqual([]);
  });

  it('keeps the six sections of the original and a bibliography', () => {
    const h2 = all(/^## (.+)$/gm, article(lang));
    expect(h2.slice(0, 6).map((h) => h.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
    expect(h2).toHaveLength(7);
  });

  it('cites only known references', () => {
    const ids = all(/<Cite id="([^"]+)"/g, article(lang)).flatMap((s) => s.split(','));
    const known = new Set(REFERENCES.map((r) => r.id));
    expect(ids.filter((id) => !known.has(id.trim()))).toEqual([]);
    expect(ids.length).toBeGreaterThan(20);
  });
});

describe('zh and en carry the same evidence', () => {
  const pick = (re: RegExp) => (lang: string) => all(re, article(lang)).sort();
  it.each([
    ['corrections', /<Corrections lang="\w+" n=\{(\d+)\}/g],
    ['widgets', /<Widget name="(\w+)"/g],
    ['quoted measurements', /<N k="([^"]+)"/g],
  ])('%s', (_, re) => {
    const of = pick(re);
    expect(of('zh')).toEqual(of('en'));
    expect(of('en').length).toBeGreaterThan(0);
  });

  it('has one correction box for each of the nine errata', () => {
    expect(
      all(/n=\{(\d+)\}/g, article('en'))
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('widget URL state', () => {
  it('round-trips a non-default state through the query string, omitting defaults', () => {
    const state = {
      ...defaults(RACE_STATE),
      depth: 12,
      inits: ['he_normal', 'orthogonal'],
      optimizer: 'adam',
    } as const;
    const q = new URLSearchParams();
    writeState(RACE_STATE, state, q, 'race.');
    expect(q.get('race.depth')).toBe('12');
    expect(q.has('race.width')).toBe(false);
    expect(readState(RACE_STATE, q, 'race.')).toEqual(state);
  });

  it('falls back to defaults for out-of-range, unknown or malformed values', () => {
    const q = new URLSearchParams('fanIn=0&fanOut=2.5&init=nope&truncated=1&activation=tanh');
    const s = readState(SAMPLER_STATE, q);
    expect(s.fanIn).toBe(SAMPLER_STATE.fanIn.default);
    expect(s.fanOut).toBe(SAMPLER_STATE.fanOut.default);
    expect(s.init).toBe(SAMPLER_STATE.init.default);
    expect(s.truncated).toBe(true);
    expect(s.activation).toBe('tanh');
  });

  it('drops unknown and duplicate ids from lists and caps their length', () => {
    const q = new URLSearchParams(
      'inits=he_normal,bogus,he_normal,zeros,constant,orthogonal,lsuv,lecun_normal,he_uniform',
    );
    const inits = readState(RACE_STATE, q).inits;
    expect(inits[0]).toBe('he_normal');
    expect(inits).not.toContain('bogus');
    expect(new Set(inits).size).toBe(inits.length);
    expect(inits.length).toBe(RACE_STATE.inits.max);
  });

  it('hides single controls or all of them', () => {
    expect([...hiddenKeys(RACE_STATE, new URLSearchParams('race.depth_hide=1'), 'race.')]).toEqual(['depth']);
    expect(hiddenKeys(RACE_STATE, new URLSearchParams('controls_hide=1')).size).toBe(Object.keys(RACE_STATE).length);
  });
});

describe('trainability view', () => {
  const series = {
    sigmaW2: [1, 2, 4],
    depths: [10, 40],
    sigmaB2: 0.05,
    trainable: [
      [true, false],
      [true, true],
      [false, false],
    ],
    predicted: [
      [true, false],
      [true, true],
      [true, false],
    ],
    sixXiC: [30, null, 12],
  };

  it('fills exactly the trained cells and outlines the predicted ones', () => {
    const svg = trainabilityView(series, 'en');
    expect(svg.match(/<rect /g)).toHaveLength(6);
    expect(svg.match(/fill="var\(--c3\)"/g)).toHaveLength(3);
    expect(svg.match(/stroke-width="2"/g)).toHaveLength(4);
  });

  it('draws the 6 ξ_c curve only where ξ_c is finite', () => {
    const points = /<polyline points="([^"]*)"/.exec(trainabilityView(series, 'en'))?.[1].trim().split(' ');
    expect(points).toHaveLength(2);
  });
});
