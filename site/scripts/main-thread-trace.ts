/**
 * How long the page's main thread is busy at a stretch, from Chromium's own trace: every task the renderer's main
 * thread ran while `run` was going, its wall duration and its thread CPU time. The CPU time is what the page's own
 * work costs; on a shared machine the wall time also holds the moments the OS gave the core to someone else, which is
 * why a timer-delay probe alone cannot tell "the engine runs on the main thread" from "the machine was busy".
 */
import type { Page } from 'playwright-core';

export interface MainThreadTasks<T> {
  result: T;
  /** Tasks the renderer's main thread ran. */
  tasks: number;
  /** The longest task's wall time, ms. */
  longestMs: number;
  /** The largest thread CPU time of one task, ms. */
  longestCpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export async function traceMainThread<T>(page: Page, run: () => Promise<T>): Promise<MainThreadTasks<T>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    categories: 'disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  const result = await run();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mainThreads = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(thread),
  );
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(thread(e)));
  if (tasks.length === 0) throw new Error('the trace holds no task of the renderer main thread');
  return {
    result,
    tasks: tasks.length,
    longestMs: Math.max(...tasks.map((t) => t.dur ?? 0)) / 1000,
    longestCpuMs: Math.max(...tasks.map((t) => t.tdur ?? 0)) / 1000,
  };
}
