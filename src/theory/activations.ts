/**
 * Scalar activations φ and their derivatives φ', for the Gaussian integrals of mean-field theory. They mirror the
 * training engine's activations exactly (the same SELU constants, GELU in its exact erf form x·Φ(x)).
 */
import type { Activation } from '../params/ids.ts';
import { normalCdf, normalPdf } from './normal.ts';

/** SELU constants (Klambauer et al. 2017), as in PyTorch; the training engine's backward pass uses these too. */
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

/** Writes φ(x) to out[0] and φ'(x) to out[1]; one call per point, so tanh/sigmoid/exp are computed once. */
export type PhiPair = (x: number, out: Float64Array) => void;

/**
 * φ and φ' of an activation. At a kink (x = 0 exactly) the one-sided value from the right is used; the quadrature
 * never evaluates there, since its rules split at the kinks.
 */
export function phiPair(activation: Activation, negativeSlope: number): PhiPair {
  switch (activation) {
    case 'linear':
      return (x, out) => {
        out[0] = x;
        out[1] = 1;
      };
    case 'relu':
      return (x, out) => {
        out[0] = Math.max(x, 0);
        out[1] = x > 0 ? 1 : 0;
      };
    case 'leaky_relu':
      return (x, out) => {
        out[0] = x > 0 ? x : negativeSlope * x;
        out[1] = x > 0 ? 1 : negativeSlope;
      };
    case 'tanh':
      return (x, out) => {
        // tanh|x| = −m/(m + 2), m = expm1(−2|x|): accurate to the last bits for tiny x too (where 1 − 2/(e^{2x}+1)
        // would lose them, and q* → 0 needs them), never overflows, and is faster than Math.tanh in V8.
        const m = Math.expm1(-2 * Math.abs(x));
        const t = -m / (m + 2);
        out[0] = x < 0 ? -t : t;
        out[1] = 1 - t * t;
      };
    case 'sigmoid':
      return (x, out) => {
        const s = 1 / (1 + Math.exp(-x));
        out[0] = s;
        out[1] = s * (1 - s);
      };
    case 'selu':
      return (x, out) => {
        if (x > 0) {
          out[0] = SELU_LAMBDA * x;
          out[1] = SELU_LAMBDA;
        } else {
          const m = Math.expm1(x); // one transcendental for both: e^x = m + 1
          out[0] = SELU_LAMBDA * SELU_ALPHA * m;
          out[1] = SELU_LAMBDA * SELU_ALPHA * (m + 1);
        }
      };
    case 'gelu':
      return (x, out) => {
        const cdf = normalCdf(x);
        out[0] = x * cdf;
        out[1] = cdf + x * normalPdf(x);
      };
  }
}

/**
 * Maps out = (φ(x), φ'(x)) to (φ(−x), φ'(−x)) without evaluating φ again, for activations with a reflection
 * identity: tanh is odd, sigmoid(−x) = 1 − sigmoid(x), gelu(−x) = gelu(x) − x. Since (u₁, u₂) and (−u₁, −u₂) are
 * equally likely, the quadrature then needs only half of its nodes. null where no such identity exists (selu).
 */
export type Reflection = (x: number, out: Float64Array) => void;

export function reflectionOf(activation: Activation): Reflection | null {
  switch (activation) {
    case 'tanh':
      return (_x, out) => {
        out[0] = -out[0];
      };
    case 'sigmoid':
      return (_x, out) => {
        out[0] = 1 - out[0];
      };
    case 'gelu':
      return (x, out) => {
        out[0] -= x;
        out[1] = 1 - out[1];
      };
    default:
      return null;
  }
}

/**
 * Piecewise-linear activations are positively homogeneous (φ(ax) = aφ(x) for a > 0): their Gaussian integrals have
 * closed forms, and their length map is linear in q.
 */
export function isPiecewiseLinear(activation: Activation): boolean {
  return activation === 'linear' || activation === 'relu' || activation === 'leaky_relu';
}

/** The slope for negative inputs of a piecewise-linear activation (linear: 1, relu: 0). */
export function negativeSideSlope(activation: Activation, negativeSlope: number): number {
  if (activation === 'linear') return 1;
  return activation === 'relu' ? 0 : negativeSlope;
}
