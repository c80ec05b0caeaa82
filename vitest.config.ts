import { defineConfig } from 'vitest/config';

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
        },
      },
    ],
  },
});
