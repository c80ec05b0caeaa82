/**
 * The page's main thread during an in-browser race (the API blocked, as when it cannot be reached): the engine in a
 * Web Worker against the same engine on the page's own thread (a page without Worker), same race, same run, so the
 * ratio holds on any machine. Headless Chromium against a real `wrangler dev` serving the built site.
 */
import { chromium } from 'playwright-core';
import { startWranglerDev } from '../../scripts/wrangler-dev.js';
import { type MainThreadTasks, traceMainThread } from './main-thread-trace.ts';
import { RACE_STALL_PROBE, type StallProbe } from './stall-probe.ts';

type Thread = 'worker' | 'main';
const ROUNDS = 2;

export async function measureStalls(): Promise<{ label: string; value: string }[]> {
  const server = await startWranglerDev({ readyPath: '/api/v1/health', timeoutMs: 120_000 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const runs: Record<Thread, MainThreadTasks<StallProbe>[]> = { worker: [], main: [] };
  try {
    // Alternating, so a slower spell of the machine falls on both.
    for (let round = 0; round < ROUNDS; round++)
      for (const thread of ['worker', 'main'] as const) {
        const page = await browser.newPage();
        await page.route(`${server.url}/api/**`, (r) => r.abort('connectionrefused'));
        if (thread === 'main') await page.addInitScript('window.Worker = undefined');
        await page.goto(`${server.url}/embed/race/`);
        await page.waitForFunction(() => document.querySelector('initlab-race')?.classList.contains('hydrated'));
        runs[thread].push(
          await traceMainThread(page, () => page.evaluate(`(${RACE_STALL_PROBE})()`) as Promise<StallProbe>),
        );
        await page.close();
      }
  } finally {
    await browser.close();
    await server.stop();
  }
  const worst = (t: Thread) => Math.max(...runs[t].map((r) => r.result.worst));
  const longestCpu = (t: Thread) => Math.max(...runs[t].map((r) => r.longestCpuMs));
  const line = (t: Thread) =>
    runs[t].map((r) => `${r.result.worst.toFixed(0)} ms (run ${(r.result.ms / 1000).toFixed(1)} s)`).join(', ');
  const cpuLine = (t: Thread) => runs[t].map((r) => `${r.longestCpuMs.toFixed(0)} ms`).join(', ');
  return [
    { label: 'engine in a Web Worker: max stall per run', value: line('worker') },
    { label: "engine on the page's thread: max stall per run", value: line('main') },
    {
      label: 'ratio of the worst stalls, main thread / worker',
      value: `${(worst('main') / worst('worker')).toFixed(1)}×`,
    },
    { label: 'engine in a Web Worker: longest task, thread CPU', value: cpuLine('worker') },
    { label: "engine on the page's thread: longest task, thread CPU", value: cpuLine('main') },
    {
      label: 'ratio of the longest tasks (CPU), main thread / worker',
      value: `${(longestCpu('main') / longestCpu('worker')).toFixed(1)}×`,
    },
  ];
}
