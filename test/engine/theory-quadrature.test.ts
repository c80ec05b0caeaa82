import { describe, expect, it } from 'vitest';
import { phiPair, reflectionOf } from '../../src/theory/activations.ts';
import { jointMoments, singleMoments } from '../../src/theory/gaussian.ts';
import { kernelFor } from '../../src/theory/kernels.ts';
import { normalCdf } from '../../src/theory/normal.ts';
import { gaussHermite, gaussLegendre } from '../../src/theory/quadrature.ts';
import { monteCarlo, simpson, simpsonExpectation } from './theory-helpers.ts';

const NUMERIC = ['tanh', 'sigmoid', 'selu', 'gelu'] as const;
const ALL = ['linear', 'relu', 'leaky_relu', ...NUMERIC] as const;

function doubleFactorial(k: number): number {
  let p = 1;
  for (let i = k; i > 1; i -= 2) p *= i;
  return p;
}

/** The activation as plain functions, for the independent reference integrals. */
function phiOf(activation: (typeof ALL)[number]) {
  const pair = phiPair(activation, 0.1);
  const out = new Float64Array(2);
  return {
    phi: (x: number) => {
      pair(x, out);
      return out[0];
    },
    dphi: (x: number) => {
      pair(x, out);
      return out[1];
    },
  };
}

describe('Gauss–Hermite (probabilists\u2019)', () => {
  it.each([3, 8, 20, 40, 80])('%i nodes integrate polynomials up to degree 2n − 1 exactly', (n) => {
    const rule = gaussHermite(n);
    for (let k = 0; k <= 2 * n - 1; k++) {
      let sum = 0;
      let scale = 0; // Σ w|x|^k: the size of the terms, which bounds the rounding error of their sum
      for (let i = 0; i < n; i++) {
        sum += rule.weights[i] * rule.nodes[i] ** k;
        scale += rule.weights[i] * Math.abs(rule.nodes[i]) ** k;
      }
      const exact = k % 2 === 1 ? 0 : doubleFactorial(k - 1);
      expect(Math.abs(sum - exact)).toBeLessThanOrEqual(1e-11 * Math.max(1, scale));
    }
  });

  it('has symmetric nodes in increasing order', () => {
    const { nodes } = gaussHermite(31);
    for (let i = 0; i < 31; i++) expect(nodes[i] + nodes[30 - i]).toBeCloseTo(0, 12);
    for (let i = 1; i < 31; i++) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
  });

  it('converges slowly for tanh at large q — the reason the engine integrates piecewise', () => {
    const q = 6;
    const f = (z: number) => Math.tanh(Math.sqrt(q) * z) ** 2;
    const reference = simpsonExpectation(f);
    const rule = gaussHermite(128);
    let gh = 0;
    for (let i = 0; i < 128; i++) gh += rule.weights[i] * f(rule.nodes[i]);
    const piecewise = singleMoments(phiPair('tanh', 0), reflectionOf('tanh'), q).phi2;
    expect(Math.abs(gh - reference)).toBeGreaterThan(1e-7);
    expect(Math.abs(piecewise - reference)).toBeLessThan(1e-11);
  });
});

describe('Gauss–Legendre', () => {
  it.each([2, 7, 16, 32])('%i nodes integrate polynomials up to degree 2n − 1 exactly on [−1, 1]', (n) => {
    const rule = gaussLegendre(n);
    for (let k = 0; k <= 2 * n - 1; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += rule.weights[i] * rule.nodes[i] ** k;
      expect(sum).toBeCloseTo(k % 2 === 1 ? 0 : 2 / (k + 1), 13);
    }
  });
});

describe('normalCdf', () => {
  it('matches erf values and is symmetric', () => {
    // Φ(x) = (1 + erf(x/√2))/2, erf(1/√2) = 0.6826894921370859 (68–95–99.7 rule), erf(√2) = 0.9544997361036416
    expect(normalCdf(1)).toBeCloseTo((1 + 0.6826894921370859) / 2, 15);
    expect(normalCdf(-2)).toBeCloseTo((1 - 0.9544997361036416) / 2, 15);
    for (const x of [0.1, 0.66291, 0.7, 2.5, 5.6, 5.7, 9]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('is the integral of the density (Simpson reference)', () => {
    const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    for (const x of [-7, -3.3, -0.4, 0.5, 1.9, 4.4]) expect(normalCdf(x)).toBeCloseTo(simpson(density, -40, x), 13);
    expect(normalCdf(-8)).toBeGreaterThan(0);
    expect(normalCdf(-8)).toBeLessThan(1e-15);
  });
});

describe('single-variable moments', () => {
  it.each(ALL)('%s: E[φ²] and E[φ\u2032²] match an independent Simpson integral', (activation) => {
    const { phi, dphi } = phiOf(activation);
    const kernel = kernelFor(activation, 0.1);
    for (const q of [0.01, 0.3, 1, 4, 16, 100]) {
      const s = Math.sqrt(q);
      const got = kernel.single(q);
      const phi2 = simpsonExpectation((z) => phi(s * z) ** 2);
      const dphi2 = simpsonExpectation((z) => dphi(s * z) ** 2);
      expect(Math.abs(got.phi2 - phi2)).toBeLessThan(1e-10 * Math.max(1, phi2));
      expect(Math.abs(got.dphi2 - dphi2)).toBeLessThan(1e-10);
    }
  });
});

describe('joint moments', () => {
  it.each(ALL)('%s: agree with a seeded Monte-Carlo estimate within 5 standard errors', (activation) => {
    const { phi, dphi } = phiOf(activation);
    const kernel = kernelFor(activation, 0.1);
    for (const [q, c] of [
      [0.5, 0.2],
      [2, 0.8],
      [5, -0.4],
    ]) {
      const got = kernel.joint(q, c);
      const ff = monteCarlo((a, b) => phi(a) * phi(b), q, c, 100_000, 17);
      const dd = monteCarlo((a, b) => dphi(a) * dphi(b), q, c, 100_000, 18);
      expect(Math.abs(got.phiphi - ff.mean)).toBeLessThan(5 * ff.se);
      expect(Math.abs(got.dphidphi - dd.mean)).toBeLessThan(5 * dd.se + 1e-12);
    }
  });

  it.each(ALL)('%s: at c = 1 equal the single moments, at c = 0 the squared means', (activation) => {
    const { phi, dphi } = phiOf(activation);
    const kernel = kernelFor(activation, 0.1);
    for (const q of [0.2, 1.5, 9]) {
      const s = Math.sqrt(q);
      const single = kernel.single(q);
      const one = kernel.joint(q, 1);
      // The 2-D rule is good to ~2e-10 for q ≤ 16, the 1-D rule to ~1e-13.
      expect(Math.abs(one.phiphi - single.phi2)).toBeLessThan(1e-9 * Math.max(1, single.phi2));
      expect(Math.abs(one.dphidphi - single.dphi2)).toBeLessThan(1e-9);
      const zero = kernel.joint(q, 0);
      expect(Math.abs(zero.phiphi - simpsonExpectation((z) => phi(s * z)) ** 2)).toBeLessThan(1e-9);
      expect(Math.abs(zero.dphidphi - simpsonExpectation((z) => dphi(s * z)) ** 2)).toBeLessThan(1e-9);
    }
  });

  it('the sector rule reproduces the arc-cosine closed form on a kinked function (leaky relu)', () => {
    const closed = kernelFor('leaky_relu', 0.1);
    const pair = phiPair('leaky_relu', 0.1);
    for (const q of [0.3, 3, 30])
      for (const c of [-0.9, -0.2, 0, 0.5, 0.95, 0.9999]) {
        const numeric = jointMoments(pair, null, q, c);
        const exact = closed.joint(q, c);
        expect(Math.abs(numeric.phiphi - exact.phiphi)).toBeLessThan(1e-11 * q);
        expect(Math.abs(numeric.dphidphi - exact.dphidphi)).toBeLessThan(1e-11);
      }
  });

  it('reflection shortcuts give the same integrals as evaluating every node', () => {
    for (const activation of ['tanh', 'sigmoid', 'gelu'] as const) {
      const pair = phiPair(activation, 0);
      const fast = jointMoments(pair, reflectionOf(activation), 2.5, 0.6);
      const full = jointMoments(pair, null, 2.5, 0.6);
      expect(fast.phiphi).toBeCloseTo(full.phiphi, 13);
      expect(fast.dphidphi).toBeCloseTo(full.dphidphi, 13);
    }
  });
});
