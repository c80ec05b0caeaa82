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

export type Clock = () => number;

/** Wall-clock ms. */
export const wallClock: Clock = () => performance.now();

/**
 * This process's CPU ms (user + system), every thread of it. The engine is single-threaded, but V8's compiler and
 * garbage collector also work on background threads, which this counts; on a busy shared machine it leaves out the
 * time other processes held the cores, which wall time cannot.
 */
export const cpuClock: Clock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface Timings {
  wall: Summary;
  cpu: Summary;
}

export interface RepeatOptions {
  warmup: number;
  repeats: number;
  /** Warm up for at least this long too (wall ms), however many runs that takes. */
  minWarmupMs?: number;
}

/**
 * Runs `fn` untimed at least `warmup` times and for at least `minWarmupMs`, then `repeats` times timed, and
 * summarises the timed runs on both clocks (ms); `warmups` is how many untimed runs there were.
 */
export async function timeRepeated(
  fn: (warming: boolean) => unknown | Promise<unknown>,
  { warmup, repeats, minWarmupMs = 0 }: RepeatOptions,
  clocks: { wall: Clock; cpu: Clock } = { wall: wallClock, cpu: cpuClock },
): Promise<Timings & { warmups: number }> {
  let warmups = 0;
  for (const start = clocks.wall(); warmups < warmup || clocks.wall() - start < minWarmupMs; warmups++) await fn(true);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const [w0, c0] = [clocks.wall(), clocks.cpu()];
    await fn(false);
    wall.push(clocks.wall() - w0);
    cpu.push(clocks.cpu() - c0);
  }
  return { wall: summarize(wall), cpu: summarize(cpu), warmups };
}
