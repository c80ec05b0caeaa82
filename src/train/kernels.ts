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

export function reshape<T extends tf.Tensor>(x: tf.Tensor, shape: number[]): T {
  return run('Reshape', { x }, { shape });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Rows of a 16-float (64-byte) cache line that the blocked transpose works in. */
const LINE_FLOATS = 16;

/**
 * Whether the backend's 2-D transpose of a rows × cols matrix thrashes the cache. It reads row by row and writes each
 * row as a column, so one row's writes touch `cols` cache lines `rows` floats apart. When that stride is a multiple of
 * a line, those lines fall into only 64 / gcd(stride in lines, 64) of a 32 KiB, 8-way L1's 64 sets; once `cols`
 * exceeds what those sets hold, every write misses. Measured here (µs): 256×256 199 → 72 blocked, 64×256 40 → 18,
 * 256×64 48 → 20, while 128×64, 320×64 and 784×64, which fit, are faster on the 2-D path.
 */
export function transposeThrashes(rows: number, cols: number): boolean {
  if (rows % LINE_FLOATS !== 0) return false;
  const sets = 64 / gcd(rows / LINE_FLOATS, 64);
  return cols > 8 * sets;
}

/**
 * [1, r, c] → [1, c, r]. Where the plain 2-D transpose thrashes, the same permutation is asked for on the view
 * [r/16, 16, c] → [c, r/16, 16], which the backend runs as a rank-3 transpose whose writes stay in cache; the result
 * is the same matrix, element for element.
 */
export function transpose(a: Mat): Mat {
  const [, rows, cols] = a.shape;
  if (!transposeThrashes(rows, cols)) return run('Transpose', { x: a }, { perm: [0, 2, 1] });
  const blocks = reshape(a, [rows / LINE_FLOATS, LINE_FLOATS, cols]);
  return reshape(run('Transpose', { x: blocks }, { perm: [2, 0, 1] }), [1, cols, rows]);
}

/** Row sums of a matrix, as a vector: the bias gradient from a transposed delta (an inner-axis reduction, which the
 * Sum kernel does without first transposing its input). */
export function rowSum(a: Mat): tf.Tensor1D {
  return reshape(run<tf.Tensor>('Sum', { x: a }, { axis: [2], keepDims: false }), [a.shape[1]]);
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

type Unary = 'Relu' | 'Sigmoid' | 'Selu' | 'Erf' | 'Exp' | 'Square' | 'Sqrt';
export const unary = <T extends tf.Tensor>(name: Unary, x: T): T => run(name, { x });

/** x > 0 ? x : alpha·x. */
export const leakyRelu = <T extends tf.Tensor>(x: T, alpha: number): T => run('LeakyRelu', { x }, { alpha });

/**
 * Constants a model's ops need, created once and kept for the model's lifetime: scalars (a binary kernel needs its
 * scalar operand as a tensor; making one per use would upload it every step) and zero columns, whose packing the
 * product kernel then caches too.
 */
export class Constants {
  private readonly scalars = new Map<number, tf.Scalar>();
  private readonly zeroColumns = new Map<number, Mat>();

  get(v: number): tf.Scalar {
    let t = this.scalars.get(v);
    if (!t) {
      t = tf.keep(tf.scalar(v));
      this.scalars.set(v, t);
    }
    return t;
  }

  /** [1, n, 1] zeros. */
  zeroColumn(n: number): Mat {
    let t = this.zeroColumns.get(n);
    if (!t) {
      t = tf.keep(mat(new Float32Array(n), n, 1));
      this.zeroColumns.set(n, t);
    }
    return t;
  }

  dispose(): void {
    for (const t of [...this.scalars.values(), ...this.zeroColumns.values()]) t.dispose();
    this.scalars.clear();
    this.zeroColumns.clear();
  }
}
