/**
 * Gains: the factor g that multiplies an initializer's base scale so that a layer followed by a given activation
 * keeps the variance of its signal. Values match PyTorch's `torch.nn.init.calculate_gain` exactly.
 */
import type { Activation, InitId } from '../params/index.ts';
import { secondMoment } from '../theory/gain-moments.ts';

/**
 * PyTorch's `calculate_gain`: linear and sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+α²)), selu 3/4.
 *
 * PyTorch has no entry for gelu. We use √2, ReLU's gain, since GELU(x) = x·Φ(x) behaves like ReLU away from 0. Its
 * second moment under a unit Gaussian input is ≈ 0.425, not ReLU's 1/2, so √2 lets the forward variance shrink by
 * ≈ 0.85 per layer; the gain that keeps it is 1/√E[GELU(z)²] ≈ 1.53 (theory/gain-moments.ts, shown in the gain table).
 * This is our choice, not a library's; the catalog says so.
 */
export function calculateGain(activation: Activation, negativeSlope = 0.01): number {
  switch (activation) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
    case 'gelu':
      return Math.SQRT2;
    case 'leaky_relu':
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
    case 'selu':
      return 3 / 4;
  }
}

/** E[GELU(z)²], z ~ N(0, 1): one quadrature (a fraction of a millisecond) when the module loads. */
const GELU_MOMENT = secondMoment('gelu');

/** Why the gain of gelu differs from PyTorch: shown in the catalog and next to the gain control. */
export const GELU_GAIN_NOTE =
  `PyTorch calculate_gain has no gelu entry; initlab uses √2 (GELU ≈ ReLU away from 0), a choice of this project. ` +
  `It scales the forward variance by 2·E[GELU(z)²] = ${(2 * GELU_MOMENT).toPrecision(3)} per layer; ` +
  `the gain that keeps it, 1/√E[GELU(z)²], is ${(1 / Math.sqrt(GELU_MOMENT)).toPrecision(3)}.`;

/** The constant each initializer uses when `gain` is 'default': the paper's (and Keras') value. */
export const DEFAULT_GAINS: Record<InitId, number> = {
  zeros: 1,
  constant: 1,
  random_normal: 1,
  random_uniform: 1,
  glorot_uniform: 1,
  glorot_normal: 1,
  // He et al. derive √2 for ReLU; Keras' HeNormal/HeUniform use it whatever the layer's activation.
  he_uniform: Math.SQRT2,
  he_normal: Math.SQRT2,
  lecun_uniform: 1,
  lecun_normal: 1,
  orthogonal: 1,
  // nn.Linear calls kaiming_uniform_(a=√5): gain √(2/(1+5)) = √(1/3), so the bound g·√(3/fan_in) is 1/√fan_in.
  pytorch_default: Math.sqrt(1 / 3),
  // LSUV's base is orthogonal with gain 1; its rescaling to unit output variance makes any gain irrelevant.
  lsuv: 1,
  // Fixup's base is He normal; the residual-branch rescale is applied by the model.
  fixup: Math.SQRT2,
};

/** Initializers whose values do not depend on a gain: the gain option is ignored and reported as 1. */
const GAINLESS: ReadonlySet<InitId> = new Set<InitId>(['zeros', 'constant', 'lsuv']);

export type GainOption = 'default' | 'auto' | number;

/**
 * The gain actually used: 'default' → the initializer's constant (DEFAULT_GAINS); 'auto' → calculateGain of the
 * activation, replacing that constant; a number is used as is. Initializers without a gain always report 1.
 */
export function resolveGain(id: InitId, gain: GainOption, activation: Activation, negativeSlope = 0.01): number {
  if (GAINLESS.has(id)) return 1;
  if (gain === 'default') return DEFAULT_GAINS[id];
  if (gain === 'auto') return calculateGain(activation, negativeSlope);
  return gain;
}

/** Whether an initializer's values depend on the gain option. */
export function takesGain(id: InitId): boolean {
  return !GAINLESS.has(id);
}
