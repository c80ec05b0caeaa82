import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { ensureSiteDist } from './scripts/site-placeholder.js';

// One project per room; each room's tests run in the environment that room runs in.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          // Trials are CPU-bound and single-threaded; two workers fill this 2-core machine.
          pool: 'forks',
          maxWorkers: 2,
          // Groups run one after another: CPU-bound suites would otherwise slow each other's servers into timeouts.
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The worker in real workerd (Miniflare), with the bindings of wrangler.toml.
        plugins: [
          cloudflareTest(() => {
            ensureSiteDist(); // wrangler.toml's [assets] directory must exist
            return { main: './functions/index.ts', wrangler: { configPath: './wrangler.toml' } };
          }),
        ],
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          testTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // A real `wrangler dev` process (nodejs_compat off, as deployed) and the deploy bundle, driven from Node.
        test: {
          name: 'api-e2e',
          include: ['test/e2e/api*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The built site in headless Chromium against a real `wrangler dev` (see test/site/harness.ts).
        test: {
          name: 'site',
          include: ['test/site/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 900_000,
          pool: 'forks',
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
          // One id per `vitest run`, so the site test files build the site once between them (test/site/harness.ts).
          provide: { testRunId: `${process.pid}-${Date.now()}` },
        },
      },
    ],
  },
});
