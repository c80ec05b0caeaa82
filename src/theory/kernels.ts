/**
 * The two Gaussian integrals mean-field theory needs, per activation: closed forms for the piecewise-linear ones
 * (the arc-cosine kernel of Cho & Saul 2009, generalised to a negative-side slope), quadrature for the rest.
 */
import type { Activation } from '../params/ids.ts';
import { isPiecewiseLinear, negativeSideSlope, phiPair, reflectionOf } from './activations.ts';
import { type JointMoments, jointMoments, type SingleMoments, singleMoments } from './gaussian.ts';

export interface Kernel {
  activation: Activation;
  /** φ(ax) = aφ(x) for a > 0: the length map is then linear in q and χ₁ does not depend on q. */
  homogeneous: boolean;
  single(q: number): SingleMoments;
  joint(q: number, c: number): JointMoments;
}

/**
 * φ(x) = ((1+α)/2)·x + ((1−α)/2)·|x| for slope α below 0. With (u₁, u₂) of variance q and correlation c:
 * E[u₁u₂] = qc, E[|u₁||u₂|] = (2q/π)(√(1−c²) + c·asin c), and the cross terms vanish by symmetry;
 * P(u₁ > 0, u₂ > 0) = P(both < 0) = 1/4 + asin(c)/(2π).
 */
function piecewiseLinearKernel(activation: Activation, alpha: number): Kernel {
  const odd = (1 + alpha) / 2;
  const even = (1 - alpha) / 2;
  const m2 = (1 + alpha * alpha) / 2;
  return {
    activation,
    homogeneous: true,
    single: (q) => ({ phi2: m2 * q, dphi2: m2 }),
    joint: (q, c) => {
      const cc = Math.min(1, Math.max(-1, c));
      const asin = Math.asin(cc);
      const absAbs = ((2 * q) / Math.PI) * (Math.sqrt(1 - cc * cc) + cc * asin);
      const sameSign = 0.25 + asin / (2 * Math.PI);
      return {
        phiphi: odd * odd * q * cc + even * even * absAbs,
        dphidphi: (1 + alpha * alpha) * sameSign + 2 * alpha * (0.5 - sameSign),
      };
    },
  };
}

export function kernelFor(activation: Activation, negativeSlope: number): Kernel {
  if (isPiecewiseLinear(activation))
    return piecewiseLinearKernel(activation, negativeSideSlope(activation, negativeSlope));
  const pair = phiPair(activation, negativeSlope);
  const reflect = reflectionOf(activation);
  return {
    activation,
    homogeneous: false,
    single: (q) => singleMoments(pair, reflect, q),
    joint: (q, c) => jointMoments(pair, reflect, q, c),
  };
}
