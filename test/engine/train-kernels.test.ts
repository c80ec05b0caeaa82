/**
 * The loop's kernels call the wasm backend's C functions directly (src/train/kernels.ts). Each must give exactly what
 * tfjs's own op gives through its dispatcher on the same values — bit for bit, since a result's determinism across
 * engine versions rests on it — and must hand back buffers that tidy frees and that leave no backend data behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/backend.ts';
import { Rng } from '../../src/rng.ts';
import * as buffers from '../../src/train/buffers.ts';
import * as k from '../../src/train/kernels.ts';

beforeAll(async () => {
  await initBackend();
});

/** The same values as a loop buffer and as a tfjs tensor. */
interface Pair {
  buf: buffers.Buf;
  t: tf.Tensor;
}

function pair(values: Float32Array, shape: number[]): Pair {
  return { buf: buffers.upload(values, shape), t: tf.tensor(values, shape) };
}

function randomMat(rng: Rng, rows: number, cols: number, scale = 1): Pair {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = scale * rng.uniformIn(-1, 1);
  return pair(v, [1, rows, cols]);
}

/** Same shape and the same bits in every element (so -0 and NaN payloads count too). */
function expectBitIdentical(got: buffers.Buf, want: tf.Tensor): void {
  expect(got.shape).toEqual(want.shape);
  const g = new Uint32Array((got.dataSync() as Float32Array).slice().buffer);
  const w = new Uint32Array((want.dataSync() as Float32Array).slice().buffer);
  expect(g.length).toBe(w.length);
  let differing = 0;
  for (let i = 0; i < g.length; i++) if (g[i] !== w[i]) differing++;
  expect(differing).toBe(0);
}

/** Runs `f` with both kinds of array freed at the end. */
function both(f: () => void): void {
  tf.tidy(() => buffers.tidy(f));
}

const SHAPES: [number, number, number][] = [
  [64, 64, 64],
  [1, 7, 5],
  [33, 1, 17],
  [128, 2, 64],
  [64, 256, 10],
];

describe('products', () => {
  for (const [m, n, p] of SHAPES) {
    it(`matMul and fusedMatMul equal tf.matMul and tf.fused.matMul (${m}×${n}·${n}×${p})`, () => {
      const rng = new Rng(m * 1000 + n * 10 + p);
      both(() => {
        const a = randomMat(rng, m, n);
        const b = randomMat(rng, n, p);
        const bias = pair(
          Float32Array.from({ length: p }, () => rng.uniformIn(-1, 1)),
          [p],
        );
        expectBitIdentical(k.matMul(a.buf, b.buf), tf.matMul(a.t as tf.Tensor3D, b.t as tf.Tensor3D));
        for (const activation of ['linear', 'relu', 'leakyrelu', 'sigmoid'] as const) {
          const want = tf.fused.matMul({ a: a.t, b: b.t, bias: bias.t, activation, leakyreluAlpha: 0.01 });
          expectBitIdentical(k.fusedMatMul(a.buf, b.buf, bias.buf, activation, 0.01), want);
        }
      });
    });
  }
});

describe('transpose', () => {
  // Covers the plain 2-D path, the blocked rank-3 path (64 × 256 thrashes) and both unit-axis cases, which the
  // backend turns into a plain copy.
  for (const [rows, cols] of [
    [64, 64],
    [64, 256],
    [1, 9],
    [9, 1],
  ] as const) {
    it(`equals tf.transpose for ${rows} × ${cols}`, () => {
      both(() => {
        const a = randomMat(new Rng(rows + cols), rows, cols);
        expectBitIdentical(k.transpose(a.buf), tf.transpose(a.t, [0, 2, 1]));
      });
    });
  }
});

describe('elementwise and reductions', () => {
  it('equal the tf ops, with full-shape, scalar and unit-axis operands', () => {
    const rng = new Rng(7);
    both(() => {
      const { buf: a, t: at } = randomMat(rng, 48, 20, 3);
      const b = randomMat(rng, 48, 20);
      const column = randomMat(rng, 48, 1);
      const s = pair(Float32Array.of(0.37), []);
      for (const other of [b, s, column]) {
        expectBitIdentical(k.add(a, other.buf), tf.add(at, other.t));
        expectBitIdentical(k.sub(a, other.buf), tf.sub(at, other.t));
        expectBitIdentical(k.mul(a, other.buf), tf.mul(at, other.t));
        expectBitIdentical(k.div(a, other.buf), tf.div(at, other.t));
      }
      expectBitIdentical(k.step(a), tf.step(at));
      expectBitIdentical(k.step(a, 0.2), tf.step(at, 0.2));
      expectBitIdentical(k.leakyRelu(a, 0.1), tf.leakyRelu(at, 0.1));
      expectBitIdentical(k.unary('Relu', a), tf.relu(at));
      expectBitIdentical(k.unary('Sigmoid', a), tf.sigmoid(at));
      expectBitIdentical(k.unary('Selu', a), tf.selu(at));
      expectBitIdentical(k.unary('Erf', a), tf.erf(at));
      expectBitIdentical(k.unary('Exp', a), tf.exp(at));
      expectBitIdentical(k.unary('Square', a), tf.square(at));
      expectBitIdentical(k.unary('Sqrt', k.unary('Square', a)), tf.sqrt(tf.square(at)));
      expectBitIdentical(k.rowSum(a), tf.reshape(tf.sum(at, 2), [48]));
      expectBitIdentical(k.total(a), tf.sum(at));
      expectBitIdentical(k.reshape(a, [20, 48]), tf.reshape(at, [20, 48]));
    });
  });
});

describe('memory', () => {
  it('frees every output and view in tidy, making no tfjs tensor or backend data', () => {
    const rng = new Rng(3);
    const a = randomMat(rng, 64, 64).buf;
    const b = randomMat(rng, 64, 256).buf;
    const bias = k.vec(new Float32Array(256));
    const before = {
      tensors: tf.memory().numTensors,
      data: tf.engine().backend.numDataIds(),
      buffers: buffers.liveBuffers(),
    };
    const kept = buffers.tidy(() => {
      const z = k.fusedMatMul(a, b, bias, 'relu', 0);
      const t = k.transpose(z);
      k.rowSum(t);
      k.reshape(t, [256, 64]);
      k.mul(z, k.step(z));
      return buffers.keep(k.total(z));
    });
    expect(buffers.liveBuffers()).toBe(before.buffers + 1);
    kept.dispose();
    expect(buffers.liveBuffers()).toBe(before.buffers);
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.engine().backend.numDataIds()).toBe(before.data);
    buffers.dispose([a, b, bias]);
  });

  it('a scope that throws frees what it made; one that returns hands its result to the enclosing scope', () => {
    const before = buffers.liveBuffers();
    expect(() =>
      buffers.tidy(() => {
        k.vec(new Float32Array(4));
        throw new Error('inner');
      }),
    ).toThrow('inner');
    expect(buffers.liveBuffers()).toBe(before);
    let inner: buffers.Buf | null = null;
    buffers.tidy(() => {
      inner = buffers.tidy(() => ({ kept: [k.vec(new Float32Array(3))] })).kept[0];
      expect(inner.disposed).toBe(false);
    });
    expect(inner!.disposed).toBe(true);
    expect(buffers.liveBuffers()).toBe(before);
  });

  it('a reshaped view keeps its data alive after the original is disposed', () => {
    const a = randomMat(new Rng(4), 8, 8).buf;
    const want = a.dataSync().slice();
    const view = k.reshape(a, [64, 1]);
    a.dispose();
    expect(Array.from(view.dataSync())).toEqual(Array.from(want));
    view.dispose();
  });
});
