/**
 * The training loop's arrays: float32 buffers in the wasm backend's memory, registered with its C kernels by id, and
 * the scopes that free them. They stand where tfjs tensors stood, one level lower. A tensor costs, per kernel call, a
 * Tensor object, the engine's bookkeeping (counters, WeakMap entries, scope tracking) and the backend's own map from
 * data to memory, looked up again for every input: about 0.8 µs, as much as a small elementwise kernel, some hundred
 * times a step. A `Buf` is the id and the offset the C functions take, and nothing else; with it the reference trial
 * took 10–14% less CPU time (two A/B runs in one process).
 *
 * Ids come from the backend's own counter, so they never meet a tfjs tensor's; the C side learns a buffer with
 * `register_tensor` and forgets it (with any XNNPACK operator it cached for it) with `dispose_data`, as the backend
 * does for its tensors.
 *
 * Lifetimes follow tfjs's rules, so the engine reads as it did: a buffer made inside `tidy` is freed when the scope
 * ends unless the scope returns it (then it belongs to the enclosing scope) or it was `keep`-ed; one made outside any
 * scope lives until disposed.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../backend.ts';

/** The backend's exported C functions (tfjs-backend-wasm 4.22, `src/cc`) that the buffers need. */
export interface WasmExports {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _register_tensor(id: number, size: number, offset: number): void;
  _dispose_data(id: number): void;
}

/** The backend, and the exports of its module. */
export interface Wasm<C extends WasmExports = WasmExports> {
  backend: BackendWasm;
  c: C;
}

let bound: Wasm | null = null;

/** The wasm backend the engine runs on (`initBackend` first). */
export function wasm<C extends WasmExports>(): Wasm<C> {
  const backend = tf.engine().backend as Wasm['backend'];
  if (bound?.backend === backend) return bound as Wasm<C>;
  if (!('wasm' in backend)) throw new Error('the engine runs on the wasm backend only; call initBackend() first');
  bound = { backend, c: backend.wasm as unknown as WasmExports };
  return bound as Wasm<C>;
}

/** Memory shared by a buffer and its reshaped views; freed with the last of them. */
interface Storage {
  id: number;
  offset: number;
  views: number;
}

/** Buffers alive now (made and not yet disposed), which leak checks read beside tfjs's tensor count. */
let live = 0;
export function liveBuffers(): number {
  return live;
}

/** Arrays the engine holds now: tfjs tensors and the loop's buffers (what a leak check counts). */
export function liveArrays(): number {
  return tf.memory().numTensors + live;
}

/** The open `tidy` scopes, innermost last: each lists the buffers made in it. */
const scopes: Buf[][] = [];

export class Buf {
  readonly size: number;
  /** Survives every scope (`keep`). */
  kept = false;
  disposed = false;
  /** Set while the scope that made it closes, if the scope returns it. */
  escaping = false;

  constructor(
    readonly shape: number[],
    private readonly storage: Storage,
  ) {
    this.size = sizeOf(shape);
    live++;
    if (scopes.length > 0) scopes[scopes.length - 1].push(this);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The C kernels' name for this buffer's data. */
  get id(): number {
    return this.storage.id;
  }

  /** Where the data starts in wasm memory, in bytes. */
  get offset(): number {
    return this.storage.offset;
  }

  /** The data seen with another shape of the same size (no copy). */
  view(shape: number[]): Buf {
    this.storage.views++;
    return new Buf(shape, this.storage);
  }

  /** A copy of the values. */
  dataSync(): Float32Array {
    const heap = wasm().c.HEAPU8;
    return new Float32Array(heap.buffer.slice(this.offset, this.offset + 4 * this.size));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    live--;
    const s = this.storage;
    if (--s.views > 0) return;
    const { c } = wasm();
    c._free(s.offset);
    c._dispose_data(s.id);
  }
}

/** The backend's next data id, taken from its own counter (a private field of its class). */
function nextId(backend: BackendWasm): number {
  return (backend as unknown as { dataIdNextNumber: number }).dataIdNextNumber++;
}

function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return size;
}

/** A new buffer of `shape`, its values unset (every kernel writes all of its output). */
export function alloc(shape: number[]): Buf {
  const { backend, c } = wasm();
  const size = sizeOf(shape);
  const id = nextId(backend);
  const offset = c._malloc(4 * size) >>> 0;
  c._register_tensor(id, size, offset);
  return new Buf(shape, { id, offset, views: 1 });
}

/** `values` copied into a new buffer of `shape`. */
export function upload(values: Float32Array | readonly number[], shape: number[]): Buf {
  const b = alloc(shape);
  const heap = wasm().c.HEAPU8;
  new Float32Array(heap.buffer, b.offset, b.size).set(values);
  return b;
}

export function scalar(v: number): Buf {
  return upload([v], []);
}

export function keep<T extends Buf>(b: T): T {
  b.kept = true;
  return b;
}

/** Every buffer in a value: a buffer, or arrays and plain objects holding them (what a scope may return). Indexed
 * loops, not iterators: a step closes some thirty scopes, and iterator objects were most of its garbage. */
function eachBuf(v: unknown, f: (b: Buf) => void): void {
  if (v instanceof Buf) f(v);
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) eachBuf(v[i], f);
  else if (v !== null && typeof v === 'object') for (const key in v) eachBuf((v as Record<string, unknown>)[key], f);
}

const markEscaping = (b: Buf): void => {
  b.escaping = true;
};
const unmarkEscaping = (b: Buf): void => {
  b.escaping = false;
};

export function dispose(v: unknown): void {
  eachBuf(v, (b) => b.dispose());
}

/** Runs `fn` in a scope that frees, at its end, every buffer made in it but those it returns and those kept (all of
 * them if `fn` throws). */
export function tidy<T>(fn: () => T): T {
  const made: Buf[] = [];
  scopes.push(made);
  let result: T | undefined;
  try {
    result = fn();
    return result;
  } finally {
    scopes.pop();
    close(made, result);
  }
}

/** Frees what a scope made, but what it returns (which then belongs to the enclosing scope) and what was kept. */
function close(made: Buf[], result: unknown): void {
  eachBuf(result, markEscaping);
  const parent = scopes.length > 0 ? scopes[scopes.length - 1] : null;
  for (let i = 0; i < made.length; i++) {
    const b = made[i];
    if (b.escaping) parent?.push(b);
    else if (!b.kept) b.dispose();
  }
  eachBuf(result, unmarkEscaping);
}
