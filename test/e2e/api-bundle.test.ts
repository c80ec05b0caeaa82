/** The worker bundle builds with `wrangler deploy --dry-run` and fits the upload target (≤ 1.5 MB gzip). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { ensureSiteDist } from '../../scripts/site-placeholder.js';

const TARGET_GZIP_BYTES = 1.5 * 1024 * 1024;

it('builds, and the upload is at most 1.5 MB gzip', () => {
  ensureSiteDist();
  const out = mkdtempSync(join(tmpdir(), 'initlab-bundle-'));
  try {
    execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', out], {
      stdio: 'pipe',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      timeout: 120_000,
    });
    // The upload is the modules wrangler writes (JS and wasm); it also drops a README.md there.
    const files = readdirSync(out).filter((f) => /\.(m?js|wasm)$/.test(f) && statSync(join(out, f)).isFile());
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const bytes = readFileSync(join(out, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    console.log(
      `worker bundle: ${files.join(', ')}; ${(raw / 1024).toFixed(0)} KiB raw, ${(gzip / 1024).toFixed(0)} KiB gzip`,
    );
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(gzip).toBeLessThanOrEqual(TARGET_GZIP_BYTES);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
