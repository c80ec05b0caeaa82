/**
 * Hidden activations on the device: forward (fused into the matmul where tfjs-backend-wasm can) and the derivative
 * applied to an incoming gradient. The derivative is taken from the layer's output wherever the function allows it
 * (relu, leaky_relu, tanh, sigmoid, selu), so only gelu keeps its pre-activation.
 */
import { tf } from '../backend.ts';
import type { Activation } from '../params/index.ts';

/** SELU constants (Klambauer et al. 2017), as in PyTorch. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;
const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** Activations tfjs-backend-wasm applies inside `fused.matMul`. */
type Fused = 'linear' | 'relu' | 'leakyrelu' | 'sigmoid';

function fusedName(act: Activation): Fused {
  switch (act) {
    case 'relu':
      return 'relu';
    case 'leaky_relu':
      return 'leakyrelu';
    case 'sigmoid':
      return 'sigmoid';
    default:
      return 'linear';
  }
}

/** What the backward pass needs of one dense layer's forward pass. */
export interface DenseOutput {
  /** Post-activation output. */
  a: tf.Tensor2D;
  /** gelu only: the pre-activation and Φ(z), from which φ'(z) = Φ(z) + z·N(z). */
  z?: tf.Tensor2D;
  cdf?: tf.Tensor2D;
}

/** y = φ(x·W + b) with one fused product where the backend supports φ. */
export function denseForward(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  act: Activation,
  negativeSlope: number,
): DenseOutput {
  const activation = fusedName(act);
  const z = tf.fused.matMul({ a: x, b: w, bias: b, activation, leakyreluAlpha: negativeSlope }) as tf.Tensor2D;
  if (activation !== 'linear' || act === 'linear') return { a: z };
  if (act === 'tanh') return { a: tf.tanh(z) };
  if (act === 'selu') return { a: tf.selu(z) };
  // gelu, exact erf form (PyTorch's default): z·Φ(z).
  const cdf = tf.add(0.5, tf.mul(0.5, tf.erf(tf.mul(z, INV_SQRT2)))) as tf.Tensor2D;
  return { a: tf.mul(z, cdf), z, cdf };
}

/** dL/dz = dL/da ⊙ φ'(z), with φ' read off the layer's output where possible. */
export function activationBackward(
  da: tf.Tensor2D,
  out: DenseOutput,
  act: Activation,
  negativeSlope: number,
): tf.Tensor2D {
  const a = out.a;
  switch (act) {
    case 'linear':
      return da;
    case 'relu':
      return tf.mul(da, tf.step(a));
    case 'leaky_relu':
      // step(a, α) = 1 where a > 0, else α; a and z share their sign.
      return tf.mul(da, tf.step(a, negativeSlope));
    case 'tanh':
      return tf.mul(da, tf.sub(1, tf.square(a)));
    case 'sigmoid':
      return tf.mul(da, tf.mul(a, tf.sub(1, a)));
    case 'selu':
      // z ≤ 0: a = λα(eᶻ − 1), so φ'(z) = λαeᶻ = a + λα; z > 0: φ' = λ.
      return tf.mul(da, tf.where(tf.greater(a, 0), tf.scalar(SELU_SCALE), tf.add(a, SELU_SCALE * SELU_ALPHA)));
    case 'gelu': {
      const z = out.z!;
      const density = tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
      return tf.mul(da, tf.add(out.cdf!, tf.mul(z, density)));
    }
  }
}

/** Whether post-activations of `act` can saturate (and in which band), for the fracSaturated statistic. */
export function saturationTest(act: Activation): ((v: number) => boolean) | null {
  if (act === 'tanh') return (v) => Math.abs(v) > 0.99;
  if (act === 'sigmoid') return (v) => v < 0.01 || v > 0.99;
  return null;
}
