/**
 * Figures people can read, in real Chromium at a desktop (1280 px) and a phone (390 px) width, both languages: every
 * chart has at least three labelled ticks per axis and axis text of at least 11 px as rendered (after the SVG's own
 * scaling), widgets break out of the text column on a wide screen, nothing overflows a phone, and charts are drawn
 * again at their container's width when it changes. Also, in the built pages: every number printed from the bake reads
 * back as its baked value within its printed figures, and none that is not zero reads as 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFormatted } from '../../src/index.ts';
import { ROOT, screenshot, trackedPage, waitForStatus, withSite } from './harness.ts';

const WIDGETS = ['symmetry', 'signal', 'sweep', 'sampler', 'phase', 'race', 'norm', 'residual', 'width'];
const LANGS = ['en', 'zh'] as const;
const site = withSite();
// Imported after withSite's build has written the bake: a fresh clone has none when this file is collected.
let bakedValue: (path: string) => unknown;
beforeAll(async () => {
  ({ bakedValue } = await import('../../site/src/lib/baked.ts'));
});

/** Every widget scrolled into view (so its code loads) and each fitted chart drawn at its slot's width. */
async function hydrateAll(page: Page): Promise<void> {
  for (const w of WIDGETS) {
    await page.locator(`initlab-${w}`).scrollIntoViewIfNeeded();
    await waitForStatus(page, w, 'baked', 30_000);
  }
  await page.waitForFunction((n) => document.querySelectorAll('.hydrated').length >= n, WIDGETS.length);
  await fitted(page);
}

/** Resolves once every fitted chart's width attribute matches its container's width (within rounding). */
async function fitted(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('svg[data-fit]')).every((svg) => {
        const slot = svg.parentElement as HTMLElement;
        return Math.abs(Number(svg.getAttribute('width')) - slot.clientWidth) <= 1.5;
      }),
    undefined,
    { timeout: 30_000 },
  );
}

interface ChartReport {
  name: string;
  x: string[];
  y: string[];
  smallest: number;
}

/** For each rendered chart with axes: its tick labels per axis and its smallest axis text in CSS px on screen. */
function chartReports(page: Page): Promise<ChartReport[]> {
  return page.$$eval('svg.chart', (svgs) =>
    svgs
      .filter((svg) => svg.querySelector('g.axis') && svg.getBoundingClientRect().width > 0)
      .map((svg) => {
        const ticks = (axis: string) =>
          Array.from(svg.querySelectorAll(`text.tick[data-axis="${axis}"]`)).map((t) => t.textContent?.trim() ?? '');
        // Rendered size = computed font size × the element's on-screen scale (viewBox fitting included).
        const sizes = Array.from(svg.querySelectorAll<SVGTextElement>('g.axis text'))
          .filter((t) => t.textContent?.trim())
          .map((t) => {
            const m = t.getScreenCTM();
            return m ? Number.parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b) : 0;
          });
        return {
          name: svg.getAttribute('aria-label') ?? '?',
          x: ticks('x'),
          y: ticks('y'),
          smallest: Math.min(...sizes),
        };
      }),
  );
}

describe.each(LANGS)('figures in /%s/', (lang) => {
  it.each([1280, 390])('at %i px: ≥ 3 labelled ticks per axis, axis text ≥ 11 px, no overflow', async (width) => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${site.server.url}/${lang}/`);
    await hydrateAll(page);
    const charts = await chartReports(page);
    // Every widget with one or more charts, plus the reproductions' static figures.
    expect(charts.length).toBeGreaterThan(12);
    for (const c of charts) {
      expect(c.x.filter(Boolean).length, `${c.name}: x ticks ${c.x}`).toBeGreaterThanOrEqual(3);
      expect(c.y.filter(Boolean).length, `${c.name}: y ticks ${c.y}`).toBeGreaterThanOrEqual(3);
      expect(c.smallest, `${c.name}: smallest axis text`).toBeGreaterThanOrEqual(11);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    const widgetWidths = await page.$$eval('section.widget', (els) => els.map((e) => e.getBoundingClientRect().width));
    expect(widgetWidths).toHaveLength(WIDGETS.length);
    for (const w of widgetWidths) {
      if (width === 1280) expect(w).toBeGreaterThanOrEqual(900);
      else expect(w).toBeLessThanOrEqual(width);
    }
    if (width === 390) {
      // On a phone each chart of a row takes the row's whole width: the panels stack.
      const rows = await page.$$eval('.w-figure .chart-row', (els) =>
        els.map((r) => Array.from(r.children).map((c) => [c.getBoundingClientRect().width, r.clientWidth])),
      );
      for (const row of rows) for (const [w, full] of row) expect(w).toBeGreaterThanOrEqual(full - 1);
    }
    await page.locator('initlab-race').scrollIntoViewIfNeeded();
    await screenshot(page, `figures-${lang}-${width}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the charts again at the new width when the window is resized', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${site.server.url}/${lang}/`);
    await hydrateAll(page);
    const attrs = () => page.$$eval('initlab-race svg[data-fit]', (s) => s.map((e) => Number(e.getAttribute('width'))));
    const wide = await attrs();
    expect(wide.length).toBeGreaterThan(0);
    await page.setViewportSize({ width: 390, height: 900 });
    await fitted(page);
    const narrow = await attrs();
    for (const [i, w] of narrow.entries()) expect(w).toBeLessThan(wide[i] - 50);
    const charts = await chartReports(page);
    for (const c of charts) expect(c.smallest, c.name).toBeGreaterThanOrEqual(11);
    await page.setViewportSize({ width: 1280, height: 900 });
    await fitted(page);
    expect(await attrs()).toEqual(wide);
    await page.close();
  });
});

describe.each(LANGS)('numbers printed from the bake in /%s/', (lang) => {
  const html = () => readFileSync(join(ROOT, 'site', 'dist', lang, 'index.html'), 'utf8');
  const printed = () =>
    [...html().matchAll(/<(\w+)[^>]*\sdata-baked="([^"]+)"[^>]*>([^<]*)<\/\1>/g)].map((m) => ({
      key: m[2],
      text: m[3].trim(),
    }));

  it('print no value that is not zero as 0, and each reads back within its printed figures', () => {
    const all = printed();
    expect(all.length).toBeGreaterThan(20);
    let numbers = 0;
    for (const { key, text } of all) {
      const value = bakedValue(key);
      if (typeof value !== 'number') continue;
      const read = parseFormatted(text);
      expect(read, `${key}: "${text}"`).not.toBeNull();
      if (!read) continue;
      numbers++;
      if (read.value === 0) expect(value, `${key} printed as 0`).toBe(0);
      // Half a unit in the last printed figure (an integer printed whole reads back exactly).
      const unit = value === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(value))) - read.sig + 1);
      expect(Math.abs(read.value - value), `${key}: "${text}" vs ${value}`).toBeLessThanOrEqual(
        unit * 0.5 * (1 + 1e-9) + 1e-300,
      );
    }
    expect(numbers).toBeGreaterThan(20);
  });
});
