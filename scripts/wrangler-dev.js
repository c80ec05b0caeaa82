/**
 * Start `wrangler dev` as a child process on a free loopback port with its own persisted state, wait until it
 * answers, and stop it (the whole process group) when asked. Used by the API end-to-end tests and `npm run bench:api`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSiteDist } from './site-placeholder.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ readyPath?: string, timeoutMs?: number, vars?: Record<string, string> }} [opts]
 * @returns {Promise<{ url: string, startedAt: number, readyAt: number, log: () => string, stop: () => Promise<void> }>}
 */
export async function startWranglerDev(opts = {}) {
  ensureSiteDist();
  const port = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), 'initlab-wrangler-'));
  const varArgs = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo, ...varArgs];
  const startedAt = performance.now();
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    detached: true, // own process group, so stop() also ends workerd
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(persistTo, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(url + (opts.readyPath ?? '/api/v1/openapi.json'));
      if (res.ok) {
        await res.arrayBuffer();
        return { url, startedAt, readyAt: performance.now(), log: () => output, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`wrangler dev did not become ready:\n${output.slice(-4000)}`);
}
