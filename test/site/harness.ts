/**
 * The site test harness: build the site once (unless SKIP_SITE_BUILD=1), serve site + API with a real `wrangler dev`
 * (fresh persisted state, free port), and drive Debian's Chromium through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startWranglerDev } from '../../scripts/wrangler-dev.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-results', 'site');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Unique per `vitest run` (vitest.config.ts): lets the site test files share one build. */
    testRunId: string;
  }
}

/** Which test run built site/dist last: the site test files run one after another, and one build serves them all. */
const BUILD_STAMP = join(ROOT, 'test-results', '.site-build-run');

export function buildSite(): void {
  const built = existsSync(join(ROOT, 'site', 'dist', 'en', 'index.html'));
  if (process.env.SKIP_SITE_BUILD === '1' && built) return;
  const run = inject('testRunId');
  if (built && existsSync(BUILD_STAMP) && readFileSync(BUILD_STAMP, 'utf8') === run) return;
  const res = spawnSync('npm', ['run', 'build:site'], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`site build failed:\n${res.stdout}\n${res.stderr}`);
  mkdirSync(dirname(BUILD_STAMP), { recursive: true });
  writeFileSync(BUILD_STAMP, run);
}

export interface Server {
  url: string;
  stop: () => Promise<void>;
  log: () => string;
}

export async function startServer(): Promise<Server> {
  return startWranglerDev({ readyPath: '/api/v1/health', timeoutMs: 120_000 });
}

export interface Session {
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launch(viewport = { width: 1280, height: 900 }): Promise<Session> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'initlab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors and uncaught exceptions, for "no console errors" assertions. */
export async function trackedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Resolves when the widget finished a run of the given kind ('live', 'browser', 'baked'). */
export async function waitForStatus(page: Page, widget: string, status: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ([w, s]) => document.querySelector(`initlab-${w}`)?.getAttribute('data-status') === s,
    [widget, status] as const,
    { timeout },
  );
}

/**
 * A second origin (another loopback port) serving fixed HTML pages: "someone else's site" embedding the widgets.
 * Loopback to loopback, so Chromium's private-network checks apply as they would between two real sites.
 */
export async function startHostSite(
  pages: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const srv = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    // The browser keeps its connections alive: close them, or close() waits minutes for them to time out.
    stop: () =>
      new Promise<void>((resolve) => {
        srv.close(() => resolve());
        srv.closeAllConnections();
      }),
  };
}

/** For a test file: the site built, a `wrangler dev` serving it and Chromium, started before its tests, stopped after. */
export function withSite(): { readonly server: Server; readonly session: Session } {
  const site = {} as { server: Server; session: Session };
  beforeAll(async () => {
    buildSite();
    site.server = await startServer();
    site.session = await launch();
  }, 900_000);
  afterAll(async () => {
    await site.session?.close();
    await site.server?.stop();
  });
  return site;
}
