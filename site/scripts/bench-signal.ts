/**
 * How fast the signal-through-depth widget answers a control change, in headless Chromium against a real
 * `wrangler dev` (site and API on one origin, fresh cache). Times run in the page, from the input event to the
 * `initlab:result` event of the figure that shows it: the first curve (first init) and the complete figure.
 */
import { chromium, type Page } from 'playwright-core';
import { startWranglerDev } from '../../scripts/wrangler-dev.js';

interface Timing {
  first: number;
  complete: number;
}

/** Set the depth slider as a hand would (an input event) and time the figure's answer. */
async function changeDepth(page: Page, how: 'key' | 'set', depth?: number): Promise<Timing> {
  return page.evaluate(
    ([how, depth]) =>
      new Promise<Timing>((resolve) => {
        const el = document.querySelector('initlab-signal')!;
        const slider = el.querySelector<HTMLInputElement>('[data-key=depth]')!;
        const target = how === 'key' ? Number(slider.value) + 1 : (depth as number);
        let first = 0;
        const t0 = performance.now();
        el.addEventListener('initlab:result', function done(e) {
          const d = (e as CustomEvent).detail;
          if (d.state.depth !== target) return;
          first ||= performance.now() - t0;
          if (!d.complete) return;
          el.removeEventListener('initlab:result', done);
          resolve({ first, complete: performance.now() - t0 });
        });
        slider.focus();
        slider.value = String(target);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    [how, depth] as const,
  );
}

/** Let the prefetch of the neighbouring depths finish (it runs while the slider has focus). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2500);
  await page.waitForLoadState('networkidle');
}

const ms = (t: Timing) => `first curve ${t.first.toFixed(0)} ms, all ${t.complete.toFixed(0)} ms`;

export async function measureSignal(): Promise<{ label: string; value: string }[]> {
  const server = await startWranglerDev({ readyPath: '/api/v1/health', timeoutMs: 120_000 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const out: { label: string; value: string }[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/embed/signal/`);
    await page.waitForFunction(() => document.querySelector('initlab-signal')?.classList.contains('hydrated'));
    const cold = await changeDepth(page, 'set', 45);
    out.push({ label: 'new depth (45), computed by the API', value: ms(cold) });
    await settle(page);
    const nudge = await changeDepth(page, 'key');
    out.push({ label: 'one step (46), prefetched while the slider had focus', value: ms(nudge) });
    await settle(page);
    const again = await changeDepth(page, 'key');
    out.push({ label: 'next step (47), prefetched after the previous answer', value: ms(again) });
    await page.goto(`${server.url}/embed/signal/`); // a new page: nothing in its memo, the API's cache warm
    await page.waitForFunction(() => document.querySelector('initlab-signal')?.classList.contains('hydrated'));
    const cachedApi = await changeDepth(page, 'set', 45);
    out.push({ label: 'fresh page, depth 45 again (cached by the API)', value: ms(cachedApi) });
    await page.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  return out;
}
