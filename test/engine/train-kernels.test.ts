/**
 * The loop's kernels call the wasm backend's C functions directly (src/train/kernels.ts). Each must give exactly what
 * tfjs's own op gives through its dispatcher — bit for bit, since a result's determinism across engine versions rests
 * on it — and must hand back ordinary tensors that tidy frees and that leave no backend data behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/backend.ts';
import { Rng } from '../../src/rng.ts';
import * as k from '../../src/train/kernels.ts';

beforeAll(async () => {
  await initBackend();
});

function randomMat(rng: Rng, rows: number, cols: number, scale = 1): k.Mat {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = scale * rng.uniformIn(-1, 1);
  return k.mat(v, rows, cols);
}

/** Same shape and the same bits in every element (so -0 and NaN payloads count too). */
function expectBitIdentical(got: tf.Tensor, want: tf.Tensor): void {
  expect(got.shape).toEqual(want.shape);
  const g = new Uint32Array((got.dataSync() as Float32Array).slice().buffer);
  const w = new Uint32Array((want.dataSync() as Float32Array).slice().buffer);
  expect(g.length).toBe(w.length);
  let differing = 0;
  for (let i = 0; i < g.length; i++) if (g[i] !== w[i]) differing++;
  expect(differing).toBe(0);
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
      tf.tidy(() => {
        const a = randomMat(rng, m, n);
        const b = randomMat(rng, n, p);
        const bias = tf.tensor1d(Array.from({ length: p }, () => rng.uniformIn(-1, 1)));
        expectBitIdentical(k.matMul(a, b), tf.matMul(a, b));
        for (const activation of ['linear', 'relu', 'leakyrelu', 'sigmoid'] as const) {
          const want = tf.fused.matMul({ a, b, bias, activation, leakyreluAlpha: 0.01 });
          expectBitIdentical(k.fusedMatMul(a, b, bias, activation, 0.01), want);
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
      tf.tidy(() => {
        const a = randomMat(new Rng(rows + cols), rows, cols);
        expectBitIdentical(k.transpose(a), tf.transpose(a, [0, 2, 1]));
      });
    });
  }
});

describe('elementwise and reductions', () => {
  it('equal the tf ops, with full-shape, scalar and unit-axis operands', () => {
    const rng = new Rng(7);
    tf.tidy(() => {
      const a = randomMat(rng, 48, 20, 3);
      const b = randomMat(rng, 48, 20);
      const column = randomMat(rng, 48, 1);
      const s = tf.scalar(0.37);
      for (const other of [b, s, column]) {
        expectBitIdentical(k.add(a, other), tf.add(a, other));
        expectBitIdentical(k.sub(a, other), tf.sub(a, other));
        expectBitIdentical(k.mul(a, other), tf.mul(a, other));
        expectBitIdentical(k.div(a, other), tf.div(a, other));
      }
      expectBitIdentical(k.step(a), tf.step(a));
      expectBitIdentical(k.step(a, 0.2), tf.step(a, 0.2));
      expectBitIdentical(k.leakyRelu(a, 0.1), tf.leakyRelu(a, 0.1));
      expectBitIdentical(k.unary('Relu', a), tf.relu(a));
      expectBitIdentical(k.unary('Sigmoid', a), tf.sigmoid(a));
      expectBitIdentical(k.unary('Selu', a), tf.selu(a));
      expectBitIdentical(k.unary('Erf', a), tf.erf(a));
      expectBitIdentical(k.unary('Exp', a), tf.exp(a));
      expectBitIdentical(k.unary('Square', a), tf.square(a));
      expectBitIdentical(k.unary('Sqrt', k.unary('Square', a)), tf.sqrt(tf.square(a)));
      expectBitIdentical(k.rowSum(a), tf.reshape(tf.sum(a, 2), [48]));
      expectBitIdentical(k.total(a), tf.sum(a));
      expectBitIdentical(k.reshape(a, [20, 48]), tf.reshape(a, [20, 48]));
    });
  });
});

describe('memory', () => {
  it('frees every output and view in tidy, leaving the backend with the data it had', () => {
    const rng = new Rng(3);
    const a = randomMat(rng, 64, 64);
    const b = randomMat(rng, 64, 256);
    const bias = tf.tensor1d(new Float32Array(256));
    const before = { tensors: tf.memory().numTensors, data: tf.engine().backend.numDataIds() };
    const kept = tf.tidy(() => {
      const z = k.fusedMatMul(a, b, bias, 'relu', 0);
      const t = k.transpose(z);
      k.rowSum(t);
      k.reshape(t, [256, 64]);
      k.mul(z, k.step(z));
      return tf.keep(k.total(z));
    });
    expect(tf.memory().numTensors).toBe(before.tensors + 1);
    expect(tf.engine().backend.numDataIds()).toBe(before.data + 1);
    kept.dispose();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.engine().backend.numDataIds()).toBe(before.data);
    tf.dispose([a, b, bias]);
  });

  it('a reshaped view keeps its data alive after the original is disposed', () => {
    const a = randomMat(new Rng(4), 8, 8);
    const want = (a.dataSync() as Float32Array).slice();
    const view = k.reshape<tf.Tensor2D>(a, [64, 1]);
    a.dispose();
    expect(Array.from(view.dataSync())).toEqual(Array.from(want));
    view.dispose();
  });
});
