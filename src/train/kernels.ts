/**
 * Thin calls straight into the backend's kernels for the training loop's hot path. The public tfjs ops wrap every
 * kernel in argument conversion, checks, a named scope and (for products) three reshapes to rank 3; on the small
 * matrices of a trial that wrapper costs about as much as the arithmetic (measured here: a 64×64 product 57 µs through
 * `tf.matMul` vs 32 µs through the kernel; a subtraction 14 µs vs 5 µs). Matrices are therefore kept as rank-3
 * tensors [1, rows, cols] — the shape the product kernels take — and shapes are right by construction (the gradient
 * tests check them). Outputs are tracked by the enclosing `tf.tidy` like any op's.
 */
import { tf } from '../backend.ts';

/** A matrix as the product kernels want it: [1, rows, cols]. */
export type Mat = tf.Tensor3D;

function run<T extends tf.Tensor>(kernel: string, inputs: tf.NamedTensorMap, attrs: object = {}): T {
  return tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as T;
}

export function mat(values: Float32Array, rows: number, cols: number): Mat {
  return tf.tensor3d(values, [1, rows, cols]);
}

/** a·b (plain product: XNNPACK's fast path). */
export function matMul(a: Mat, b: Mat): Mat {
  return run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

export type FusedActivation = 'linear' | 'relu' | 'leakyrelu' | 'sigmoid';

/** φ(a·b + bias) in one kernel. */
export function fusedMatMul(a: Mat, b: Mat, bias: tf.Tensor1D, activation: FusedActivation, alpha: number): Mat {
  return run(
    '_FusedMatMul',
    { a, b, bias },
    { transposeA: false, transposeB: false, activation, leakyreluAlpha: alpha },
  );
}

/** [1, r, c] → [1, c, r]. */
export function transpose(a: Mat): Mat {
  return run('Transpose', { x: a }, { perm: [0, 2, 1] });
}

/** Row sums of a matrix, as a vector: the bias gradient from a transposed delta (an inner-axis reduction, which the
 * Sum kernel does without first transposing its input). */
export function rowSum(a: Mat): tf.Tensor1D {
  const sums = run<tf.Tensor>('Sum', { x: a }, { axis: [2], keepDims: false });
  return run('Reshape', { x: sums }, { shape: [a.shape[1]] });
}

/** Sum of every element, as a scalar. */
export function total(a: tf.Tensor): tf.Scalar {
  return run('Sum', { x: a }, { axis: a.shape.map((_, i) => i), keepDims: false });
}

/** Elementwise binary ops; `b` may be a scalar tensor (the kernels broadcast). */
export const add = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run('Add', { a, b });
export const sub = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run('Sub', { a, b });
export const mul = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run('Multiply', { a, b });
export const div = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => run('RealDiv', { a, b });

/** x > 0 ? 1 : alpha. */
export const step = <T extends tf.Tensor>(x: T, alpha = 0): T => run('Step', { x }, { alpha });

type Unary = 'Sigmoid' | 'Selu' | 'Erf' | 'Exp' | 'Square' | 'Sqrt';
export const unary = <T extends tf.Tensor>(name: Unary, x: T): T => run(name, { x });

/**
 * Scalar constants a model's ops need, created once and kept for the model's lifetime (a binary kernel needs its
 * scalar operand as a tensor; making one per use would upload it every step).
 */
export class Constants {
  private readonly cache = new Map<number, tf.Scalar>();

  get(v: number): tf.Scalar {
    let t = this.cache.get(v);
    if (!t) {
      t = tf.keep(tf.scalar(v));
      this.cache.set(v, t);
    }
    return t;
  }

  dispose(): void {
    for (const t of this.cache.values()) t.dispose();
    this.cache.clear();
  }
}
