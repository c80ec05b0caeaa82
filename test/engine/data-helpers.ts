import { expect } from 'vitest';
import { normaliseTrialParams, type TrialParams } from '../../src/params/index.ts';

/** Complete trial params from a partial object (the normaliser fills the defaults). */
export function paramsOf(input: Record<string, unknown>): TrialParams {
  const r = normaliseTrialParams(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.params;
}

/** Per-column mean and population std of a row-major [n, dim] matrix. */
export function columnStats(x: ArrayLike<number>, n: number, dim: number): { mean: number[]; std: number[] } {
  const mean = new Array(dim).fill(0);
  const sq = new Array(dim).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sq[j] += (x[i * dim + j] - mean[j]) ** 2 / n;
  return { mean, std: sq.map(Math.sqrt) };
}

/** Five standard errors of a proportion p estimated from n draws (never below one draw's worth). */
export function fiveSe(p: number, n: number): number {
  return 5 * Math.sqrt(Math.max(p * (1 - p), 1 / n) / n);
}

/** Largest |v| of an array (spread-free: MNIST arrays are too long for Math.max(...a)). */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Element-wise identical typed arrays (fast, unlike a deep toEqual on 10⁵ elements). */
export function identical(a: ArrayLike<number> | null, b: ArrayLike<number> | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Every column of the training inputs has mean 0 and std 1 (to float32 accuracy). */
export function expectStandardised(x: Float32Array, n: number, dim: number): void {
  const { mean, std } = columnStats(x, n, dim);
  for (let j = 0; j < dim; j++) {
    expect(Math.abs(mean[j])).toBeLessThan(1e-5);
    expect(Math.abs(std[j] - 1)).toBeLessThan(1e-5);
  }
}
