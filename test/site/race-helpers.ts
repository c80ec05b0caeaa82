/** What the race's Chromium tests read off the page: its requests, its next result, its final losses. */
import type { Page } from 'playwright-core';

/** Every request the page (and its worker) makes: method, URL and body. */
export function recordRequests(page: Page): { method: string; url: string; body: string }[] {
  const log: { method: string; url: string; body: string }[] = [];
  page.on('request', (r) => log.push({ method: r.method(), url: r.url(), body: r.postData() ?? '' }));
  return log;
}

/** Does `act` (a control changed) and waits for the next complete result the race shows after it. */
export async function nextResult(page: Page, act: () => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { shown: number };
    w.shown = 0;
    document.querySelector('initlab-race')?.addEventListener('initlab:result', (e) => {
      if ((e as CustomEvent).detail.complete) w.shown++;
    });
  });
  await act();
  await page.waitForFunction(() => (window as unknown as { shown: number }).shown > 0, null, { timeout: 120_000 });
}

/** The final train loss of each init, as the table prints them. */
export async function finalLosses(page: Page): Promise<string[]> {
  const rows = await page.locator('initlab-race .w-figure table tbody tr').all();
  return Promise.all(
    rows.map(
      async (r) => `${await r.locator('td').nth(0).textContent()} ${await r.locator('td').nth(1).textContent()}`,
    ),
  );
}
