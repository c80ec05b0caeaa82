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

/**
 * In-page script: set the depth slider as a hand would (focus, then an input event) and time the figure's answer.
 * A string, not a function: tsx's name-keeping helper would not exist inside the page.
 */
const CHANGE_DEPTH = `(how, depth) => new Promise((resolve) => {
  const el = document.querySelector('initlab-signal');
  const slider = el.querySelector('[data-key=depth]');
  const target = how === 'key' ? Number(slider.value) + 1 : depth;
  let first = 0;
  const t0 = performance.now();
  const onResult = (e) => {
    if (e.detail.state.depth !== target) return;
    first = first || performance.now() - t0;
    if (!e.detail.complete) return;
    el.removeEventListener('initlab:result', onResult);
    resolve({ first, complete: performance.now() - t0 });
  };
  el.addEventListener('initlab:result', onResult);
  slider.focus();
  slider.value = String(target);
  slider.dispatchEvent(new Event('input', { bubbles: true }));
})`;

async function changeDepth(page: Page, how: 'key' | 'set', depth = 0): Promise<Timing> {
  return page.evaluate(`(${CHANGE_DEPTH})(${JSON.stringify(how)}, ${depth})`) as Promise<Timing>;
}

/** Let the prefetch of the neighbouring depths finish (it runs while the slider has focus). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2500);
  await page.waitForLoadState('networkidle');
}

const HYDRATED = `document.querySelector('initlab-signal')?.classList.contains('hydrated')`;
const ms = (t: Timing) => `first curve ${t.first.toFixed(0)} ms, all ${t.complete.toFixed(0)} ms`;

export async function measureSignal(): Promise<{ label: string; value: string }[]> {
  const server = await startWranglerDev({ readyPath: '/api/v1/health', timeoutMs: 120_000 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const out: { label: string; value: string }[] = [];
  try {
    // The first computation of a fresh server also starts its engine (wasm); time it apart from the widget's.
    const t0 = performance.now();
    await fetch(
      `${server.url}/api/v1/compare?inits=he_normal&depth=1&width=8&steps=0&trainSize=16&testSize=16&batchSize=16`,
    );
    out.push({
      label: 'first API computation after server start (engine start-up)',
      value: `${(performance.now() - t0).toFixed(0)} ms`,
    });
    const page = await browser.newPage();
    await page.goto(`${server.url}/embed/signal/`);
    await page.waitForFunction(HYDRATED);
    const cold = await changeDepth(page, 'set', 45);
    out.push({ label: 'new depth (45), computed by the API', value: ms(cold) });
    await settle(page);
    const nudge = await changeDepth(page, 'key');
    out.push({ label: 'one step (46), prefetched while the slider had focus', value: ms(nudge) });
    await settle(page);
    const again = await changeDepth(page, 'key');
    out.push({ label: 'next step (47), prefetched after the previous answer', value: ms(again) });
    await page.goto(`${server.url}/embed/signal/`); // a new page: nothing in its memo, the API's cache warm
    await page.waitForFunction(HYDRATED);
    const cachedApi = await changeDepth(page, 'set', 45);
    out.push({ label: 'fresh page, depth 45 again (cached by the API)', value: ms(cachedApi) });
    await page.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  return out;
}
