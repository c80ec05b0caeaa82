/**
 * The race's layer sizes in real headless Chromium against a real `wrangler dev`: typed sizes replace depth × width in
 * the URL and the request, a refused entry is said beside the control while the state and figure stay, a link with
 * sizes restores them, and the browser's engine trains the same network to the same numbers as the API.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, trackedPage, waitForStatus, withSite } from './harness.ts';
import { finalLosses, nextResult, recordRequests } from './race-helpers.ts';

const site = withSite();

const RACE = '/embed/race/?inits=he_normal,glorot_uniform&steps=120&seed=5';
const sizes = (page: Page) => page.locator('initlab-race input[data-key=widths]');
const message = (page: Page) => page.locator('initlab-race [data-msg-for=widths]');
const shown = (page: Page, key: string) => page.locator(`initlab-race [data-key=${key}]`).isVisible();
const compares = (log: { url: string }[]) =>
  log.filter((r) => r.url.includes('/api/v1/compare')).map((r) => new URL(r.url).searchParams);

/** The losses of the sizes typed on the first page, for the link and the browser's engine to reproduce. */
let typed: string[] = [];

describe('layer sizes in the race', () => {
  it('replace depth × width in the URL and the request; a refused entry is said beside them, and nothing runs', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const log = recordRequests(page);
    await page.goto(site.server.url + RACE);
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(await shown(page, 'depth')).toBe(true);
    const uniform = await finalLosses(page);

    await nextResult(page, () => sizes(page).fill('16, 8,4'));
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(new URL(page.url()).searchParams.get('widths')).toBe('16,8,4');
    const asked = compares(log).at(-1)!;
    expect(asked.get('widths')).toBe('16,8,4');
    expect(asked.has('depth') || asked.has('width')).toBe(false);
    expect(await shown(page, 'depth')).toBe(false);
    expect(await shown(page, 'width')).toBe(false);
    typed = await finalLosses(page);
    expect(typed.map((l) => l.split(' ')[0])).toEqual(['he_normal', 'glorot_uniform']);

    // A refused entry: the reason beside the control, the URL, the figure and the requests as they were.
    const figure = await page.locator('initlab-race .w-figure table').textContent();
    const before = log.length;
    await sizes(page).fill('16,0');
    await expect
      .poll(() => message(page).textContent())
      .toBe(`"0" is not a whole number from 1 to 128: give each layer's size, comma-separated (e.g. 64,32,16).`);
    expect(await sizes(page).getAttribute('aria-invalid')).not.toBeNull();
    await screenshot(page, 'race-layer-sizes-refused');
    await page.setViewportSize({ width: 390, height: 844 });
    await sizes(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'race-layer-sizes-refused-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(500);
    expect(new URL(page.url()).searchParams.get('widths')).toBe('16,8,4');
    expect(compares(log.slice(before))).toEqual([]);
    expect(await page.locator('initlab-race .w-figure table').textContent()).toBe(figure);
    expect(await page.locator('initlab-race').getAttribute('data-status')).toBe('live');
    await sizes(page).fill(Array(33).fill(8).join(','));
    await expect.poll(() => message(page).textContent()).toBe('33 layers: at most 32 are allowed.');

    // Emptied: depth × width again, the message gone.
    await nextResult(page, () => sizes(page).fill(''));
    expect(await message(page).textContent()).toBe('');
    expect(await sizes(page).getAttribute('aria-invalid')).toBeNull();
    expect(new URL(page.url()).searchParams.has('widths')).toBe(false);
    expect(await shown(page, 'depth')).toBe(true);
    // The depth × width race again, answered from the page's memo of the first run.
    expect(await finalLosses(page)).toEqual(uniform);
    expect(typed).not.toEqual(uniform);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a link with sizes restores them, and the browser's engine, without the API, trains them to the same numbers", async () => {
    expect(typed).toHaveLength(2);
    const link = `${site.server.url}${RACE}&widths=16,8,4`;
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(link);
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(await sizes(page).inputValue()).toBe('16,8,4');
    expect(await shown(page, 'depth')).toBe(false);
    expect(await finalLosses(page)).toEqual(typed);
    await page.close();

    const offline = await trackedPage(site.session.context);
    await offline.page.route('**/api/**', (route) => route.abort());
    await offline.page.goto(link);
    await waitForStatus(offline.page, 'race', 'browser', 120_000);
    expect(await finalLosses(offline.page)).toEqual(typed);
    expect(errors).toEqual([]);
    await offline.page.close();
  });

  it('a link whose sizes are refused shows what it gave and why, in the page language, and races depth × width', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/zh/?race.widths=16,999`);
    await page.locator('initlab-race').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'race', 'baked', 60_000);
    expect(await sizes(page).inputValue()).toBe('16,999');
    expect(await message(page).textContent()).toBe(
      '“999”不是 1 到 128 之间的整数：请用逗号分隔各层的宽度（如 64,32,16）。',
    );
    expect(await shown(page, 'depth')).toBe(true);
    await sizes(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'race-layer-sizes-zh-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await sizes(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'race-layer-sizes-zh-390');
    // A correction there runs at once.
    await nextResult(page, () => sizes(page).fill('16,99'));
    expect(await message(page).textContent()).toBe('');
    expect(new URL(page.url()).searchParams.get('race.widths')).toBe('16,99');
    expect(errors).toEqual([]);
    await page.close();
  });
});
