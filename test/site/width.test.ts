/**
 * The width-transfer widget (the yang2022 experiment: final train loss against log₂ learning rate, a curve per width,
 * SP beside μP). Without a browser: its baked default is the experiment's committed result at the experiment's own
 * settings. In real Chromium against a real `wrangler dev`: the baked figure shows without a request, and a changed
 * setting re-measures the experiment run by run through the API — more uncached runs than the API lets one client
 * start in a minute, so the widget waits out the Retry-After it is given — to the numbers the API's experiment route
 * gives for the same settings. Its own file, so its 429s reach no other test's server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WIDGETS } from '../../site/src/widgets/defs.ts';
import { defaults, WIDTH_STATE } from '../../site/src/widgets/state.ts';
import { type WidthFigure, widthFromExperiment, widthSettings } from '../../site/src/widgets/width-transfer.ts';
import {
  estimateCompareFlops,
  experimentDefinition,
  listExperiments,
  normaliseExperimentParams,
  paramsOrThrow,
} from '../../src/index.ts';
import { ROOT, screenshot, startHostSite, trackedPage, waitForStatus, withSite } from './harness.ts';

const site = withSite();

/** The API's answer once it gives one: a 429 or 503 names its Retry-After, which is waited out. */
async function answered(url: string): Promise<Response> {
  for (;;) {
    const res = await fetch(url);
    const wait = Number(res.headers.get('Retry-After'));
    if ((res.status !== 429 && res.status !== 503) || !Number.isFinite(wait)) return res;
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}
const read = (name: string) => JSON.parse(readFileSync(join(ROOT, 'site', 'src', 'baked', name), 'utf8'));
let baked: WidthFigure;
beforeAll(() => {
  baked = read('width.json');
});

describe('the width widget without a browser', () => {
  it("asks the experiment at its own settings by default, one seed (the one it draws), and bakes that run's figure", () => {
    const own = listExperiments().find((e) => e.name === 'yang2022')?.defaults ?? {};
    const asked = widthSettings(defaults(WIDTH_STATE));
    expect(asked).toEqual({
      seed: String(own.seed),
      seeds: '1',
      steps: String(own.steps),
      doublings: String(own.doublings),
    });
    expect(baked).toEqual(widthFromExperiment(read('experiments.json').yang2022, 'baked'));
    expect(baked.sweeps.sp.map((s) => s.width)).toEqual([64, 128, 256, 512]);
  });

  it("keeps every run of its costliest setting under the API's work cap, so no run of a re-measure is refused", () => {
    const top = { ...defaults(WIDTH_STATE), maxWidth: '512', steps: WIDTH_STATE.steps.max } as const;
    const settings = paramsOrThrow(normaliseExperimentParams('yang2022', widthSettings(top), true));
    const runs = experimentDefinition('yang2022').runs(settings);
    expect(runs).toHaveLength(2 * 4 * 9);
    const cap = Number(
      /DEFAULT_WORK_CAP_FLOPS = ([\d.e]+)/.exec(readFileSync(join(ROOT, 'functions', 'limits.ts'), 'utf8'))?.[1],
    );
    for (const run of runs) expect(estimateCompareFlops(run)).toBeLessThan(cap);
  });

  it('draws a run still to be measured as a gap and "…", never as the stand-in loss the partial analysis used', () => {
    const pending = baked.sweeps.sp.map((s, w) => s.finalTrainLoss.map((_, i) => w > 0 || i < 4));
    const partial = { ...baked, measured: { sp: pending, mup: pending }, source: 'partial' as const };
    const html = WIDGETS.width.view(partial as never, 'en');
    const points = [...html.matchAll(/data-points="([^"]+)"/g)].map((m) =>
      JSON.parse(m[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&')),
    );
    expect(points[0].s[0][2].slice(4)).toEqual([null, null, null, null, null]);
    expect(points[0].s[1][2]).toEqual(baked.sweeps.sp[1].finalTrainLoss);
    expect(html).toContain('<td>…</td>');
    expect(html).not.toMatch(/NaN|undefined/);
    const csv = WIDGETS.width.csv(partial as never).split('\n');
    expect(csv[0]).toBe('parametrization,width,log2Lr,finalTrainLoss,diverged');
    expect(csv).toHaveLength(1 + 2 * 4 * 9);
    expect(csv[5]).toBe('sp,64,-3,,false');
  });
});

describe('the width widget in Chromium', () => {
  it('shows the baked experiment at once, asking the API nothing', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) asked.push(r.url());
    });
    await page.goto(`${site.server.url}/embed/width/?lang=zh`);
    await page.waitForFunction(() => document.querySelector('initlab-width')?.classList.contains('hydrated'));
    expect(await page.locator('initlab-width').getAttribute('data-status')).toBe('baked');
    expect(await page.locator('initlab-width .w-figure svg.chart').count()).toBe(2);
    expect(await page.locator('initlab-width [data-width-source=baked]').textContent()).toContain('预计算');
    expect(await page.locator('initlab-width .w-figure table tbody tr').count()).toBe(4);
    await screenshot(page, 'width-baked');
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the baked default as a bare custom element on another site too, fetched beside the bundle', async () => {
    const host = await startHostSite({
      '/width.html': `<!doctype html><html lang="en"><title>width</title><link rel="icon" href="data:,"><script type="module" src="${site.server.url}/widgets/initlab-widgets.js"></script><initlab-width api="${site.server.url}"></initlab-width>`,
    });
    try {
      const { page, errors } = await trackedPage(site.session.context);
      const asked: string[] = [];
      page.on('request', (r) => asked.push(r.url()));
      await page.goto(`${host.url}/width.html`);
      await page.waitForSelector('initlab-width [data-width-source=baked]');
      expect(await page.locator('initlab-width').getAttribute('data-status')).toBe('baked');
      expect(await page.locator('initlab-width .w-figure svg.chart').count()).toBe(2);
      expect(asked).toContain(`${site.server.url}/baked/width.json`);
      expect(asked.filter((u) => u.includes('/api/'))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await host.stop();
    }
  });

  it('re-measures a changed setting run by run, waiting out the rate limit, to the API route’s own numbers', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/width/`);
    await page.waitForFunction(() => document.querySelector('initlab-width')?.classList.contains('hydrated'));
    await page.evaluate(() => {
      const w = window as unknown as { seen: { progress: number[]; partial: number; waited: boolean } };
      w.seen = { progress: [], partial: 0, waited: false };
      const el = document.querySelector('initlab-width')!;
      new MutationObserver(() => {
        const bar = el.querySelector('[role=progressbar]');
        if (bar && !(bar as HTMLElement).hidden) w.seen.progress.push(Number(bar.getAttribute('aria-valuenow')));
        if (el.querySelector('[data-width-source=partial]')) w.seen.partial++;
        if (el.querySelector('.w-status')?.textContent?.includes('limits new runs')) w.seen.waited = true;
      }).observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    // Widths 64 and 128 at 50 steps: 2 parametrisations × 2 widths × 9 rates = 36 runs, past the 30 a minute.
    // Wrangler's local limiter counts in fixed windows aligned to the clock's minutes, and the 36 runs take a few
    // seconds: started just before a window ends, they could fit under 30 on each side of it and never be refused.
    // So they start with at least 20 s of a window ahead.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 20_000) await new Promise((r) => setTimeout(r, left + 250));
    // Three controls changed in one go (each an input event, as a reader's would be): one measurement starts.
    await page.evaluate(() => {
      for (const [key, value] of [
        ['maxWidth', '128'],
        ['steps', '50'],
        ['seed', '5201'],
      ]) {
        const el = document.querySelector<HTMLInputElement>(`initlab-width [data-key=${key}]`)!;
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await waitForStatus(page, 'width', 'live', 240_000);
    expect(new URL(page.url()).searchParams.get('maxWidth')).toBe('128');
    const seen = await page.evaluate(
      () => (window as unknown as { seen: { progress: number[]; partial: number; waited: boolean } }).seen,
    );
    expect(seen.partial).toBeGreaterThanOrEqual(3);
    expect(seen.waited).toBe(true);
    expect(new Set(seen.progress).size).toBeGreaterThanOrEqual(3);
    expect(seen.progress).toEqual([...seen.progress].sort((a, b) => a - b));
    expect(await page.locator('initlab-width [data-width-source=live]').textContent()).toContain('50 steps');
    const download = page.waitForEvent('download');
    await page.locator('initlab-width [data-act=json]').click();
    const shown = JSON.parse(readFileSync((await (await download).path()) as string, 'utf8')) as WidthFigure;
    const settings = 'seed=5201&seeds=1&steps=50&doublings=1';
    const res = await answered(`${site.server.url}/api/v1/experiments/yang2022?${settings}`);
    expect(res.status).toBe(200);
    expect(shown.sweeps).toEqual((await res.json()).series.sweeps);
    await page.locator('initlab-width .w-code summary').click();
    await expect
      .poll(() => page.locator('initlab-width .w-code code').textContent(), { timeout: 10_000 })
      .toContain('npx initlab experiment yang2022 --seed 5201 --seeds 1 --steps 50 --doublings 1');
    // The browser logs the API's 429 (the widget's cue to wait) as a failed resource; nothing else.
    expect(errors.filter((e) => !e.includes('status of 429'))).toEqual([]);
    await page.close();
  }, 300_000);
});
