/**
 * Hidden activations on the device: forward (fused into the product where tfjs-backend-wasm can) and the derivative
 * applied to an incoming gradient. The derivative is taken from the layer's output wherever the function allows it
 * (relu, leaky_relu, tanh, sigmoid, selu), so only gelu keeps its pre-activation.
 */
import type { Activation } from '../params/index.ts';
import { SELU_ALPHA, SELU_LAMBDA } from '../theory/activations.ts';
import { INV_SQRT_2PI } from '../theory/normal.ts';
import {
  add,
  type Constants,
  type FusedActivation,
  fusedMatMul,
  leakyRelu,
  type Mat,
  matMul,
  mul,
  reshape,
  step,
  sub,
  transpose,
  unary,
  type Vec,
} from './kernels.ts';
import type { NormTape } from './norm.ts';

function fusedName(act: Activation): FusedActivation {
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

/** What the backward pass needs of one dense layer's forward pass, in the orientation the pass ran in. */
export interface DenseOutput {
  /** Post-activation output. */
  a: Mat;
  /** gelu only: the activation's input (the normalised one, with a norm layer) and Φ of it, for φ' = Φ + z·N(z). */
  z?: Mat;
  cdf?: Mat;
  /** With a norm layer, in training: what its backward pass needs. */
  norm?: NormTape;
}

/** The dense layer's input and weights; `x` is [rows, fanIn], or [fanIn, rows] in the transposed orientation. */
export interface DenseArgs {
  x: Mat;
  w: Mat;
  b: Vec;
  act: Activation;
  negativeSlope: number;
  c: Constants;
  /** A norm layer between the linear map and φ: y (and its tape) from z, in the same orientation. */
  normalise?: (z: Mat) => { y: Mat; tape?: NormTape };
}

/**
 * y = φ(x·W + b). Normal orientation: one fused product where the backend supports φ. Transposed orientation
 * (see passes.ts): yᵀ = φ(Wᵀ·xᵀ + b), where b is added per row — the fused kernel only adds a bias per column — and φ
 * is a kernel of its own. With a norm layer, φ applies to the normalised x·W + b instead.
 */
export function denseForward(args: DenseArgs, transposed: boolean): DenseOutput {
  const { x, w, b, act, negativeSlope, c, normalise } = args;
  const linear = (): Mat =>
    transposed ? add(matMul(transpose(w), x), reshape(b, [1, b.shape[0], 1])) : fusedMatMul(x, w, b, 'linear', 0);
  if (normalise) {
    const { y, tape } = normalise(linear());
    const out = activate(y, act, negativeSlope, c);
    return tape ? { ...out, norm: tape } : out;
  }
  if (transposed) return activate(linear(), act, negativeSlope, c);
  const fused = fusedName(act);
  const z = fusedMatMul(x, w, b, fused, negativeSlope);
  return fused !== 'linear' || act === 'linear' ? { a: z } : activate(z, act, negativeSlope, c);
}

/** φ(z) for a pre-activation the product did not already pass through φ. */
function activate(z: Mat, act: Activation, negativeSlope: number, c: Constants): DenseOutput {
  switch (act) {
    case 'linear':
      return { a: z };
    case 'relu':
      return { a: unary('Relu', z) };
    case 'leaky_relu':
      return { a: leakyRelu(z, negativeSlope) };
    case 'sigmoid':
      return { a: unary('Sigmoid', z) };
    case 'tanh':
      // tanh(z) = 2σ(2z) − 1: the backend's Sigmoid kernel is vectorised, its Tanh is scalar (measured 6× slower).
      return { a: sub(mul(unary('Sigmoid', mul(z, c.get(2))), c.get(2)), c.get(1)) };
    case 'selu':
      return { a: unary('Selu', z) };
    case 'gelu': {
      // Exact erf form (PyTorch's default): z·Φ(z), Φ(z) = ½ + ½·erf(z/√2).
      const cdf = add(mul(unary('Erf', mul(z, c.get(Math.SQRT1_2))), c.get(0.5)), c.get(0.5));
      return { a: mul(z, cdf), z, cdf };
    }
  }
}

/**
 * dL/dz = dL/da ⊙ φ'(z) with both operands in the same orientation: `a` is the layer's output in the orientation of
 * `da`, from which φ' is read for every activation but gelu; gelu's φ' comes from the pre-activation kept in `out`,
 * transposed to match when `out` was recorded in the other orientation (`outFlipped`).
 */
export function activationBackward(
  da: Mat,
  a: Mat,
  out: DenseOutput,
  act: Activation,
  negativeSlope: number,
  c: Constants,
  outFlipped: boolean,
): Mat {
  switch (act) {
    case 'linear':
      return da;
    case 'relu':
      return mul(da, step(a));
    case 'leaky_relu':
      // step(a, α) = 1 where a > 0, else α; a and z share their sign.
      return mul(da, step(a, negativeSlope));
    case 'tanh':
      return mul(da, sub(c.get(1), unary('Square', a)));
    case 'sigmoid':
      return mul(da, sub(a, unary('Square', a)));
    case 'selu': {
      // z > 0: φ' = λ; z ≤ 0: a = λα(eᶻ − 1), so φ' = λαeᶻ = a + λα. With s = step(a):
      // φ' = s·λ + (1 − s)·(a + λα) = (a + λα) + s·(λ − λα − a).
      const negative = add(a, c.get(SELU_LAMBDA * SELU_ALPHA));
      return mul(da, add(negative, mul(step(a), sub(c.get(SELU_LAMBDA), negative))));
    }
    case 'gelu': {
      const z = out.z!;
      const density = mul(unary('Exp', mul(unary('Square', z), c.get(-0.5))), c.get(INV_SQRT_2PI));
      const derivative = add(out.cdf!, mul(z, density));
      return mul(da, outFlipped ? transpose(derivative) : derivative);
    }
  }
}

/** Whether post-activations of `act` can saturate (and in which band), for the fracSaturated statistic. */
export function saturationTest(act: Activation): ((v: number) => boolean) | null {
  if (act === 'tanh') return (v) => Math.abs(v) > 0.99;
  if (act === 'sigmoid') return (v) => v < 0.01 || v > 0.99;
  return null;
}
