/**
 * The phase diagram's live trainability overlay in real Chromium against a real `wrangler dev`. Its 32 runs go past
 * the API's 30 uncached computations per client and minute on purpose, so it has a server (and rate limiter) of its
 * own: in a shared file the 429s it provokes would reach the tests that follow it.
 */
import { describe, expect, it } from 'vitest';
import { trackedPage, waitForStatus, withSite } from './harness.ts';

const site = withSite();

describe('phase diagram trainability', () => {
  it('refreshes the measured overlay live from the API on request (small settings)', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/phase/?experiment=steps:50,width:16`);
    await page.waitForFunction(() => document.querySelector('initlab-phase')?.classList.contains('hydrated'));
    expect(await page.locator('initlab-phase figcaption[data-trainability=baked]').count()).toBe(1);
    // While it is assembled: the progress bar's values, and how many cells each partial grid had measured.
    await page.evaluate(() => {
      const w = window as unknown as { progress: number[]; measured: number[] };
      w.progress = [];
      w.measured = [];
      const el = document.querySelector('initlab-phase')!;
      new MutationObserver(() => {
        const bar = el.querySelector('[role=progressbar]');
        if (bar && !(bar as HTMLElement).hidden) w.progress.push(Number(bar.getAttribute('aria-valuenow')));
        if (el.querySelector('figcaption[data-trainability=partial]'))
          w.measured.push(el.querySelectorAll('svg.trainability rect:not([stroke-dasharray])').length);
      }).observe(el, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: /measure trainability/ }).click();
    // 32 runs, streamed one by one: past the API's 30 uncached runs per client and minute the widget waits out the
    // Retry-After it is given.
    await page.waitForSelector('initlab-phase figcaption[data-trainability=live]', { timeout: 170_000 });
    const { progress, measured } = await page.evaluate(() => {
      const w = window as unknown as { progress: number[]; measured: number[] };
      return { progress: w.progress, measured: w.measured };
    });
    // The grid fills in cell by cell, and the bar moves through the runs' steps (32 runs × 50 steps).
    expect(new Set(measured).size).toBeGreaterThanOrEqual(3);
    expect(measured).toEqual([...measured].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...progress)).toBeLessThanOrEqual(32 * 50);
    expect(await page.locator('initlab-phase figcaption[data-trainability=live]').textContent()).toContain('50 steps');
    expect(await page.locator('initlab-phase svg.trainability rect').count()).toBe(32);
    expect(await page.locator('initlab-phase svg.chart .mark').count()).toBe(8);
    // Changing the activation re-renders the theory map and keeps the live measurement beside it.
    await page.locator('initlab-phase [data-key=activation]').selectOption('relu');
    await waitForStatus(page, 'phase', 'live');
    expect(await page.locator('initlab-phase figcaption[data-trainability=live]').count()).toBe(1);
    expect(await page.locator('initlab-phase svg.chart .mark').count()).toBe(0); // markers belong on the tanh map
    // The browser logs the API's 429 (the widget's cue to wait out Retry-After) as a failed resource; nothing else.
    expect(errors.filter((e) => !e.includes('status of 429'))).toEqual([]);
    await page.close();
  }, 200_000);
});
