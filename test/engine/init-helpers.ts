/** Statistics for the initializer tests: moments in float64 and tolerances derived from the sample size. */

export function stats(w: Float32Array): { mean: number; std: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const v of w) {
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / w.length;
  let sq = 0;
  for (const v of w) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / w.length), maxAbs };
}

/** Kurtosis μ4/σ⁴ of the weight distributions. */
export const KURTOSIS = {
  normal: 3,
  uniform: 9 / 5,
  /**
   * N(0,1) cut at ±c: m2 = 1 − 2cφ(c)/Z and m4 = 3 − (2c³ + 6c)φ(c)/Z (integrate x^k φ by parts), so
   * m4 = 3 − (c² + 3)(1 − m2); with c = 2 and m2 = 0.87962566103423978².
   */
  truncated: (() => {
    const m2 = 0.87962566103423978 ** 2;
    return (3 - 7 * (1 - m2)) / (m2 * m2);
  })(),
} as const;

/** Five standard errors of a sample std: SE(s) ≈ σ·√((κ − 1)/(4n)) (delta method on s²). */
export function stdTolerance(sigma: number, kurtosis: number, n: number): number {
  return 5 * sigma * Math.sqrt((kurtosis - 1) / (4 * n));
}

/** Five standard errors of a sample mean. */
export function meanTolerance(sigma: number, n: number): number {
  return (5 * sigma) / Math.sqrt(n);
}

export const SHAPES: readonly [number, number][] = [
  [2, 64],
  [64, 64],
  [256, 32],
  [784, 128],
];
