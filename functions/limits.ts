/**
 * What the API refuses to compute. The work cap bounds one request's CPU (and so wrangler.toml's `limits.cpu_ms`);
 * the rate limit bounds how many uncached computations one client may start per minute. Cache hits cost nothing and
 * are never limited.
 */
import { ProblemError } from './problem.ts';

/**
 * Default cap in estimated FLOPs (forward + backward, every initializer of the request); `WORK_CAP_FLOPS` overrides
 * it. The wasm SIMD backend runs these MLPs at roughly 6–20 GFLOP/s on one core (narrow layers at the low end), so the
 * costliest admitted trial or compare takes about 2.5–8 s of CPU. The site's default race (8 standard inits, default
 * model) costs 3.1e10 and stays well inside.
 */
export const DEFAULT_WORK_CAP_FLOPS = 5e10;

/**
 * Memory cap in bytes of tensors one run may hold (the engine's own estimate, computed from the params). A Workers
 * isolate has 128 MB for everything — wasm heap, JS heap, the caches — and an out-of-memory abort would take the
 * backend down for every later request of the isolate, so a run may use about half of it.
 */
export const MEMORY_CAP_BYTES = 64 * 1024 * 1024;

/** The limiter's window (the rate-limiting binding supports 10 or 60 seconds). */
export const RATE_LIMIT_PERIOD_S = 60;

export function workCap(env: Partial<Pick<Env, 'WORK_CAP_FLOPS'>>): number {
  const configured = Number(env.WORK_CAP_FLOPS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_WORK_CAP_FLOPS;
}

function formatFlops(n: number): string {
  return n.toExponential(2).replace('e+', 'e');
}

/** Refuse, before any compute, a request whose estimated cost is over the cap; the fields named are the ones to shrink. */
export function enforceWorkCap(cost: number, cap: number, costlyFields: readonly string[]): void {
  if (cost <= cap) return;
  const detail = `this request costs about ${formatFlops(cost)} FLOPs; the cap is ${formatFlops(cap)} FLOPs`;
  const errors = costlyFields.map((path) => ({ path, message: `reduce ${path} to bring the cost under the cap` }));
  throw new ProblemError(422, detail, errors, {
    'X-Work-Cost': String(Math.round(cost)),
    'X-Work-Cap': String(Math.round(cap)),
  });
}

/** Refuse, before any allocation, a request whose tensors would not fit in the isolate. */
export function enforceMemoryCap(bytes: number, costlyFields: readonly string[]): void {
  if (bytes <= MEMORY_CAP_BYTES) return;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  const detail = `this request needs about ${mb(bytes)} of tensor memory; the cap is ${mb(MEMORY_CAP_BYTES)}`;
  const errors = costlyFields.map((path) => ({ path, message: `reduce ${path} to bring the memory under the cap` }));
  throw new ProblemError(422, detail, errors, { 'X-Memory-Bytes': String(Math.round(bytes)) });
}

/** The client a computation is charged to: Cloudflare sets CF-Connecting-IP on every request it forwards. */
export function clientKey(headers: Headers): string {
  return headers.get('CF-Connecting-IP') ?? headers.get('X-Real-IP') ?? 'unknown';
}

/** Charge one uncached computation to `client`; a limiter outage lets the request through (and is logged). */
export async function enforceRateLimit(limiter: RateLimit | undefined, client: string): Promise<void> {
  if (!limiter) return;
  let allowed = true;
  try {
    allowed = (await limiter.limit({ key: client })).success;
  } catch (err) {
    console.error('rate limiter unavailable; allowing the request', err);
  }
  if (!allowed)
    throw new ProblemError(
      429,
      `too many uncached computations from this client; cached results are still served. Retry in ${RATE_LIMIT_PERIOD_S} s`,
      [],
      { 'Retry-After': String(RATE_LIMIT_PERIOD_S) },
    );
}
