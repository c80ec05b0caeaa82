/**
 * The training loop's kernels, called straight into tfjs-backend-wasm's exported C functions on the loop's own
 * buffers (buffers.ts). Both layers above them cost as much as the arithmetic on a trial's small matrices: tfjs's
 * dispatcher (`runKernel`: kernel lookup, scopes, leak and tape checks) and the backend's JavaScript glue (it reshapes
 * every product's operands to rank 3 and marshals each shape through Emscripten's stack on every call). Measured here
 * on a 64×64 product: 47 µs through `runKernel`, 28 µs through the backend's kernel function, 21 µs for the C call
 * alone. Each wrapper passes the C function exactly the arguments the backend's own kernel would, so every result is
 * the same, bit for bit (test/engine/train-kernels.test.ts).
 *
 * Matrices are kept as rank-3 buffers [1, rows, cols], the shape the product functions take; shapes are right by
 * construction (the gradient tests check them). Outputs are new buffers, freed by the enclosing `tidy`.
 */
import { tf } from '../backend.ts';
import { alloc, type Buf, keep, scalar, upload, type Wasm, type WasmExports, wasm } from './buffers.ts';

/** A matrix as the product kernels want it: [1, rows, cols]. */
export type Mat = Buf;
/** A vector, [n]. */
export type Vec = Buf;
/** A scalar, []. */
export type Scalar = Buf;

/**
 * The backend's exported C functions used here (tfjs-backend-wasm 4.22, `src/cc/kernels`). They take buffer ids, and
 * shapes as pointers to int32s in wasm memory; each wrapper below names the argument order it passes.
 */
type CFunction = (...args: number[]) => void;
type KernelName =
  | '_BatchMatMul'
  | '__FusedMatMul'
  | '_Transpose'
  | '_Sum'
  | '_Step'
  | '_LeakyRelu'
  | '_Sigmoid'
  | BinaryName
  | `_${Exclude<Unary, 'Sigmoid'>}`;
type BinaryName = '_Add' | '_Sub' | '_Multiply' | '_RealDiv';
type Exports = WasmExports & Record<KernelName, CFunction>;

/** The backend's C enum for float32, the only dtype the loop uses. */
const F32 = 0;

/** Every shape the loop has passed, written once to wasm memory, by `shapeKey`. */
const shapes = new Map<number | string, number>();
let shapesOf: Wasm | null = null;

function kernels(): Wasm<Exports> {
  const w = wasm<Exports>();
  if (shapesOf !== w) {
    shapes.clear();
    shapesOf = w;
  }
  return w;
}

/** A number naming a shape of rank ≤ 3 with dims < 2¹⁶ (every shape the loop passes; a string otherwise), so that
 * finding a cached shape makes no string. */
function shapeKey(dims: readonly number[]): number | string {
  let key = dims.length;
  if (key > 3) return dims.join(',');
  for (let i = 0; i < dims.length; i++) {
    if (dims[i] >= 65536) return dims.join(',');
    key = key * 65536 + dims[i];
  }
  return key;
}

/** A pointer to `dims` as int32s in wasm memory (cached: a loop passes the same few shapes every step). */
function dimsAt(w: Wasm<Exports>, dims: readonly number[]): number {
  const key = shapeKey(dims);
  let ptr = shapes.get(key);
  if (ptr === undefined) {
    ptr = w.c._malloc(4 * Math.max(1, dims.length)) >>> 0;
    w.c.HEAP32.set(dims, ptr >>> 2);
    shapes.set(key, ptr);
  }
  return ptr;
}

export function mat(values: Float32Array, rows: number, cols: number): Mat {
  return upload(values, [1, rows, cols]);
}

export function vec(values: Float32Array): Vec {
  return upload(values, [values.length]);
}

/** a·b (plain product: XNNPACK's fast path). C: (a, aShape, aRank, b, bShape, bRank, transposeA, transposeB, out). */
export function matMul(a: Mat, b: Mat): Mat {
  const w = kernels();
  const out = alloc([1, a.shape[1], b.shape[2]]);
  w.c._BatchMatMul(a.id, dimsAt(w, a.shape), 3, b.id, dimsAt(w, b.shape), 3, 0, 0, out.id);
  return out;
}

export type FusedActivation = 'linear' | 'relu' | 'leakyrelu' | 'sigmoid';
/** The backend's `FusableActivation` enum. */
const FUSED: Record<FusedActivation, number> = { linear: 0, relu: 1, leakyrelu: 4, sigmoid: 5 };

/** φ(a·b + bias) in one kernel. C: as BatchMatMul's, then (activation, bias, preluWeights, alpha) before out. */
export function fusedMatMul(a: Mat, b: Mat, bias: Vec, activation: FusedActivation, alpha: number): Mat {
  const w = kernels();
  const out = alloc([1, a.shape[1], b.shape[2]]);
  const [aShape, bShape] = [dimsAt(w, a.shape), dimsAt(w, b.shape)];
  w.c.__FusedMatMul(a.id, aShape, 3, b.id, bShape, 3, 0, 0, FUSED[activation], bias.id, 0, alpha, out.id);
  return out;
}

/** The same data seen with another shape (no copy; the data is freed with its last view). */
export function reshape(x: Buf, shape: number[]): Buf {
  return x.view(shape);
}

/**
 * The backend's transpose drops size-1 axes first and renumbers the permutation over the rest (its
 * `removeOneSizeDims`); the C function is called with that reduced form, so it is computed the same way here.
 */
function withoutUnitAxes(shape: readonly number[], perm: readonly number[]): [number[], number[]] {
  const dims: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] !== 1) dims.push(shape[i]);
    if (shape[perm[i]] !== 1) order.push(perm[i]);
  }
  const ranked = [...order].sort((p, q) => p - q);
  return [dims, order.map((p) => ranked.indexOf(p))];
}

/** The reduced form of a matrix transpose [1, r, c] → [1, c, r] with r, c > 1, the loop's usual one. */
const SWAP = [1, 0];

function permute(x: Buf, perm: number[]): Mat {
  const w = kernels();
  const out = alloc(perm.map((p) => x.shape[p]));
  const [, rows, cols] = x.shape;
  const plain = perm[0] === 0 && perm[1] === 2 && perm[2] === 1 && rows > 1 && cols > 1 && x.shape[0] === 1;
  const [dims, order] = plain ? [[rows, cols], SWAP] : withoutUnitAxes(x.shape, perm);
  if (plain || order.some((p, i) => p !== i))
    w.c._Transpose(x.id, dimsAt(w, dims), dims.length, F32, out.id, dimsAt(w, order), order.length);
  else {
    // Only unit axes move: the backend copies the data as it is (its Identity kernel).
    w.c.HEAPU8.copyWithin(out.offset, x.offset, x.offset + 4 * x.size);
  }
  return out;
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
  if (!transposeThrashes(rows, cols)) return permute(a, [0, 2, 1]);
  const blocks = reshape(a, [rows / LINE_FLOATS, LINE_FLOATS, cols]);
  const permuted = permute(blocks, [2, 0, 1]);
  const out = reshape(permuted, [1, cols, rows]);
  blocks.dispose();
  permuted.dispose();
  return out;
}

/** Sums over the innermost `reduceSize` values, into a buffer of `shape` (what the backend's Sum kernel does for
 * innermost axes, which it reduces without first transposing). */
function innerSum(x: Buf, reduceSize: number, shape: number[]): Buf {
  const out = alloc(shape);
  kernels().c._Sum(x.id, reduceSize, F32, out.id);
  return out;
}

/** Row sums of a matrix, as a vector: the bias gradient from a transposed delta. */
export function rowSum(a: Mat): Vec {
  return innerSum(a, a.shape[2], [a.shape[1]]);
}

/** Sum of every element, as a scalar. */
export function total(a: Buf): Scalar {
  return innerSum(a, a.size, []);
}

function binary(name: BinaryName, a: Buf, b: Buf): Buf {
  const w = kernels();
  const out = alloc(tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape));
  w.c[name](a.id, dimsAt(w, a.shape), a.rank, b.id, dimsAt(w, b.shape), b.rank, F32, out.id);
  return out;
}

/** Elementwise binary ops; `b` may be a scalar or broadcast along unit axes (the kernels broadcast). */
export const add = (a: Buf, b: Buf): Buf => binary('_Add', a, b);
export const sub = (a: Buf, b: Buf): Buf => binary('_Sub', a, b);
export const mul = (a: Buf, b: Buf): Buf => binary('_Multiply', a, b);
export const div = (a: Buf, b: Buf): Buf => binary('_RealDiv', a, b);

/** x > 0 ? 1 : alpha. */
export function step(x: Buf, alpha = 0): Buf {
  const out = alloc(x.shape);
  kernels().c._Step(x.id, alpha, F32, out.id);
  return out;
}

type Unary = 'Relu' | 'Sigmoid' | 'Selu' | 'Erf' | 'Exp' | 'Square' | 'Sqrt';
export function unary(name: Unary, x: Buf): Buf {
  const { c } = kernels();
  const out = alloc(x.shape);
  // Sigmoid's C function alone takes no dtype.
  if (name === 'Sigmoid') c._Sigmoid(x.id, out.id);
  else c[`_${name}`](x.id, F32, out.id);
  return out;
}

/** x > 0 ? x : alpha·x. */
export function leakyRelu(x: Buf, alpha: number): Buf {
  const out = alloc(x.shape);
  kernels().c._LeakyRelu(x.id, F32, alpha, out.id);
  return out;
}

/**
 * Constants a model's ops need, made once and kept for the model's lifetime: scalars (a binary kernel needs its
 * scalar operand as a buffer; making one per use would upload it every step) and zero columns, whose packing the
 * product kernel then caches too.
 */
export class Constants {
  private readonly scalars = new Map<number, Scalar>();
  private readonly zeroColumns = new Map<number, Mat>();

  get(v: number): Scalar {
    let t = this.scalars.get(v);
    if (!t) {
      t = keep(scalar(v));
      this.scalars.set(v, t);
    }
    return t;
  }

  /** [1, n, 1] zeros. */
  zeroColumn(n: number): Mat {
    let t = this.zeroColumns.get(n);
    if (!t) {
      t = keep(mat(new Float32Array(n), n, 1));
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
