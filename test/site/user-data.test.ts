/**
 * The race on the reader's own CSV, in real headless Chromium against a real `wrangler dev`: a picked file is parsed
 * and trained on in the browser with no request carrying the data (or its id) anywhere, a bad file or batch size is
 * refused beside the picker while the figure stays, and only the explicit share button uploads the file — after which
 * the link reproduces the local run's numbers from the server's copy.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/index.ts';
import { screenshot, startHostSite, trackedPage, waitForStatus, withSite } from './harness.ts';
import { finalLosses, nextResult, recordRequests } from './race-helpers.ts';

const site = withSite();

/** n rows of three features and a class by the sign of a mix of them, from a seeded stream. */
function csv(n = 120): string {
  const rng = streamFor(23, 'widget-csv');
  const rows = ['a,b,c,kind'];
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    rows.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${a - 0.5 * b + c * c > 0.8 ? 1 : 0}`);
  }
  return rows.join('\n');
}
const GOOD = csv();
/** A line of the file: a request carrying it carries the data. */
const A_LINE = GOOD.split('\n')[3];

const RACE = '/embed/race/?inits=he_normal,glorot_uniform&depth=3&width=16&steps=120&seed=5';
const hydrated = (page: Page) =>
  page.waitForFunction(() => document.querySelector('initlab-race')?.classList.contains('hydrated'));
const tableText = (page: Page) => page.locator('initlab-race .w-figure table').textContent();
const message = (page: Page) => page.locator('initlab-race [data-csv-msg]');

async function pick(page: Page, text: string, name = 'mine.csv', mimeType = 'text/csv'): Promise<void> {
  await page.locator('initlab-race input[type=file]').setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
}

async function runLocally(page: Page): Promise<string[]> {
  await page.goto(site.server.url + RACE);
  await waitForStatus(page, 'race', 'live', 120_000);
  await pick(page, GOOD);
  await expect.poll(() => page.locator('initlab-race [data-csv-summary]').textContent()).toContain('120 rows');
  await waitForStatus(page, 'race', 'browser', 120_000);
  return finalLosses(page);
}

describe('a CSV picked in the race', () => {
  it('is trained on in the browser, and no request carries the data or its id', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const log = recordRequests(page);
    const losses = await runLocally(page);
    expect(losses.map((l) => l.split(' ')[0])).toEqual(['he_normal', 'glorot_uniform']);
    for (const l of losses) expect(l).toMatch(/^\w+ \d/);
    const summary = await page.locator('initlab-race [data-csv-summary]').textContent();
    expect(summary).toBe('120 rows · 3 features · 2 classes · 96 train / 24 test rows');
    await page.locator('initlab-race .w-data').scrollIntoViewIfNeeded();
    await screenshot(page, 'race-own-csv');
    expect(await page.locator('initlab-race select[data-csv-target]').inputValue()).toBe('kind');
    expect(await page.locator('initlab-race select[data-key=dataset] option:checked').textContent()).toMatch(
      /your CSV/,
    );
    // No decision boundary: three features have no plane to draw one on.
    expect(await page.locator('initlab-race svg.boundary').count()).toBe(0);
    // The built-in sets' noise control means nothing to a CSV: hidden, and left out of the run.
    expect(await page.locator('initlab-race [data-key=noise]').isVisible()).toBe(false);
    expect(log.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(log.filter((r) => /user(:|%3A)/i.test(r.url) || r.url.includes('/api/v1/datasets'))).toEqual([]);
    expect(log.filter((r) => r.url.includes(A_LINE.slice(0, 12)) || r.body.includes(A_LINE))).toEqual([]);
    expect(page.url()).not.toMatch(/user(:|%3A)/i);
    expect(errors).toEqual([]);

    // Another control re-runs locally; the target column re-parses (c is a number with decimals: regression).
    const before = log.length;
    await nextResult(page, () => page.locator('initlab-race [data-key=depth]').fill('2'));
    expect(await page.locator('initlab-race').getAttribute('data-status')).toBe('browser');
    expect(log.slice(before).filter((r) => r.url.includes('/api/'))).toEqual([]);
    await nextResult(page, () => page.locator('initlab-race select[data-csv-target]').selectOption('c').then());
    expect(await page.locator('initlab-race [data-csv-summary]').textContent()).toContain('· regression ·');
    expect(await page.locator('initlab-race').getAttribute('data-status')).toBe('browser');
    expect(log.slice(before).filter((r) => r.url.includes('/api/'))).toEqual([]);

    // Back to the built-in data: the API again, and the select names the built-in set.
    await page.locator('initlab-race [data-csv-act=builtin]').click();
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(await page.locator('initlab-race select[data-key=dataset]').inputValue()).toBe('circles');
    expect(await page.locator('initlab-race svg.boundary').count()).toBe(2);
    expect(await page.locator('initlab-race [data-key=noise]').isVisible()).toBe(true);
    await page.close();
  });

  it('with a bad cell is refused beside the picker, naming the row and column; the figure stays', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(site.server.url + RACE);
    await waitForStatus(page, 'race', 'live', 120_000);
    const figure = await tableText(page);
    const lines = GOOD.split('\n');
    lines[4] = lines[4].replace(/^([^,]+),[^,]+,/, '$1,abc,');
    await pick(page, lines.join('\n'));
    await expect.poll(() => message(page).textContent()).toBe('row 5, column "b": "abc" is not a finite number');
    expect(await message(page).getAttribute('role')).toBe('alert');
    expect(await tableText(page)).toBe(figure);
    expect(await page.locator('initlab-race').getAttribute('data-status')).toBe('live');
    // Neither a file over 256 KiB (refused before it is read) nor a picture.
    await pick(page, `${GOOD}\n${'1,2,3,no\n'.repeat(30_000)}`);
    await expect.poll(() => message(page).textContent()).toMatch(/^The file is \d+ bytes; at most 262144 bytes/);
    await pick(page, 'GIF89a', 'cat.gif', 'image/gif');
    await expect.poll(() => message(page).textContent()).toBe('cat.gif is not a CSV file (.csv, text/csv).');
    expect(await tableText(page)).toBe(figure);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a batch size larger than its training rows, in the page language; the figure stays', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}${RACE}&lang=zh`);
    await hydrated(page);
    // Dropped on the controls this time, not picked.
    await page.evaluate((text) => {
      const drop = new DataTransfer();
      drop.items.add(new File([text], 'mine.csv', { type: 'text/csv' }));
      const form = document.querySelector('initlab-race form.w-controls');
      form?.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    }, GOOD);
    await expect.poll(() => page.locator('initlab-race [data-csv-summary]').textContent()).toContain('120 行');
    await waitForStatus(page, 'race', 'browser', 120_000);
    const figure = await tableText(page);
    await page.locator('initlab-race [data-key=batchSize]').fill('128');
    await expect.poll(() => message(page).textContent()).toBe('批大小 128 超过了 96 个训练行：请选择不超过 96 的值。');
    expect(await tableText(page)).toBe(figure);
    await nextResult(page, () => page.locator('initlab-race [data-key=batchSize]').fill('32'));
    expect(await page.locator('initlab-race').getAttribute('data-status')).toBe('browser');
    expect(await message(page).textContent()).toBe('');
    // The test fraction moves the split: at half the rows held out, 60 train, and a batch of 64 no longer fits.
    const trained = await tableText(page);
    await nextResult(page, () => page.locator('initlab-race [data-key=testFraction]').fill('0.5'));
    expect(await page.locator('initlab-race [data-csv-summary]').textContent()).toContain('训练 60 行 / 测试 60 行');
    expect(await tableText(page)).not.toBe(trained);
    await page.locator('initlab-race [data-key=batchSize]').fill('64');
    await expect.poll(() => message(page).textContent()).toBe('批大小 64 超过了 60 个训练行：请选择不超过 60 的值。');
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The share button, then the server's run of its copy (a cached one answers at once: no 'running' to wait for). */
async function share(page: Page): Promise<void> {
  await page.locator('initlab-race [data-csv-act=share]').click();
  await page.waitForFunction(
    () =>
      location.search.includes('dataset=user') &&
      document.querySelector('initlab-race')?.getAttribute('data-status') === 'live',
    null,
    { timeout: 120_000 },
  );
}

describe('the share button', () => {
  it('uploads the file, puts dataset=user:<id> in the URL, and that link reproduces the local numbers', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const log = recordRequests(page);
    const local = await runLocally(page);
    expect(log.filter((r) => r.method === 'POST')).toEqual([]);
    await share(page);
    const posts = log.filter((r) => r.method === 'POST');
    expect(posts.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/datasets']);
    expect(posts[0].body).toBe(GOOD);
    const dataset = new URL(page.url()).searchParams.get('dataset') ?? '';
    expect(dataset).toMatch(/^user:[0-9a-f]{64}$/);
    expect(
      log.some((r) => r.url.includes('/api/v1/compare') && r.url.includes(`dataset=${encodeURIComponent(dataset)}`)),
    ).toBe(true);
    expect(await page.locator('initlab-race [data-csv-link]').inputValue()).toBe(page.url());
    expect(await page.locator('initlab-race select[data-key=dataset]').inputValue()).toBe(dataset);
    // The server's run of its copy: the same numbers as the browser's run of the file.
    expect(await finalLosses(page)).toEqual(local);

    const fresh = await trackedPage(site.session.context);
    await fresh.page.goto(page.url());
    await waitForStatus(fresh.page, 'race', 'live', 120_000);
    expect(await finalLosses(fresh.page)).toEqual(local);
    expect(await fresh.page.locator('initlab-race [data-csv-act=builtin]').isVisible()).toBe(true);
    expect([...errors, ...fresh.errors]).toEqual([]);
    await fresh.page.close();

    // The API at capacity: the server's copy is on the server only, so the widget says so; the browser has nothing
    // of the file to train on in its place.
    const busy = await trackedPage(site.session.context);
    await busy.page.route('**/api/v1/compare**', (route) =>
      route.fulfill({
        status: 503,
        headers: { 'Retry-After': '5', 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'the API is at capacity' }),
      }),
    );
    await busy.page.goto(page.url());
    await waitForStatus(busy.page, 'race', 'error', 60_000);
    expect(await busy.page.locator('initlab-race .w-status').textContent()).toContain('the API is at capacity');
    await busy.page.close();
    await page.close();
  });

  it('makes a link the custom element and an /embed/ iframe open too; a dataset the server never stored says so', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await runLocally(page);
    await share(page);
    const local = await finalLosses(page);
    const dataset = new URL(page.url()).searchParams.get('dataset') ?? '';
    const host = await startHostSite({
      '/race.html': `<!doctype html><html lang="en"><title>race</title><link rel="icon" href="data:,"><script type="module" src="${site.server.url}/widgets/initlab-widgets.js"></script><initlab-race inits="he_normal,glorot_uniform" depth="3" width="16" steps="120" seed="5" dataset="${dataset}" api="${site.server.url}"></initlab-race>`,
      '/frame.html': `<!doctype html><html lang="en"><title>frame</title><iframe src="${page.url()}" width="900" height="900"></iframe>`,
    });
    try {
      await page.goto(`${host.url}/race.html`);
      await waitForStatus(page, 'race', 'live', 120_000);
      expect(await finalLosses(page)).toEqual(local);
      await page.goto(`${host.url}/frame.html`);
      const frame = page.frameLocator('iframe');
      await expect
        .poll(() => frame.locator('initlab-race').getAttribute('data-status'), { timeout: 120_000 })
        .toBe('live');
      const rows = await frame.locator('initlab-race .w-figure table tbody tr td:nth-child(2)').allTextContents();
      expect(rows).toEqual(local.map((l) => l.split(' ')[1]));
    } finally {
      await host.stop();
    }
    const unknown = `user:${'0'.repeat(64)}`;
    await page.goto(`${site.server.url}${RACE}&dataset=${unknown}`);
    await expect
      .poll(() => message(page).textContent(), { timeout: 60_000 })
      .toBe('The server has no dataset user:00000000…: showing the built-in data instead.');
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(new URL(page.url()).searchParams.get('dataset')).toBeNull();
    expect(await page.locator('initlab-race select[data-key=dataset]').inputValue()).toBe('circles');
    expect(await page.locator('initlab-race svg.boundary').count()).toBe(2);
    expect(await page.locator('initlab-race [data-key=noise]').isVisible()).toBe(true);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  });
});
