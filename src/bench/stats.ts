/**
 * Summaries of repeated timings. On a shared, noisy machine the minimum is the least disturbed estimate of what the
 * code costs (noise only ever adds time); the median shows how typical that was. Both are reported, and ratios
 * between two implementations use the same statistic on both sides.
 */
export interface Summary {
  n: number;
  best: number;
  median: number;
  worst: number;
  samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, best: sorted[0], median, worst: sorted[sorted.length - 1], samples: [...samples] };
}

/** a / b, or null when either side is missing or b is not positive (an absent peer gives no ratio, not 0 or ∞). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

/** GFLOP/s of `flops` done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}

/**
 * The fraction of the machine's measured matmul peak a run achieved: the time the run's FLOPs would take at peak,
 * divided by the time it took. 1 means every FLOP ran at peak speed.
 */
export function flopEfficiency(flops: number, ms: number, peakGflops: number): number | null {
  return ratio(flops / (peakGflops * 1e6), ms);
}

/** Times `fn` `warmup + repeats` times and summarises the last `repeats` (ms). */
export async function timeRepeated(
  fn: () => unknown | Promise<unknown>,
  { warmup, repeats }: { warmup: number; repeats: number },
  now: () => number = () => performance.now(),
): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const t0 = now();
    await fn();
    const elapsed = now() - t0;
    if (i >= warmup) samples.push(elapsed);
  }
  return summarize(samples);
}
