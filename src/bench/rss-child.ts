/**
 * Runs one compare-8 in a fresh process and prints its peak resident set size, so the figure is the compare's own
 * peak and not the high-water mark the benchmark process reached earlier (RSS never goes down in that count).
 * Started by the benchmark as `node --import tsx src/bench/rss-child.ts`.
 */
import { initBackend } from '../backend.ts';
import { runCompare } from '../train/index.ts';
import { compareOfEight } from './workloads.ts';

await initBackend();
const t0 = performance.now();
await runCompare(compareOfEight());
const ms = performance.now() - t0;
// resourceUsage().maxRSS is in kilobytes.
process.stdout.write(`${JSON.stringify({ peakMB: (process.resourceUsage().maxRSS * 1024) / 2 ** 20, ms })}\n`);
