/**
 * The FAQ's decision table against a real `wrangler dev` and headless Chromium: every row's trial is a compare the
 * API runs (its own validation and work cap), and every race link, followed on the page, restores the state it names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DecisionRow, decisionRowSchema, raceUrl, trialUrl } from '../../site/src/lib/decision-table.ts';
import { ROOT, screenshot, trackedPage, waitForStatus, withSite } from './harness.ts';

const site = withSite();
const content = (...path: string[]) => readFileSync(join(ROOT, 'site', 'src', 'content', ...path), 'utf8');
/** The rows as the content layer reads them, through the same schema. */
const ROWS: DecisionRow[] = decisionRowSchema.array().parse(JSON.parse(content('decisions', 'decisions.json')));

describe('the decision table', () => {
  it('shows every row, in order, in both languages, with the trial links the rows name', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    for (const lang of ['en', 'zh'] as const) {
      await page.goto(`${site.server.url}/${lang}/`);
      const rows = page.locator('table.decision-table tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')))).toEqual(
        ROWS.map((r) => r.id),
      );
      const trials = await page
        .locator('table.decision-table a[data-trial]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(trials).toEqual(ROWS.map(trialUrl));
      expect(await page.locator('table.decision-table a[data-race]').count()).toBe(ROWS.filter((r) => r.race).length);
      expect(await page.locator('#panel-choose-pytorch').count()).toBe(1);
      expect(await page.locator('#panel-choose-pytorch').textContent()).toContain('set_base_shapes');
      expect(await page.locator('#panel-choose-keras').textContent()).toContain('LayerNormalization');
    }
    expect(errors).toEqual([]);
  });

  it('on a phone each row is a card with its headings, and nothing scrolls sideways', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.server.url}/zh/`);
    const table = page.locator('table.decision-table');
    await table.scrollIntoViewIfNeeded();
    const layout = await table.evaluate((t) => ({
      rows: Array.from(t.querySelectorAll('tbody tr'), (tr) => getComputedStyle(tr).display),
      head: getComputedStyle(t.querySelector('thead') as Element).display,
      lead: getComputedStyle(t.querySelector('td') as Element, '::before').content,
      overflow: t.scrollWidth - t.clientWidth,
    }));
    expect(new Set(layout.rows)).toEqual(new Set(['block']));
    expect(layout.head).toBe('none');
    expect(layout.lead).toContain('激活函数');
    expect(layout.overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'decision-table-zh-390');
    expect(errors).toEqual([]);
  });

  it('every row’s trial runs on the API: one trial per init, each with a finite final loss', async () => {
    for (const row of ROWS) {
      const res = await fetch(site.server.url + trialUrl(row));
      const body = (await res.json()) as {
        trials?: { params: { init: string }; final: { trainLoss: number | null } }[];
      };
      expect(res.status, `${row.id}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
      const inits = String(row.trial.inits).split(',');
      expect(body.trials?.map((t) => t.params.init)).toEqual(inits);
      for (const t of body.trials ?? [])
        expect(t.final.trainLoss === null || Number.isFinite(t.final.trainLoss)).toBe(true);
    }
  }, 600_000);

  it('a race link, followed from the table, restores the race with the row’s settings', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const row = ROWS.find((r) => r.id === 'tanh') as DecisionRow;
    await page.goto(`${site.server.url}/en/`);
    await page.locator(`table.decision-table tr[data-row=tanh] a[data-race]`).click();
    await page.waitForURL((u) => u.searchParams.get('race.activation') === 'tanh');
    expect(new URL(page.url()).pathname + new URL(page.url()).search + new URL(page.url()).hash).toBe(
      raceUrl(row, 'en'),
    );
    await waitForStatus(page, 'race', 'live', 180_000);
    const race = page.locator('initlab-race');
    expect(await race.locator('select[data-key=activation]').inputValue()).toBe('tanh');
    expect(await race.locator('input[data-key=depth]').inputValue()).toBe(String(row.race?.depth));
    const inits = await race
      .locator('fieldset[data-key=inits] input:checked')
      .evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
    // The chips stand in the catalogue's order; the state keeps the link's.
    expect(inits.sort()).toEqual(String(row.race?.inits).split(',').sort());
    expect(errors).toEqual([]);
  }, 300_000);
});
