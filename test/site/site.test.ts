/**
 * The site in real headless Chromium against a real `wrangler dev` (site + API on one origin): both languages render
 * every widget without console errors, controls drive the URL and live runs, shared URLs restore state, embeds report
 * their height, the custom element works on a foreign page, the browser fallback runs without the API, and axe finds
 * no serious accessibility violation. Screenshots land in test-results/site/.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startHostSite, trackedPage, waitForStatus, withSite } from './harness.ts';

const WIDGETS = ['symmetry', 'signal', 'sweep', 'sampler', 'phase', 'race', 'norm', 'residual', 'width'];
const site = withSite();

async function visitAllWidgets(page: Page): Promise<void> {
  for (const w of WIDGETS) {
    await page.locator(`initlab-${w}`).scrollIntoViewIfNeeded();
    await waitForStatus(page, w, 'baked', 30_000);
  }
}

describe.each(['zh', 'en'])('article /%s/', (lang) => {
  it('renders every widget from baked data, all formulas and corrections, with no console errors', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/${lang}/`);
    await visitAllWidgets(page);
    for (const w of WIDGETS) expect(await page.locator(`initlab-${w} .w-figure svg`).count()).toBeGreaterThan(0);
    expect(await page.locator('.corrections').count()).toBe(9);
    expect(await page.locator('.katex').count()).toBeGreaterThan(20);
    const dashes = await page.$$eval('[data-baked]', (els) =>
      els.filter((e) => e.textContent === '—').map((e) => e.getAttribute('data-baked')),
    );
    expect(dashes).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads as a complete static page with JavaScript off', async () => {
    const ctx = await site.session.context.browser()?.newContext({ javaScriptEnabled: false });
    const page = ctx ? await ctx.newPage() : await site.session.context.newPage();
    await page.goto(`${site.server.url}/${lang}/`);
    for (const w of WIDGETS) expect(await page.locator(`initlab-${w} .w-figure svg`).count()).toBeGreaterThan(0);
    // The race's decision boundaries (one per init, an image behind the points) and the phase diagram's measured
    // trainability (a panel, and markers on the tanh map) are part of the static figure.
    const inits = await page.locator('initlab-race [data-key=inits] input:checked').count();
    expect(await page.locator('initlab-race svg.boundary image').count()).toBe(inits);
    expect(await page.locator('initlab-race svg.boundary path[stroke-linecap]').count()).toBeGreaterThanOrEqual(
      2 * inits,
    );
    expect(await page.locator('initlab-phase svg.trainability rect').count()).toBe(32);
    expect(await page.locator('initlab-phase figcaption[data-trainability=baked]').count()).toBe(1);
    expect(await page.locator('initlab-phase svg.chart .mark').count()).toBe(8);
    await page.close();
    await ctx?.close();
  });
});

describe('code snippets', () => {
  it('show the origin the reader is on, in tabs that work by keyboard', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/en/`);
    expect(await page.locator('#panel-curl').textContent()).toContain(`${site.server.url}/api/v1/compare`);
    await page.locator('#tab-tfjs').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#tab-keras').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#panel-keras').isVisible()).toBe(true);
    expect(await page.locator('#panel-tfjs').isVisible()).toBe(false);
    await page.close();
  });
});

describe('widget state and live runs', () => {
  it('changing a control updates the URL and brings a live result', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/en/`);
    await page.locator('initlab-sampler').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'sampler', 'baked');
    await page.locator('initlab-sampler [data-key=fanIn]').fill('64');
    await waitForStatus(page, 'sampler', 'live');
    expect(new URL(page.url()).searchParams.get('sampler.fanIn')).toBe('64');
    expect(await page.locator('initlab-sampler .w-figure').textContent()).toContain('64×256');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('samples a convolution: the channel controls replace the fans, the figure and code show its layouts', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/sampler/`);
    await page.waitForFunction(() => document.querySelector('initlab-sampler')?.classList.contains('hydrated'));
    const ctl = (k: string) =>
      page.locator(`initlab-sampler [data-key=${k}]`).locator('xpath=ancestor::div[contains(@class,"ctl")]');
    expect(await ctl('inChannels').isHidden()).toBe(true);
    await page.locator('initlab-sampler [data-key=layer]').selectOption('conv2d');
    await waitForStatus(page, 'sampler', 'live');
    expect(await ctl('fanIn').isHidden()).toBe(true);
    expect(await ctl('inChannels').isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get('layer')).toBe('conv2d');
    expect(await page.locator('initlab-sampler .w-figure').textContent()).toContain(
      '[64, 64, 3, 3] (PyTorch; Keras [3, 3, 64, 64])',
    );
    await page.locator('initlab-sampler details.w-code summary').click();
    const code = page.locator('initlab-sampler details.w-code code');
    await expect
      .poll(() => code.textContent(), { timeout: 10_000 })
      .toContain('nn.Conv2d(64, 64, 3).weight  # [64, 64, 3, 3]');
    expect(await code.textContent()).toContain('fan_in = c_in·k² = 576');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows PyTorch's trunc_normal_ beside a truncated random_normal, cut at ±2 absolute", async () => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/sampler/?init=random_normal&truncated=1`);
    await waitForStatus(page, 'sampler', 'live');
    const text = await page.locator('initlab-sampler .w-figure').textContent();
    // The widget's random_normal has std 0.01: the cut ±2 is at ±200σ.
    expect(text).toContain('nn.init.trunc_normal_(w, std=0.01)');
    expect(text).toContain('the cut is at ±200σ');
    expect(await page.locator('initlab-sampler .hist-row figure').count()).toBe(2);
    await page.close();
  });

  it('a shared URL restores the state and runs it live', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/en/?sampler.init=glorot_uniform&sampler.fanIn=100&sampler.fanOut=50`);
    await page.locator('initlab-sampler').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'sampler', 'live');
    expect(await page.locator('initlab-sampler [data-key=init]').inputValue()).toBe('glorot_uniform');
    expect(await page.locator('initlab-sampler [data-key=fanIn]').inputValue()).toBe('100');
    expect(await page.locator('initlab-sampler .w-figure').textContent()).toContain('100×50');
    await page.close();
  });

  it('falls back to the engine in the browser when the API is unreachable', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.route(`${site.server.url}/api/**`, (route) => route.abort('connectionrefused'));
    await page.goto(`${site.server.url}/en/?sampler.fanIn=32&sampler.fanOut=16`);
    await page.locator('initlab-sampler').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'sampler', 'browser', 120_000);
    expect(await page.locator('initlab-sampler .w-status').textContent()).toMatch(/unreachable/);
    expect(await page.locator('initlab-sampler .w-figure').textContent()).toContain('32×16');
    await page.close();
  });
});

describe('race decision boundary', () => {
  it("a live race draws each init's boundary as an image the browser decodes, behind the points", async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/embed/race/?inits=he_normal,zeros&dataset=xor&depth=2&width=8&steps=50`);
    await waitForStatus(page, 'race', 'live');
    const panels = page.locator('initlab-race svg.boundary');
    expect(await panels.count()).toBe(2);
    expect(await panels.nth(0).getAttribute('aria-label')).toContain('he_normal');
    // The image is a real PNG the browser decodes to the grid's size.
    const size = await page.evaluate(async () => {
      const href = document.querySelector('initlab-race svg.boundary image')!.getAttribute('href')!;
      const img = new Image();
      img.src = href;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(size).toEqual([32, 32]);
    expect(await page.locator('initlab-race .legend').first().textContent()).toContain('he_normal');
    expect(await page.locator('initlab-race .w-figure').textContent()).toContain('class 1 (dots)');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('signal through depth', () => {
  it('a depth nudge after the slider had focus shows a prefetched answer, and updates URL and figure', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/compare')) requests.push(new URL(r.url()).searchParams.get('depth') ?? '');
    });
    await page.goto(`${site.server.url}/en/`);
    const slider = page.locator('initlab-signal [data-key=depth]');
    await slider.scrollIntoViewIfNeeded();
    await waitForStatus(page, 'signal', 'baked');
    await slider.focus();
    // Focus alone prefetches the neighbouring depths, one compare per init, nearest first.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('depth=29')));
    await page.waitForLoadState('networkidle');
    const before = requests.length;
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() =>
      document.querySelector('initlab-signal .w-figure table th:nth-child(3)')?.textContent?.includes('31'),
    );
    await waitForStatus(page, 'signal', 'live');
    expect(new URL(page.url()).searchParams.get('signal.depth')).toBe('31');
    expect(requests.slice(0, before)).toContain('31');
    // The answer came from the page's memo: no request for depth 31 after the key press.
    expect(requests.slice(before).filter((d) => d === '31')).toEqual([]);
    expect(await page.locator('initlab-signal .w-figure table tbody tr').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('embedding', () => {
  let host: Awaited<ReturnType<typeof startHostSite>>;
  beforeAll(async () => {
    host = await startHostSite({
      '/iframe.html': `<!doctype html><html lang="en"><title>host</title><link rel="icon" href="data:,"><script>window.heights=[];addEventListener('message',e=>{if(e.data&&e.data.type==='initlab:height')heights.push(e.data)})</script><iframe src="${site.server.url}/embed/race/?depth=4" title="race" style="width:100%"></iframe>`,
      '/element.html': `<!doctype html><html lang="en"><title>plain</title><link rel="icon" href="data:,"><script type="module" src="${site.server.url}/widgets/initlab-widgets.js"></script><initlab-sampler init="he_uniform" fan-in="40" fan-out="30" api="${site.server.url}"></initlab-sampler>`,
    });
  });
  afterAll(() => host?.stop());

  it('an /embed/ page inside an iframe posts its height to the host page', async () => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${host.url}/iframe.html`);
    type Heights = { heights: { widget: string; height: number }[] };
    await page.waitForFunction(() => (window as unknown as Heights).heights.length > 0);
    const heights = await page.evaluate(() => (window as unknown as Heights).heights);
    expect(heights[0].widget).toBe('race');
    expect(heights.at(-1)!.height).toBeGreaterThan(200);
    await page.close();
  });

  it('the custom element works on a plain HTML page of another origin', async () => {
    const { page, errors } = await trackedPage(site.session.context);
    await page.goto(`${host.url}/element.html`);
    await waitForStatus(page, 'sampler', 'live');
    expect(await page.locator('initlab-sampler select[data-key=init]').inputValue()).toBe('he_uniform');
    expect(await page.locator('initlab-sampler .w-figure').textContent()).toContain('40×30');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('accessibility and layout', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  it.each(['zh', 'en'])('axe finds no serious or critical violations on /%s/', async (lang) => {
    const { page } = await trackedPage(site.session.context);
    await page.goto(`${site.server.url}/${lang}/`);
    await visitAllWidgets(page);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              o?: unknown,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const r = await axe.run({ resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id}: ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
        );
    });
    expect(violations).toEqual([]);
    await page.close();
  });

  it.each([
    [1280, 900],
    [390, 844],
  ])('fits a %i px viewport (screenshot saved)', async (width, height) => {
    const { page } = await trackedPage(site.session.context);
    await page.setViewportSize({ width, height });
    await page.goto(`${site.server.url}/en/`);
    await page.locator('initlab-race').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'race', 'baked');
    await screenshot(page, `race-${width}`);
    await page.goto(`${site.server.url}/zh/`);
    await screenshot(page, `zh-top-${width}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });
});
