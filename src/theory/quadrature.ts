/**
 * Gaussian quadrature rules, computed here (no tables): Gauss–Hermite for expectations over a standard normal and
 * Gauss–Legendre for finite intervals. Nodes are found by Newton's method on the three-term recurrence of the
 * orthonormal polynomials, from the classic asymptotic first guesses (Numerical Recipes §4.6), to machine precision.
 */

export interface Rule {
  nodes: Float64Array;
  weights: Float64Array;
}

const NEWTON_ITERATIONS = 100;
const hermiteCache = new Map<number, Rule>();
const legendreCache = new Map<number, Rule>();

/**
 * n-point Gauss–Hermite rule for the *probabilists'* weight: Σ wᵢ f(xᵢ) ≈ E[f(Z)], Z ~ N(0, 1); exact for polynomials
 * of degree ≤ 2n − 1. The weights sum to 1.
 */
export function gaussHermite(n: number): Rule {
  const cached = hermiteCache.get(n);
  if (cached) return cached;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.PI ** -0.25;
  let z = 0;
  for (let i = 0; i < (n + 1) >> 1; i++) {
    // Initial guesses for the largest roots, then extrapolation from the roots already found.
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** (-1 / 6);
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let derivative = 0;
    for (let it = 0; it < NEWTON_ITERATIONS; it++) {
      // Orthonormal physicists' Hermite polynomials h_j at z by their recurrence.
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      derivative = Math.sqrt(2 * n) * p2;
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (derivative * derivative);
    w[n - 1 - i] = w[i];
  }
  // Physicists' weight e^{−t²} → standard normal: x = √2 t, w = w / √π.
  const rule = {
    nodes: x.map((t) => Math.SQRT2 * t).reverse(),
    weights: w.map((v) => v / Math.sqrt(Math.PI)).reverse(),
  };
  hermiteCache.set(n, rule);
  return rule;
}

/** n-point Gauss–Legendre rule on [−1, 1]: Σ wᵢ f(xᵢ) ≈ ∫ f; exact for polynomials of degree ≤ 2n − 1. */
export function gaussLegendre(n: number): Rule {
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let it = 0; it < NEWTON_ITERATIONS; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = 2 / ((1 - z * z) * derivative * derivative);
    w[n - 1 - i] = w[i];
  }
  const rule = { nodes: x, weights: w };
  legendreCache.set(n, rule);
  return rule;
}
