/**
 * `npm run bench:site`: what a reader downloads and whether anything moves.
 * - First-load JS per page: gzip size of the scripts the HTML itself loads (module scripts, their static imports
 *   and inline scripts). Lazy chunks (widgets on visibility, the in-browser engine) are reported separately.
 * - CLS: layout shift while each article page loads and every widget hydrates (headless Chromium, static files).
 * - Signal widget response: from a control change to the updated figure, against a real `wrangler dev` (site + API),
 *   for a depth the page prefetched, a new depth the API computes, and one the API has cached.
 * - Main-thread stalls during an in-browser race (API blocked): the engine in a Web Worker against the same engine
 *   on the page's thread, as a ratio.
 * Run after `npm run build:site`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { measureSignal } from './bench-signal.ts';
import { measureStalls } from './bench-stall.ts';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const BUDGET_KB = 150;
const gz = (buf: Buffer | string) => gzipSync(buf, { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function htmlPages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === '_astro' || name === 'widgets' ? [] : htmlPages(p);
    return name.endsWith('.html') ? [p] : [];
  });
}

/** A JS file and everything it imports statically (dynamic import() chunks load later, on demand). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g))
    staticClosure(join(dirname(file), m[1]), seen);
  return seen;
}

function firstLoadJs(page: string): { bytes: number; files: string[] } {
  const html = readFileSync(page, 'utf8');
  let bytes = 0;
  const files = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1])?.[1];
    if (!src) {
      if (!/type="application\/(ld\+)?json"/.test(m[1])) bytes += gz(m[2]);
      continue;
    }
    if (/^https?:/.test(src)) continue;
    for (const f of staticClosure(join(dist, src))) files.add(f);
  }
  for (const f of files) bytes += gz(readFileSync(f));
  return { bytes, files: [...files].map((f) => relative(dist, f)) };
}

function lazyChunks(): { name: string; bytes: number }[] {
  const dir = join(dist, '_astro');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.js'))
    .map((name) => ({ name, bytes: gz(readFileSync(join(dir, name))) }))
    .sort((a, b) => b.bytes - a.bytes);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

async function measureCls(paths: string[]): Promise<Record<string, number>> {
  const server = createServer((req, res) => {
    let p = join(dist, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      if (statSync(p).isDirectory()) p = join(p, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' });
      res.end(readFileSync(p));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const out: Record<string, number> = {};
  try {
    for (const path of paths) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.addInitScript(() => {
        const w = window as unknown as { cls: number };
        w.cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
            if (!e.hadRecentInput) w.cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`http://127.0.0.1:${port}${path}`);
      for (const el of await page.locator('[data-widget] > [baked-src]').all()) {
        await el.scrollIntoViewIfNeeded();
        await page.waitForFunction((e) => e?.classList.contains('hydrated'), await el.elementHandle());
      }
      out[path] = await page.evaluate(() => (window as unknown as { cls: number }).cls);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

const pages = htmlPages(dist);
console.log(`First-load JS per page (gzip, budget ${BUDGET_KB} KB):`);
let over = false;
for (const page of pages) {
  const { bytes } = firstLoadJs(page);
  over ||= bytes > BUDGET_KB * 1024;
  console.log(
    `  ${relative(dist, page).padEnd(28)} ${kb(bytes).padStart(10)}${bytes > BUDGET_KB * 1024 ? '  OVER BUDGET' : ''}`,
  );
}
console.log(
  'Every chunk in _astro/, gzip (all.*: widgets, on visibility; engine-worker, mnist: in-browser runs only; engine-browser: the same where no worker starts; code: on opening "equivalent code"):',
);
for (const c of lazyChunks().slice(0, 8)) console.log(`  ${c.name.padEnd(48)} ${kb(c.bytes).padStart(10)}`);
const bundle = gz(readFileSync(join(dist, 'widgets', 'initlab-widgets.js')));
console.log(`Custom-element bundle, gzip: widgets/initlab-widgets.js ${kb(bundle).padStart(10)}`);
console.log('Cumulative layout shift while loading and hydrating every widget:');
const cls = await measureCls(['/en/', '/zh/']);
for (const [p, v] of Object.entries(cls)) console.log(`  ${p.padEnd(28)} ${v.toFixed(4)}`);
console.log('Signal through depth, control change → updated figure (headless Chromium, wrangler dev on this machine):');
for (const r of await measureSignal()) console.log(`  ${r.label.padEnd(58)} ${r.value}`);
console.log(
  'Race in the browser (API blocked; 3 inits, depth 12, width 64, 600 steps), largest delay of a 20 ms timer:',
);
for (const r of await measureStalls()) console.log(`  ${r.label.padEnd(58)} ${r.value}`);
if (over) process.exitCode = 1;
