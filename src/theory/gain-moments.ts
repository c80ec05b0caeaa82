/**
 * The second-moment gain of an activation, by the engine's Gaussian quadrature:
 *
 *     g_φ = 1 / √E[φ(z)²],  z ~ N(0, 1)
 *
 * — the gain for which W ~ N(0, g²/n_in) after φ keeps unit pre-activation variance: Var(Σ w·φ(z)) = n_in·(g²/n_in)·
 * E[φ(z)²] = 1. It is He et al.'s (2015, eq. 10) derivation applied to any φ; for ReLU it gives √2 and for the identity
 * 1, as calculate_gain does. PyTorch's other constants are not second-moment gains (tanh 5/3 and SELU 3/4 are rounder,
 * empirical choices), and PyTorch has none for GELU or SiLU, which is what this table supplies. The gain is taken at
 * unit input variance: for activations that are not positively homogeneous it depends on the scale of z.
 */
import type { Activation } from '../params/ids.ts';
import { phiPair, reflectionOf } from './activations.ts';
import { singleMoments } from './gaussian.ts';

/** The engine's activations plus SiLU (x·σ(x), Ramachandran et al. 2017's Swish with β = 1), for the gain table. */
export const GAIN_TABLE_ACTIVATIONS = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'selu',
  'gelu',
  'silu',
] as const;
export type GainTableActivation = (typeof GAIN_TABLE_ACTIVATIONS)[number];

/** SiLU and its derivative, σ(x)·(1 + x·(1 − σ(x))); silu(−x) = silu(x) − x, as for GELU. */
function siluPair(x: number, out: Float64Array): void {
  const s = 1 / (1 + Math.exp(-x));
  out[0] = x * s;
  out[1] = s * (1 + x * (1 - s));
}
const siluReflect = (x: number, out: Float64Array) => {
  out[0] -= x;
  out[1] = 1 - out[1];
};

/** E[φ(z)²] for z ~ N(0, 1). */
export function secondMoment(activation: GainTableActivation, negativeSlope = 0.01): number {
  if (activation === 'silu') return singleMoments(siluPair, siluReflect, 1).phi2;
  const a = activation as Activation;
  return singleMoments(phiPair(a, negativeSlope), reflectionOf(a), 1).phi2;
}

/** g_φ = 1/√E[φ(z)²]: the gain that keeps a layer's pre-activation variance at 1 after φ. */
export function secondMomentGain(activation: GainTableActivation, negativeSlope = 0.01): number {
  return 1 / Math.sqrt(secondMoment(activation, negativeSlope));
}
