import { Rng } from '../../src/rng.ts';

/** ∫ₐᵇ g by composite Simpson with an even number of intervals: slow, simple, independent of the engine's rules. */
export function simpson(g: (x: number) => number, a: number, b: number, intervals = 24_000): number {
  const h = (b - a) / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const coefficient = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    sum += coefficient * g(a + i * h);
  }
  return (sum * h) / 3;
}

/**
 * E[f(Z)], Z ~ N(0, 1), by Simpson on [−12, 0) and (0, 12] separately: every activation's kink is at 0, and a kink
 * inside a Simpson panel would limit it to O(h²).
 */
export function simpsonExpectation(f: (z: number) => number): number {
  const g = (z: number) => f(z) * Math.exp(-0.5 * z * z);
  const tiny = 1e-300;
  return (simpson(g, -12, -tiny) + simpson(g, tiny, 12)) / Math.sqrt(2 * Math.PI);
}

/** Monte-Carlo mean and standard error of g(u₁, u₂), (u₁, u₂) ~ N(0, q·[[1, c], [c, 1]]), from a seeded stream. */
export function monteCarlo(
  g: (u1: number, u2: number) => number,
  q: number,
  c: number,
  n: number,
  seed: number,
): { mean: number; se: number } {
  const rng = new Rng(seed);
  const s = Math.sqrt(q);
  const orth = Math.sqrt(1 - c * c);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const z1 = rng.normal();
    const z2 = rng.normal();
    const v = g(s * z1, s * (c * z1 + orth * z2));
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, se: Math.sqrt((sumSq / n - mean * mean) / (n - 1)) };
}

/** Every number reachable in a JSON-like value is finite (JSON.stringify would silently turn NaN into null). */
export function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}
