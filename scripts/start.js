#!/usr/bin/env node
/**
 * `npm start`: build the site (or stand in a placeholder while the site cannot be built), then serve site + API on
 * one origin with `wrangler dev` (local workerd, local persisted KV under .wrangler/state).
 * PORT overrides 8787; SKIP_SITE_BUILD=1 serves whatever site/dist holds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSiteDist } from './site-placeholder.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function buildSite() {
  const { scripts = {} } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (process.env.SKIP_SITE_BUILD === '1' || !scripts['build:site']) return;
  console.error('[start] building the site (npm run build:site)…');
  const res = spawnSync(npm, ['run', 'build:site'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('[start] the site build failed; see above');
    process.exit(res.status ?? 1);
  }
}

buildSite();
if (ensureSiteDist()) console.error('[start] site/dist was missing: serving a placeholder page; the API is complete');

const port = process.env.PORT ?? '8787';
const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler');
const child = spawn(wrangler, ['dev', '--port', port], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
