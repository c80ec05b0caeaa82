/**
 * The training loop's kernels, called straight into tfjs-backend-wasm's exported C functions. Both layers above
 * them cost as much as the arithmetic on a trial's small matrices: tfjs's dispatcher (`runKernel`: kernel lookup,
 * scopes, leak and tape checks) and the backend's JavaScript glue (it reshapes every product's operands to rank 3 and
 * marshals each shape through Emscripten's stack on every call). Measured here on a 64×64 product: 47 µs through
 * `runKernel`, 28 µs through the backend's kernel function, 21 µs for the C call alone, and 25 µs as done here (the C
 * call, a cached shape in wasm memory, and a tracked output tensor); a whole reference trial took 0.75× the CPU time
 * of the same loop through `runKernel`, timed run by run in one process. Each wrapper passes the C function exactly the
 * arguments the backend's own kernel would, so every result is the same, bit for bit (test/engine/train-kernels.test.ts).
 *
 * Matrices are kept as rank-3 tensors [1, rows, cols], the shape the product functions take; shapes are right by
 * construction (the gradient tests check them). Outputs are ordinary tensors, tracked by the enclosing `tf.tidy`.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../backend.ts';

/** A matrix as the product kernels want it: [1, rows, cols]. */
export type Mat = tf.Tensor3D;

/**
 * The backend's exported C functions used here (tfjs-backend-wasm 4.22, `src/cc/kernels`). They take tensor ids, and
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
type Exports = { HEAP32: Int32Array; HEAPU8: Uint8Array; _malloc(bytes: number): number } & Record<
  KernelName,
  CFunction
>;

/** The backend's C enum for float32, the only dtype the loop uses. */
const F32 = 0;

/** The wasm backend and what is cached against it: every shape the loop has passed, written once to wasm memory. */
interface Wasm {
  backend: BackendWasm;
  c: Exports;
  shapes: Map<number | string, number>;
}
let bound: Wasm | null = null;

function wasm(): Wasm {
  const backend = tf.engine().backend as BackendWasm;
  if (bound?.backend === backend) return bound;
  if (!('wasm' in backend)) throw new Error('the engine runs on the wasm backend only; call initBackend() first');
  bound = { backend, c: backend.wasm as unknown as Exports, shapes: new Map() };
  return bound;
}

/** The backend's id of a tensor's data, by which the C functions find it. */
function idOf(w: Wasm, t: tf.TensorInfo): number {
  return w.backend.dataIdMap.get(t.dataId)!.id;
}

/** A number naming a shape of rank ≤ 3 with dims < 2¹⁶ (every shape the loop passes; a string otherwise), so that
 * finding a cached shape makes no string. */
function shapeKey(dims: readonly number[]): number | string {
  if (dims.length > 3 || dims.some((d) => d >= 65536)) return dims.join(',');
  let key = dims.length;
  for (const d of dims) key = key * 65536 + d;
  return key;
}

/** A pointer to `dims` as int32s in wasm memory (cached: a loop passes the same few shapes every step). */
function dimsAt(w: Wasm, dims: readonly number[]): number {
  const key = shapeKey(dims);
  let ptr = w.shapes.get(key);
  if (ptr === undefined) {
    ptr = w.c._malloc(4 * Math.max(1, dims.length)) >>> 0;
    w.c.HEAP32.set(dims, ptr >>> 2);
    w.shapes.set(key, ptr);
  }
  return ptr;
}

/** Runs `call` with a fresh float32 output of `shape` (its id, and its data's place in wasm memory) and returns that
 * output as a tensor tracked like any op's. */
function produce<T extends tf.Tensor>(w: Wasm, shape: number[], call: (out: number, offset: number) => void): T {
  const info = w.backend.makeOutput(shape, 'float32');
  const data = w.backend.dataIdMap.get(info.dataId)!;
  call(data.id, data.memoryOffset);
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}

export function mat(values: Float32Array, rows: number, cols: number): Mat {
  return tf.tensor3d(values, [1, rows, cols]);
}

/** a·b (plain product: XNNPACK's fast path). C: (a, aShape, aRank, b, bShape, bRank, transposeA, transposeB, out). */
export function matMul(a: Mat, b: Mat): Mat {
  const w = wasm();
  return produce(w, [1, a.shape[1], b.shape[2]], (out) =>
    w.c._BatchMatMul(idOf(w, a), dimsAt(w, a.shape), 3, idOf(w, b), dimsAt(w, b.shape), 3, 0, 0, out),
  );
}

export type FusedActivation = 'linear' | 'relu' | 'leakyrelu' | 'sigmoid';
/** The backend's `FusableActivation` enum. */
const FUSED: Record<FusedActivation, number> = { linear: 0, relu: 1, leakyrelu: 4, sigmoid: 5 };

/** φ(a·b + bias) in one kernel. C: as BatchMatMul's, then (activation, bias, preluWeights, alpha) before out. */
export function fusedMatMul(a: Mat, b: Mat, bias: tf.Tensor1D, activation: FusedActivation, alpha: number): Mat {
  const w = wasm();
  return produce(w, [1, a.shape[1], b.shape[2]], (out) =>
    w.c.__FusedMatMul(
      idOf(w, a),
      dimsAt(w, a.shape),
      3,
      idOf(w, b),
      dimsAt(w, b.shape),
      3,
      0,
      0,
      FUSED[activation],
      idOf(w, bias),
      0,
      alpha,
      out,
    ),
  );
}

/** The same data seen with another shape (no copy; the data is freed with its last view). */
export function reshape<T extends tf.Tensor>(x: tf.Tensor, shape: number[]): T {
  const w = wasm();
  w.backend.incRef(x.dataId);
  return tf.engine().makeTensorFromTensorInfo({ dataId: x.dataId, shape, dtype: x.dtype }) as T;
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

function permute(x: tf.Tensor, perm: number[]): Mat {
  const w = wasm();
  const [dims, order] = withoutUnitAxes(x.shape, perm);
  return produce(
    w,
    perm.map((p) => x.shape[p]),
    (out, offset) => {
      if (order.some((p, i) => p !== i))
        w.c._Transpose(idOf(w, x), dimsAt(w, dims), dims.length, F32, out, dimsAt(w, order), order.length);
      else {
        // Only unit axes move: the backend copies the data as it is (its Identity kernel).
        const from = w.backend.dataIdMap.get(x.dataId)!.memoryOffset;
        w.c.HEAPU8.copyWithin(offset, from, from + 4 * x.size);
      }
    },
  );
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
  return reshape(permute(blocks, [2, 0, 1]), [1, cols, rows]);
}

/** Sums over the innermost `reduceSize` values, into a tensor of `shape` (what the backend's Sum kernel does for
 * innermost axes, which it reduces without first transposing). */
function innerSum<T extends tf.Tensor>(x: tf.Tensor, reduceSize: number, shape: number[]): T {
  const w = wasm();
  return produce(w, shape, (out) => w.c._Sum(idOf(w, x), reduceSize, F32, out));
}

/** Row sums of a matrix, as a vector: the bias gradient from a transposed delta. */
export function rowSum(a: Mat): tf.Tensor1D {
  return innerSum(a, a.shape[2], [a.shape[1]]);
}

/** Sum of every element, as a scalar. */
export function total(a: tf.Tensor): tf.Scalar {
  return innerSum(a, a.size, []);
}

function binary<T extends tf.Tensor>(name: BinaryName, a: T, b: tf.Tensor): T {
  const w = wasm();
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  return produce(w, shape, (out) =>
    w.c[name](idOf(w, a), dimsAt(w, a.shape), a.rank, idOf(w, b), dimsAt(w, b.shape), b.rank, F32, out),
  );
}

/** Elementwise binary ops; `b` may be a scalar tensor or broadcast along unit axes (the kernels broadcast). */
export const add = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => binary('_Add', a, b);
export const sub = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => binary('_Sub', a, b);
export const mul = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => binary('_Multiply', a, b);
export const div = <T extends tf.Tensor>(a: T, b: tf.Tensor): T => binary('_RealDiv', a, b);

/** x > 0 ? 1 : alpha. */
export function step<T extends tf.Tensor>(x: T, alpha = 0): T {
  const w = wasm();
  return produce(w, x.shape, (out) => w.c._Step(idOf(w, x), alpha, F32, out));
}

type Unary = 'Relu' | 'Sigmoid' | 'Selu' | 'Erf' | 'Exp' | 'Square' | 'Sqrt';
export function unary<T extends tf.Tensor>(name: Unary, x: T): T {
  const w = wasm();
  const xId = idOf(w, x);
  // Sigmoid's C function alone takes no dtype.
  if (name === 'Sigmoid') return produce(w, x.shape, (out) => w.c._Sigmoid(xId, out));
  return produce(w, x.shape, (out) => w.c[`_${name}`](xId, F32, out));
}

/** x > 0 ? x : alpha·x. */
export function leakyRelu<T extends tf.Tensor>(x: T, alpha: number): T {
  const w = wasm();
  return produce(w, x.shape, (out) => w.c._LeakyRelu(idOf(w, x), F32, alpha, out));
}

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
