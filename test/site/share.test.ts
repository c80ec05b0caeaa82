/**
 * Share cards and the article's content layer, by plain fetch against the real `wrangler dev` serving the built site:
 * every page kind carries Open Graph and Twitter tags whose image is a 1200×630 PNG the site serves; an embed URL with
 * a race state names the API's chart of that state, which answers as SVG; /zh/ and /en/ hold their article from the
 * content collection, and Astro no longer auto-generates that collection.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSvg, PAD, TITLE_BASELINE, TITLE_LEADING, TITLE_SIZE } from '../../site/src/lib/og-card.ts';
import { CARD_HEIGHT, CARD_WIDTH, cards } from '../../site/src/lib/share.ts';
import { RACE_STATE } from '../../site/src/widgets/state.ts';
import { buildSite, ROOT, type Server, startServer } from './harness.ts';

const WIDGETS = ['sampler', 'signal', 'race', 'sweep', 'symmetry', 'phase', 'norm', 'residual', 'width'];
const PAGES = ['/', '/zh/', '/en/', '/embed/', '/embed/race/?lang=zh', ...WIDGETS.map((w) => `/embed/${w}/`)];

let server: Server;
beforeAll(async () => {
  buildSite();
  server = await startServer();
}, 900_000);
afterAll(async () => {
  await server?.stop();
});

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The page's <meta property|name=… content=…> tags, by property or name. */
function metaTags(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<meta\s[^>]*>/g)) {
    const key = /(?:property|name)="([^"]+)"/.exec(tag)?.[1];
    const content = /content="([^"]*)"/.exec(tag)?.[1];
    if (key && content !== undefined) out[key] = decode(content);
  }
  return out;
}

async function page(path: string): Promise<{ html: string; meta: Record<string, string> }> {
  const res = await fetch(server.url + path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  return { html, meta: metaTags(html) };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('share cards', () => {
  const images = new Map<string, string>();

  it.each(PAGES)('%s has Open Graph and Twitter card tags', async (path) => {
    const { html, meta } = await page(path);
    const title = decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
    expect(meta['og:title']).toBe(title);
    expect(meta['og:description']?.length).toBeGreaterThan(10);
    expect(meta['og:type']).toBe(path === '/zh/' || path === '/en/' ? 'article' : 'website');
    expect(new URL(meta['og:url']).pathname).toBe(new URL(path, server.url).pathname);
    const image = new URL(meta['og:image']); // absolute, or this throws
    expect(image.pathname).toMatch(/^\/og\/[\w-]+\.png$/);
    expect(meta['og:image:type']).toBe('image/png');
    expect([meta['og:image:width'], meta['og:image:height']]).toEqual(['1200', '630']);
    expect(meta['twitter:card']).toBe('summary_large_image');
    expect(meta['twitter:image']).toBe(meta['og:image']);
    images.set(path, image.pathname);
  });

  it('serves every card as a 1200×630 PNG, a different one per figure and per language', async () => {
    const bodies = new Map<string, string>();
    for (const [path, image] of images) {
      const res = await fetch(server.url + image);
      expect(res.status, image).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('image/png');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
      bodies.set(path, Buffer.from(bytes).toString('base64'));
    }
    expect(images.size).toBe(PAGES.length);
    const widgetCards = new Set(WIDGETS.map((w) => bodies.get(`/embed/${w}/`)));
    expect(widgetCards.size).toBe(WIDGETS.length);
    expect(bodies.get('/zh/')).not.toBe(bodies.get('/en/'));
  });

  it('an embed URL with a race state names the API chart of that state, which answers as SVG', async () => {
    const path = '/embed/race/?inits=he_normal,glorot_uniform&depth=4&width=8&steps=50&controls_hide=1';
    const { meta } = await page(path);
    const image = new URL(meta['og:image']);
    expect(image.origin + image.pathname).toBe(`${server.url}/api/v1/charts/compare.svg`);
    expect(image.searchParams.get('inits')).toBe('he_normal,glorot_uniform');
    expect(image.searchParams.get('depth')).toBe('4');
    expect(image.searchParams.get('steps')).toBe('50');
    // Fields the URL leaves out are the race's defaults, not the API's.
    expect(image.searchParams.get('dataset')).toBe(RACE_STATE.dataset.default);
    expect([image.searchParams.get('chartWidth'), image.searchParams.get('chartHeight')]).toEqual(['1200', '630']);
    expect(meta['twitter:image']).toBe(meta['og:image']);
    expect(meta['og:image:type']).toBe('image/svg+xml');
    expect(meta['og:url']).toBe(server.url + path);
    const res = await fetch(image);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toMatch(/<svg[\s\S]*he_normal[\s\S]*<\/svg>/);
  });

  it('an embed URL of a widget without an API chart keeps its baked card', async () => {
    const { meta } = await page('/embed/sampler/?init=he_normal&fanIn=64');
    expect(new URL(meta['og:image']).pathname).toBe('/og/embed-sampler.png');
  });
});

describe('article content collection', () => {
  const source = (lang: string) => readFileSync(join(ROOT, 'site', 'src', 'content', 'article', `${lang}.mdx`), 'utf8');

  it.each(['zh', 'en'])('/%s/ renders its article: title, h1 and every section', async (lang) => {
    const mdx = source(lang);
    const front = /^---\n([\s\S]*?)\n---/.exec(mdx)?.[1] ?? '';
    const title = /^title:\s*(.+)$/m.exec(front)?.[1].trim();
    const body = mdx.replace(/```[\s\S]*?```/g, '');
    const h1 = /^# (.+)$/m.exec(body)?.[1];
    const sections = body.match(/^## /gm)?.length ?? 0;
    const { html } = await page(`/${lang}/`);
    expect(html).toContain(`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"`);
    expect(decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '')).toBe(title);
    const renderedH1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1].replace(/<[^>]+>/g, '');
    expect(decode(renderedH1 ?? '')).toBe(h1);
    expect(html.match(/<h2[\s>]/g)?.length).toBe(sections);
    expect(sections).toBeGreaterThanOrEqual(6);
  });

  it('is a declared collection: the content sync auto-generates none', () => {
    const res = spawnSync('npx', ['astro', 'sync', '--root', 'site'], { cwd: ROOT, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(`${res.stdout}${res.stderr}`).not.toMatch(/auto-generat/i);
    expect(readFileSync(join(ROOT, 'site', '.astro', 'content.d.ts'), 'utf8')).toMatch(/collection: "article"/);
  });
});

describe('share card titles', () => {
  const esc = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

  it('are drawn whole on every card: its lines joined again are the title', () => {
    for (const [name, card] of Object.entries(cards())) {
      const svg = cardSvg(card, '');
      const lines = [...svg.matchAll(/<text [^>]*font-size="40"[^>]*>([^<]*)<\/text>/g)].map((m) => esc(m[1]));
      expect(lines.join(card.title.includes(' ') ? ' ' : ''), name).toBe(card.title);
    }
  });

  it('stay inside the right margin on every card the build rendered', () => {
    for (const name of Object.keys(cards())) {
      const png = readFileSync(join(ROOT, 'site', 'dist', 'og', `${name}.png`)).toString('base64');
      // resvg reads the PNG back (an SVG holding it at 1:1), so the test sees the very pixels the site serves.
      const holder = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}"><image width="${CARD_WIDTH}" height="${CARD_HEIGHT}" href="data:image/png;base64,${png}"/></svg>`;
      const { width, pixels } = new Resvg(holder).render();
      const at = (x: number, y: number) => pixels.readUInt32BE(4 * (y * width + x));
      const background = at(width - 1, TITLE_BASELINE);
      const inked: number[] = [];
      for (let y = TITLE_BASELINE - TITLE_SIZE; y <= TITLE_BASELINE + TITLE_LEADING + 12; y++)
        for (let x = CARD_WIDTH - PAD; x < width - 1; x++) if (at(x, y) !== background) inked.push(x);
      expect(inked.length, `${name}: its title reaches x = ${Math.max(0, ...inked)}`).toBe(0);
    }
  });
});
