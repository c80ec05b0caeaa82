/**
 * Live runs in real headless Chromium against a real `wrangler dev`: the race streams its frames (a progress bar
 * moving through the steps), a control changed mid-run leaves no frame of the old run on screen, the timeline
 * scrubs and plays the baked run without a request, the Web Worker fallback keeps the page's thread free, and the
 * race's Playground controls live in the URL, the attributes and the equivalent code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceMainThread } from '../../site/scripts/main-thread-trace.ts';
import { RACE_STALL_PROBE, type StallProbe } from '../../site/scripts/stall-probe.ts';
import type { CompareResult } from '../../src/result.ts';
import { ROOT, screenshot, startHostSite, trackedPage, waitForStatus, withSite } from './harness.ts';

const site = withSite();

/**
 * In-page recorders, installed before any script: every value the progress bar takes, and how many it had taken
 * when the complete result was shown. A string: tsx's helpers would not exist inside the page.
 */
const RECORD_PROGRESS = `(() => {
  window.progress = [];
  window.progressAtResult = null;
  new MutationObserver((ms) => {
    for (const m of ms) if (m.target.getAttribute('role') === 'progressbar')
      window.progress.push([Number(m.target.getAttribute('aria-valuenow')), Number(m.target.getAttribute('aria-valuemax'))]);
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  document.addEventListener('initlab:result', (e) => {
    if (e.detail.complete && window.progressAtResult === null) window.progressAtResult = window.progress.length;
  });
})()`;

interface Recorded {
  progress: [number, number][];
  progressAtResult: number | null;
}
const recorded = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as Recorded;
    return { progress: w.progress, progressAtResult: w.progressAtResult };
  });

describe('a live race', () => {
  it('streams from the API: the progress bar passes through the steps before the result', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const streamed: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/compare')) streamed.push(r.headers()['content-type'] ?? '');
    });
    await page.addInitScript(RECORD_PROGRESS);
    await page.goto(
      `${site.server.url}/embed/race/?inits=he_normal,glorot_uniform&depth=6&width=32&steps=400&seed=4101`,
    );
    await waitForStatus(page, 'race', 'live', 120_000);
    const { progress, progressAtResult } = await recorded(page);
    const before = progress.slice(0, progressAtResult ?? 0);
    const values = [...new Set(before.map(([now]) => now))];
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(before.every(([now, max]) => max === 400 && now >= 0 && now <= 400)).toBe(true);
    expect(streamed).toHaveLength(1);
    expect(streamed[0]).toContain('application/x-ndjson');
    // Finished: the progress bar gives way, the timeline takes over at the run's last step.
    expect(await page.locator('initlab-race [role=progressbar]').isHidden()).toBe(true);
    expect(await page.locator('initlab-race .w-timeline output').textContent()).toBe('400');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(['api', 'worker'])('changed mid-run (%s), it never paints a frame of the old run again', async (where) => {
    const { page } = await trackedPage(site.session.context);
    const aborted: string[] = [];
    page.on('requestfailed', (r) => {
      if (r.url().includes('/api/v1/compare')) aborted.push(r.failure()?.errorText ?? '');
    });
    if (where === 'worker') await page.route(`${site.server.url}/api/**`, (r) => r.abort('connectionrefused'));
    await page.addInitScript(RECORD_PROGRESS);
    const seed = where === 'api' ? 4102 : 4103;
    await page.goto(`${site.server.url}/embed/race/?inits=he_normal,zeros&depth=12&width=32&steps=1000&seed=${seed}`);
    // Mid-run: frames of the first run are on screen (zeros is in its legend).
    await page.waitForFunction(
      () => {
        const p = document.querySelector('initlab-race [role=progressbar]');
        const now = Number(p?.getAttribute('aria-valuenow'));
        return now >= 100 && now < 900;
      },
      null,
      { timeout: 120_000 },
    );
    expect(await page.locator('initlab-race .w-figure .legend').first().textContent()).toContain('zeros');
    const stale = page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const el = document.querySelector('initlab-race')!;
          const fig = el.querySelector('.w-figure')!;
          let staleBatches = 0;
          // Each redraw is one synchronous change of the figure: a batch whose legend still names zeros is the old run's.
          new MutationObserver(() => {
            if (fig.querySelector('.legend')?.textContent?.includes('zeros')) staleBatches++;
          }).observe(fig, { subtree: true, childList: true, attributes: true, characterData: true });
          el.addEventListener('initlab:result', (e) => {
            if ((e as CustomEvent).detail.complete) resolve(staleBatches);
          });
          const box = el.querySelector<HTMLInputElement>('[data-key=inits] input[value=zeros]')!;
          box.checked = false;
          box.dispatchEvent(new Event('input', { bubbles: true }));
        }),
    );
    expect(await stale).toBe(0);
    expect(await page.locator('initlab-race .w-figure .legend').first().textContent()).not.toContain('zeros');
    expect(await page.locator('initlab-race .w-figure table tbody tr').count()).toBe(1);
    if (where === 'api') expect(aborted).toContain('net::ERR_ABORTED');
    await waitForStatus(page, 'race', where === 'api' ? 'live' : 'browser', 120_000);
    await page.close();
  });
});

describe('the race timeline', () => {
  // Read once the harness has built the site: a fresh clone has no bake when the file is collected.
  let steps: number[] = [];
  let checkpoints: number[] = [];
  beforeAll(() => {
    const baked = JSON.parse(readFileSync(join(ROOT, 'site', 'src', 'baked', 'race.json'), 'utf8')) as CompareResult;
    steps = baked.trials[0].steps;
    checkpoints = baked.trials[0].boundaryCheckpoints.map((b) => b.step);
  });

  it('scrubs and plays the baked run by keyboard, with the boundary of the nearest checkpoint, asking the API nothing', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) asked.push(r.url());
    });
    await page.goto(`${site.server.url}/embed/race/`);
    await page.waitForFunction(() => document.querySelector('initlab-race')?.classList.contains('hydrated'));
    const slider = page.locator('initlab-race .w-timeline input[type=range]');
    const output = page.locator('initlab-race .w-timeline output');
    expect(await slider.getAttribute('max')).toBe(String(steps.length - 1));
    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('initlab-race .w-timeline output')?.textContent === '0');
    // The readout moves at once; the figure follows within the paint that the seek schedules.
    const thead = () => page.locator('initlab-race .w-figure table thead').textContent();
    await expect.poll(thead, { timeout: 5_000 }).toContain('(step 0)');
    const captions = () => page.locator('initlab-race svg.boundary + figcaption').allTextContents();
    const allAt = async (step: number) => (await captions()).every((c) => c.endsWith(`step ${step}`));
    await expect.poll(() => allAt(checkpoints[0]), { timeout: 5_000 }).toBe(true);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await output.textContent()).toBe(String(steps[5]));
    const nearest = checkpoints.reduce((a, b) => (Math.abs(b - steps[5]) < Math.abs(a - steps[5]) ? b : a));
    await expect.poll(() => allAt(nearest), { timeout: 5_000 }).toBe(true);
    expect(await slider.getAttribute('aria-valuetext')).toBe(`step ${steps[5]} of ${steps.at(-1)}`);
    // The curves stop at the step shown: the he_normal series holds six points.
    const points = await page.locator('initlab-race svg.chart[data-points]').first().getAttribute('data-points');
    expect(JSON.parse(points!).s[0][1]).toEqual(steps.slice(0, 6));

    // Play (Space on the button) from the start to the end.
    await page.keyboard.press('Home');
    const seen = page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const out = document.querySelector('initlab-race .w-timeline output')!;
          const root = out.closest('.w-timeline') as HTMLElement;
          const values: number[] = [];
          new MutationObserver(() => {
            values.push(Number(out.textContent));
            if (root.dataset.playing === 'false') resolve(values);
          }).observe(root, { subtree: true, characterData: true, childList: true, attributes: true });
        }),
    );
    await page.locator('initlab-race .w-play').focus();
    await page.keyboard.press('Space');
    const values = await seen;
    expect(values.at(-1)).toBe(steps.at(-1));
    expect(new Set(values).size).toBeGreaterThanOrEqual(steps.length / 2);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(await page.locator('initlab-race .w-figure table thead').textContent()).toContain('final train loss');
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps a scrub made while the baked run was still loading: one load, the step stays', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    let loads = 0;
    // A slow static file: the re-layout at hydration, the timeline and the reader's key all ask for it meanwhile.
    await page.route('**/baked/race.json', async (route) => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    await page.goto(`${site.server.url}/embed/race/`);
    await page.waitForFunction(() => document.querySelector('initlab-race')?.classList.contains('hydrated'));
    await page.locator('initlab-race .w-timeline input[type=range]').focus();
    await page.keyboard.press('Home');
    const output = page.locator('initlab-race .w-timeline output');
    await expect.poll(() => output.textContent(), { timeout: 10_000 }).toBe('0');
    await page.waitForTimeout(1_500); // longer than a second load of the file would take
    expect(await output.textContent()).toBe('0');
    expect(await page.locator('initlab-race .w-figure table thead').textContent()).toContain('(step 0)');
    expect(loads).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pauses on a second press, and scrubs a finished live run too', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/race/?inits=he_normal&depth=3&width=16&steps=200&seed=4104`);
    await waitForStatus(page, 'race', 'live', 120_000);
    const output = page.locator('initlab-race .w-timeline output');
    expect(await output.textContent()).toBe('200');
    await page.locator('initlab-race .w-timeline input[type=range]').focus();
    await page.keyboard.press('Home');
    expect(await output.textContent()).toBe('0');
    await page.locator('initlab-race .w-play').click();
    await page.waitForFunction(
      () => Number(document.querySelector('initlab-race .w-timeline output')?.textContent) > 0,
    );
    await page.locator('initlab-race .w-play').click();
    const paused = await output.textContent();
    expect(await page.locator('initlab-race .w-timeline').getAttribute('data-playing')).toBe('false');
    await page.waitForTimeout(300);
    expect(await output.textContent()).toBe(paused);
    expect(Number(paused)).toBeLessThan(200);
    await page.close();
  });
});

/** The longest main-thread task, in thread CPU, that the worker fallback may leave the page. */
const MAX_TASK_CPU_MS = 50;

describe('the Web Worker fallback', () => {
  /** A fallback race from the baked default, traced; `mainThread` takes the Worker away as a page without it. */
  async function tracedFallbackRace(mainThread: boolean) {
    const { page, errors } = await trackedPage(site.session.context);
    await page.route(`${site.server.url}/api/**`, (r) => r.abort('connectionrefused'));
    await page.addInitScript(RECORD_PROGRESS);
    if (mainThread) await page.addInitScript('window.Worker = undefined');
    await page.goto(`${site.server.url}/embed/race/`);
    await page.waitForFunction(() => document.querySelector('initlab-race')?.classList.contains('hydrated'));
    const trace = await traceMainThread(page, () => page.evaluate(`(${RACE_STALL_PROBE})()`) as Promise<StallProbe>);
    await waitForStatus(page, 'race', 'browser');
    return { page, errors, trace };
  }

  // Thread CPU time per task, from Chromium's trace: the page's own work, not the moments a shared machine gave the
  // core to another process (a timer-delay probe counts those too; `npm run bench:site` prints it).
  it(`computes a race with the API blocked and no main-thread task over ${MAX_TASK_CPU_MS} ms of CPU`, async () => {
    const { page, errors, trace } = await tracedFallbackRace(false);
    expect(trace.longestCpuMs).toBeLessThan(MAX_TASK_CPU_MS);
    const { progress } = await recorded(page);
    expect(new Set(progress.map(([now]) => now)).size).toBeGreaterThanOrEqual(3);
    expect(await page.locator('initlab-race .w-figure table tbody tr').count()).toBe(3);
    expect(await page.locator('initlab-race .w-status').textContent()).toMatch(/unreachable/);
    // The browser logs the blocked API requests as failed resources; nothing else.
    expect(errors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    await page.close();
  }, 240_000);

  it(`would be caught: the same race on the page thread has tasks well over ${MAX_TASK_CPU_MS} ms`, async () => {
    const { page, trace } = await tracedFallbackRace(true);
    // Half as much again as the limit: a faster machine shortens them (98 ms on a quiet one, 190 ms on a busy one).
    expect(trace.longestCpuMs).toBeGreaterThan(1.5 * MAX_TASK_CPU_MS);
    expect(await page.locator('initlab-race .w-figure table tbody tr').count()).toBe(3);
    await page.close();
  }, 240_000);
});

describe("the race's Playground controls", () => {
  it('live in the URL, hide on request, drive the run and show in the equivalent code', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(
      `${site.server.url}/embed/race/?inits=he_normal&depth=2&width=8&steps=60&lr=0.03&batchSize=16&noise=0.2&lr_hide=1`,
    );
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(await page.locator('initlab-race [data-key=lr]').isHidden()).toBe(true);
    expect(await page.locator('initlab-race [data-key=batchSize]').inputValue()).toBe('16');
    expect(await page.locator('initlab-race [data-key=noise]').inputValue()).toBe('0.2');
    await page.locator('initlab-race .w-code summary').click();
    await page.waitForFunction(() => document.querySelector('initlab-race .w-code code')?.textContent?.includes('CLI'));
    const code = (await page.locator('initlab-race .w-code code').textContent()) ?? '';
    expect(code).toContain('lr=0.03');
    expect(code).toContain('batch_size=16');
    expect(code).toContain('--batch-size 16 ');
    expect(code).toContain('--noise 0.2 ');
    // The optimizer's default learning rate comes along with it; a chosen one would stay.
    await page.goto(`${site.server.url}/embed/race/?inits=he_normal&depth=2&width=8&steps=60`);
    await page.waitForFunction(() => document.querySelector('initlab-race')?.classList.contains('hydrated'));
    await page.locator('initlab-race [data-key=optimizer]').selectOption('adam');
    expect(new URL(page.url()).searchParams.get('lr')).toBe('0.001');
    expect(await page.locator('initlab-race [data-key=lr]').getAttribute('aria-valuetext')).toBe('0.001');
    // The log-scale slider by keyboard: a tenth of a decade per key. Pressed once the adam run is on screen, so the
    // key reaches the slider and not a page still painting that run's first frames on a loaded machine.
    await waitForStatus(page, 'race', 'live', 120_000);
    await page.locator('initlab-race [data-key=lr]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('lr'), { timeout: 10_000 }).toBe('0.0013');
    await waitForStatus(page, 'race', 'live', 120_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('are attributes of the custom element on another site', async () => {
    const host = await startHostSite({
      '/race.html': `<!doctype html><html lang="en"><title>race</title><link rel="icon" href="data:,"><script type="module" src="${site.server.url}/widgets/initlab-widgets.js"></script><initlab-race inits="he_normal" depth="2" width="8" steps="60" lr="0.3" batch-size="8" noise="0.25" api="${site.server.url}"></initlab-race>`,
    });
    try {
      const { page, errors } = await trackedPage(site.session.context);
      await page.goto(`${host.url}/race.html`);
      await waitForStatus(page, 'race', 'live', 120_000);
      expect(await page.locator('initlab-race [data-key=batchSize]').inputValue()).toBe('8');
      expect(await page.locator('initlab-race [data-key=lr]').getAttribute('aria-valuetext')).toBe('0.3');
      expect(await page.locator('initlab-race [data-key=noise]').inputValue()).toBe('0.25');
      expect(await page.locator('initlab-race .w-timeline input[type=range]').isEnabled()).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await host.stop();
    }
  });
});

describe('a screenshot in the middle of a run', () => {
  it('shows the curves part-way, the progress bar and the running badge', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/race/?depth=10&width=48&steps=1000&seed=4105`);
    await page.waitForFunction(
      () => Number(document.querySelector('initlab-race [role=progressbar]')?.getAttribute('aria-valuenow')) >= 450,
      null,
      { timeout: 120_000 },
    );
    await screenshot(page, 'race-mid-run');
    expect(await page.locator('initlab-race').getAttribute('data-status')).toBe('running');
    expect(await page.locator('initlab-race [role=progressbar]').isVisible()).toBe(true);
    await page.close();
  });
});
