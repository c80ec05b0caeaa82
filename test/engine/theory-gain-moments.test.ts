/**
 * The second-moment gains g = 1/√E[φ(z)²] of the gain table, against an independent integration (composite Simpson
 * on a fine uniform grid, nothing shared with the engine's panel quadrature) and against the closed forms that exist.
 */
import { describe, expect, it } from 'vitest';
import { GAIN_TABLE_ACTIVATIONS, type GainTableActivation, secondMomentGain } from '../../src/index.ts';
import { calculateGain } from '../../src/init/gain.ts';

const LAMBDA = 1.0507009873554805; // SELU's constants as published (Klambauer et al. 2017), typed here on purpose
const ALPHA = 1.6732632423543772;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Φ by its own series, not the engine's normalCdf: erf(x) = 2/√π Σ (−1)ⁿ x^{2n+1} / (n!(2n+1)), fine for |x| ≤ 6. */
function cdf(x: number): number {
  const y = x / Math.SQRT2;
  if (Math.abs(y) > 6) return y > 0 ? 1 : 0;
  let term = y;
  let sum = y;
  for (let n = 1; n < 200; n++) {
    term *= (-y * y) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}
const PHI: Record<GainTableActivation, (x: number) => number> = {
  linear: (x) => x,
  sigmoid,
  tanh: Math.tanh,
  relu: (x) => Math.max(x, 0),
  leaky_relu: (x) => (x > 0 ? x : 0.01 * x),
  selu: (x) => (x > 0 ? LAMBDA * x : LAMBDA * ALPHA * Math.expm1(x)),
  gelu: (x) => x * cdf(x),
  silu: (x) => x * sigmoid(x),
};

/** ∫ φ(z)² N(z) dz over [−12, 12] by composite Simpson with 240 000 panels (the kinks at 0 fall on a node). */
function simpsonSecondMoment(phi: (x: number) => number): number {
  const n = 240_000;
  const h = 24 / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const x = -12 + i * h;
    const f = (phi(x) ** 2 * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
    sum += f * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3;
}

describe('second-moment gains 1/√E[φ(z)²]', () => {
  it.each(GAIN_TABLE_ACTIVATIONS)('%s agrees with an independent Simpson integration to 1e-8', (a) => {
    expect(Math.abs(secondMomentGain(a) - 1 / Math.sqrt(simpsonSecondMoment(PHI[a])))).toBeLessThan(1e-8);
  });

  it("give ReLU's √2, leaky ReLU's √(2/(1+α²)) and the identity's 1 — calculate_gain's values where it derives them", () => {
    for (const a of ['linear', 'relu', 'leaky_relu'] as const)
      expect(secondMomentGain(a)).toBeCloseTo(calculateGain(a), 12);
  });

  it("give SELU 1 (its fixed point has unit variance), where PyTorch's calculate_gain uses 3/4", () => {
    expect(secondMomentGain('selu')).toBeCloseTo(1, 6);
    expect(calculateGain('selu')).toBe(0.75);
  });

  it("put tanh below PyTorch's 5/3 (E[tanh(z)²] > 9/25) and GELU above ReLU's √2 (E[GELU(z)²] < 1/2)", () => {
    expect(secondMomentGain('tanh')).toBeLessThan(5 / 3);
    expect(secondMomentGain('tanh')).toBeGreaterThan(1);
    // GELU(z) = z·Φ(z) < max(z, 0) for z > 0, and its negative lobe is small: less energy than ReLU.
    expect(secondMomentGain('gelu')).toBeGreaterThan(Math.SQRT2);
    expect(secondMomentGain('silu')).toBeGreaterThan(secondMomentGain('gelu'));
  });
});
