/**
 * The side-by-side widgets (`norm`, `residual`) in real headless Chromium against a real `wrangler dev`: the baked
 * default shows at once and is the API's own answer to the same requests, a changed control runs live (one streamed
 * compare per value, the field left out for its default) and follows the URL, the custom element works on another
 * site, CSV and code come out of the buttons, and a refused entry is said beside its control.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { normRequests, residualRequests, toSearch } from '../../site/src/widgets/requests.ts';
import { defaults, NORM_STATE, RESIDUAL_STATE } from '../../site/src/widgets/state.ts';
import type { CompareResult } from '../../src/result.ts';
import { ROOT, screenshot, startHostSite, trackedPage, waitForStatus, withSite } from './harness.ts';
import { recordRequests } from './race-helpers.ts';

const site = withSite();

const hydrated = (page: Page, w: string) =>
  page.waitForFunction((tag) => document.querySelector(tag)?.classList.contains('hydrated'), `initlab-${w}`);

/** Every value the progress bar took before the first complete result (recorded in the page from its start). */
const RECORD_PROGRESS = `(() => {
  window.progress = [];
  new MutationObserver((ms) => {
    for (const m of ms) if (m.target.getAttribute('role') === 'progressbar')
      window.progress.push(Number(m.target.getAttribute('aria-valuenow')));
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
})()`;

const withoutTiming = (c: CompareResult) => ({
  ...c,
  timing: null,
  trials: c.trials.map((t) => ({ ...t, timing: null })),
});

describe.each([
  ['norm', normRequests(defaults(NORM_STATE)), 'norm'],
  ['residual', residualRequests(defaults(RESIDUAL_STATE)), 'residualScale'],
] as const)('the %s widget', (name, queries, field) => {
  it('shows its baked default without asking the API, and the baked runs are what the API answers', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const asked = recordRequests(page);
    await page.goto(`${site.server.url}/embed/${name}/`);
    await hydrated(page, name);
    expect(await page.locator(`initlab-${name}`).getAttribute('data-status')).toBe('baked');
    expect(await page.locator(`initlab-${name} .w-figure svg.chart`).count()).toBe(name === 'norm' ? 3 : 1);
    expect(asked.filter((r) => r.url.includes('/api/'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
    const baked = JSON.parse(readFileSync(join(ROOT, 'site', 'src', 'baked', `${name}.json`), 'utf8'));
    for (const [i, q] of queries.entries()) {
      const res = await fetch(`${site.server.url}/api/v1/compare?${toSearch(q)}`);
      expect(res.status, `${field} ${i}`).toBe(200);
      expect(withoutTiming((await res.json()) as CompareResult)).toEqual(withoutTiming(baked.compares[i]));
      // The same run as the API's SVG chart, the Markdown way to embed one panel.
      const svg = await fetch(`${site.server.url}/api/v1/charts/compare.svg?${toSearch(q)}`);
      expect(svg.headers.get('content-type')).toContain('image/svg+xml');
      expect(await svg.text()).toContain('<svg');
    }
  }, 240_000);
});

describe('a live norm race', () => {
  it('streams one compare per normalisation, leaves none out of the query, and follows a control into the URL', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const asked = recordRequests(page);
    await page.addInitScript(RECORD_PROGRESS);
    await page.goto(`${site.server.url}/embed/norm/?depth=4&width=16&steps=60&seed=5101`);
    await waitForStatus(page, 'norm', 'live', 120_000);
    const norms = asked
      .filter((r) => r.url.includes('/api/v1/compare'))
      .map((r) => new URL(r.url).searchParams.get('norm'));
    expect(norms.sort()).toEqual(['batch', 'layer', null].sort());
    const progress = await page.evaluate(() => (window as unknown as { progress: number[] }).progress);
    expect(new Set(progress).size).toBeGreaterThanOrEqual(2);
    expect(Math.max(...progress)).toBeLessThanOrEqual(3 * 60);
    const cells = await page.locator('initlab-norm .w-figure table tbody td').allTextContents();
    expect(cells).toHaveLength(3 * 4);
    expect(cells.join(' ')).not.toMatch(/NaN|…/);
    // A slider moved by keyboard: the URL follows and the run is live again.
    await page.locator('initlab-norm [data-key=steps]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('steps'), { timeout: 10_000 }).toBe('61');
    await waitForStatus(page, 'norm', 'live', 120_000);
    expect(await page.locator('initlab-norm .w-figure svg.chart').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives its CSV and its equivalent code, and says a refused entry beside its control', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/norm/?seed=abc`);
    await hydrated(page, 'norm');
    // The link's seed is refused: said beside the seed box, and the baked default (seed 1) stays on show.
    const seedMsg = page.locator('initlab-norm [data-msg-for=seed]');
    expect(await seedMsg.textContent()).toContain('"abc" is not a whole number from 0 to 99999');
    expect(await page.locator('initlab-norm').getAttribute('data-status')).toBe('baked');
    const download = page.waitForEvent('download');
    await page.locator('initlab-norm [data-act=csv]').click();
    const csv = readFileSync((await (await download).path()) as string, 'utf8');
    expect(csv.split('\n')[0]).toBe('norm,init,step,trainLoss,testLoss,testAccuracy,diverged');
    expect(csv).toContain('\nbatch,glorot_normal,300,');
    await page.locator('initlab-norm .w-code summary').click();
    const code = page.locator('initlab-norm .w-code code');
    await expect.poll(() => code.textContent(), { timeout: 10_000 }).toContain('nn.BatchNorm1d(width)');
    expect(((await code.textContent()) ?? '').match(/npx initlab compare/g)).toHaveLength(3);
    // Unticking every init is refused beside the list: the state, URL and figure stay.
    // (All at once: unticking them one by one would run each smaller race on the way.)
    await page.evaluate(() => {
      const boxes = document.querySelectorAll<HTMLInputElement>('initlab-norm [data-key=inits] input');
      for (const box of Array.from(boxes)) box.checked = false;
      boxes[0].dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await page.locator('initlab-norm [data-msg-for=inits]').textContent()).toBe('Pick at least one.');
    expect(new URL(page.url()).searchParams.get('inits')).toBeNull();
    expect(await page.locator('initlab-norm').getAttribute('data-status')).toBe('baked');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a live residual race', () => {
  it('runs the four scalings as the custom element on another site', async () => {
    const host = await startHostSite({
      '/residual.html': `<!doctype html><html lang="zh"><title>residual</title><link rel="icon" href="data:,"><script type="module" src="${site.server.url}/widgets/initlab-widgets.js"></script><initlab-residual blocks="4" width="16" steps="60" seed="5102" api="${site.server.url}"></initlab-residual>`,
    });
    try {
      const { page, errors } = await trackedPage(site.session.context);
      const asked = recordRequests(page);
      await page.goto(`${host.url}/residual.html`);
      await waitForStatus(page, 'residual', 'live', 120_000);
      const scales = asked
        .filter((r) => r.url.includes('/api/v1/compare'))
        .map((r) => new URL(r.url).searchParams.get('residualScale'));
      expect(scales.sort()).toEqual(['depth', 'rezero', 'skipinit', null].sort());
      expect(await page.locator('initlab-residual [data-key=blocks]').inputValue()).toBe('4');
      expect(await page.locator('initlab-residual .w-figure table tbody tr').count()).toBe(4);
      expect(await page.locator('initlab-residual .w-figure').textContent()).toContain('分支缩放');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await host.stop();
    }
  });

  it('fits a 390 px phone: one chart across the width, axis text at its size, nothing overflowing', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.server.url}/embed/residual/`);
    await hydrated(page, 'residual');
    await page.waitForFunction(() => {
      const svg = document.querySelector('initlab-residual svg[data-fit]');
      return svg && Math.abs(Number(svg.getAttribute('width')) - (svg.parentElement?.clientWidth ?? 0)) <= 1.5;
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    const sizes = await page.$$eval('initlab-residual svg.chart g.axis text', (ts) =>
      ts.map((t) => Number.parseFloat(getComputedStyle(t).fontSize)),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    await screenshot(page, 'residual-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${site.server.url}/embed/norm/`);
    await hydrated(page, 'norm');
    await screenshot(page, 'norm-1280');
    await page.close();
  });
});
