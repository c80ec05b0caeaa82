/**
 * The two orientations of a pass and the machinery behind them: the blocked transpose, the choice of orientation, the
 * agreement of normal and transposed passes, and parameters updated layer by layer inside backprop.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import type { Activation } from '../../src/params/index.ts';
import { Rng } from '../../src/rng.ts';
import { type Buf, dispose, liveArrays, tidy, upload } from '../../src/train/buffers.ts';
import { type Batch, hostTranspose } from '../../src/train/data.ts';
import { forward, predictChecked, runsTransposed } from '../../src/train/forward.ts';
import { mat, transpose, transposeThrashes } from '../../src/train/kernels.ts';
import { lossAndGrad } from '../../src/train/loss.ts';
import {
  type DenseSpec,
  denseLayers,
  downloadModel,
  type HostParams,
  type Model,
  type ModelSpec,
  modelSpec,
  paramList,
  uploadModel,
} from '../../src/train/model.ts';
import { makeOptimizer, stepAll } from '../../src/train/optimizers.ts';
import { backward, type Grads } from '../../src/train/passes.ts';
import { Trainer } from '../../src/train/trainer.ts';

beforeAll(async () => {
  await initBackend();
});

function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): Float32Array {
  return Float32Array.from({ length: rows * cols }, () => scale * rng.normal());
}

describe('transpose', () => {
  const shapes: [number, number][] = [
    [256, 256],
    [64, 256],
    [256, 64],
    [64, 257],
    [128, 64],
    [320, 64],
    [48, 80],
    [5, 7],
    [1, 300],
  ];

  it('covers both the plain and the blocked path with these shapes', () => {
    expect(shapes.some(([r, c]) => transposeThrashes(r, c))).toBe(true);
    expect(shapes.some(([r, c]) => !transposeThrashes(r, c))).toBe(true);
  });

  for (const [rows, cols] of shapes)
    it(`is the exact transpose for ${rows} × ${cols}`, () => {
      const values = randomMatrix(new Rng(rows * 1000 + cols), rows, cols);
      const got = tidy(() => {
        const t = transpose(mat(values, rows, cols));
        expect(t.shape).toEqual([1, cols, rows]);
        return t.dataSync() as Float32Array;
      });
      const want = hostTranspose(values, rows, cols);
      expect(got.length).toBe(want.length);
      expect(got.findIndex((v, i) => v !== want[i])).toBe(-1);
    });
});

const mlp = (width: number, depth = 10, inputDim = 2, outputDim = 1): DenseSpec[] =>
  denseLayers(
    modelSpec(
      { model: 'mlp', depth, width, blockSize: 2, activation: 'relu', negativeSlope: 0.01 },
      inputDim,
      outputDim,
    ),
  );

describe('runsTransposed', () => {
  it('transposes a narrow batch through wide layers, where packing the weights would cost most', () => {
    expect(runsTransposed(64, mlp(256))).toBe(true);
    expect(runsTransposed(16, mlp(64))).toBe(true);
  });

  it('keeps the normal orientation when the batch is as wide as the layers or wider', () => {
    expect(runsTransposed(64, mlp(64))).toBe(false);
    expect(runsTransposed(512, mlp(256))).toBe(false);
    expect(runsTransposed(256, mlp(256))).toBe(false);
  });
});

function randomHost(spec: ModelSpec, rng: Rng): HostParams {
  const layers = denseLayers(spec);
  return {
    w: layers.map((l) => randomMatrix(rng, l.fanIn, l.fanOut, Math.sqrt(2 / l.fanIn))),
    b: layers.map((l) => randomMatrix(rng, 1, l.fanOut, 0.1)),
    shift: spec.blocks.map((branch) => branch.map(() => 0.1 * rng.normal())),
    scale: spec.blocks.map(() => 1 + 0.1 * rng.normal()),
    gamma: spec.norm ? layers.slice(0, -1).map((l) => randomMatrix(rng, 1, l.fanOut, 0.2).map((v) => 1 + v)) : [],
    beta: spec.norm ? layers.slice(0, -1).map((l) => randomMatrix(rng, 1, l.fanOut, 0.2)) : [],
  };
}

const HEAD = { task: 'multiclass', loss: 'cross_entropy', outputDim: 3 } as const;

function randomBatch(rng: Rng, rows: number, inputDim: number): Batch {
  const x = randomMatrix(rng, rows, inputDim);
  const y = new Float32Array(rows * HEAD.outputDim);
  for (let r = 0; r < rows; r++) y[r * HEAD.outputDim + rng.int(HEAD.outputDim)] = 1;
  return { x: mat(x, rows, inputDim), xT: mat(hostTranspose(x, rows, inputDim), inputDim, rows), y, rows };
}

/** Gradients of the mean loss on `batch`, with the forward pass in the given orientation, read back to the host. */
function gradients(m: Model, batch: Batch, transposed: boolean, scale = 1): Float32Array[] {
  return tidy(() => {
    const tape = forward(m, transposed ? batch.xT : batch.x, { transposed });
    const k = HEAD.outputDim;
    const logits = tape.logits.dataSync() as Float32Array;
    const d = new Float32Array(logits.length);
    lossAndGrad(HEAD, logits, batch.y, batch.rows, scale, d);
    const dLogits = { delta: mat(d, batch.rows, k), deltaT: mat(hostTranspose(d, batch.rows, k), k, batch.rows) };
    const g = backward(m, tape, dLogits, { input: batch.x, inputT: batch.xT });
    return flatGrads(g).map((t) => t.dataSync() as Float32Array);
  });
}

function flatGrads(g: Grads): Buf[] {
  return [...g.dw, ...g.db, ...g.dShift.flat(), ...g.dScale, ...g.dGamma, ...g.dBeta];
}

describe('normal and transposed passes', () => {
  const cases: [Activation, 'batch' | 'layer' | undefined][] = [
    ['relu', undefined],
    ['tanh', undefined],
    ['gelu', undefined],
    ['relu', 'batch'],
    ['tanh', 'layer'],
  ];
  for (const [act, norm] of cases)
    it(`give the same gradients up to float32 rounding (width 256, 64 rows, ${act}${norm ? `, norm=${norm}` : ''})`, () => {
      const rng = new Rng(11);
      const spec = modelSpec(
        { model: 'mlp', depth: 3, width: 256, blockSize: 2, activation: act, negativeSlope: 0.01, norm },
        5,
        3,
      );
      const m = uploadModel(spec, randomHost(spec, rng));
      const batch = randomBatch(rng, 64, 5);
      try {
        const normal = gradients(m, batch, false);
        const transposed = gradients(m, batch, true);
        const layers = spec.stem.length + 1;
        const largestWeightGrad = normal
          .slice(0, layers)
          .reduce((m, a) => a.reduce((w, v) => Math.max(w, Math.abs(v)), m), 0);
        normal.forEach((a, i) => {
          const b = transposed[i];
          const worst = a.reduce((w, v, j) => Math.max(w, Math.abs(v - b[j])), 0);
          // A batch norm cancels the bias before it: that gradient is 0 in exact arithmetic, rounding noise here.
          if (norm === 'batch' && i >= layers && i < 2 * layers - 1) {
            for (const v of [...a, ...b]) expect(Math.abs(v)).toBeLessThan(1e-5 * largestWeightGrad);
            return;
          }
          const largest = Math.max(...a.map(Math.abs));
          expect(largest).toBeGreaterThan(0);
          // Sums of up to 256 float32 products in another order: relative rounding well under 1e-5.
          expect(worst).toBeLessThan(1e-5 * largest);
        });
      } finally {
        m.consts.dispose();
        for (const t of [...paramList(m), batch.x, batch.xT]) t.dispose();
      }
    });
});

describe('a transposed pass', () => {
  // A wide head on a short batch runs transposed and has its [outputs, rows] product transposed; a narrow one on a
  // long batch runs normally on its transposed-back input. Both must hand over [rows, outputs] logits.
  for (const [rows, width, outputs] of [
    [4, 8, 10],
    [64, 32, 3],
  ])
    it(`gives the logits as [rows, outputs] (${rows} rows, width ${width}, ${outputs} outputs)`, () => {
      const rng = new Rng(rows);
      const spec = modelSpec(
        { model: 'mlp', depth: 2, width, blockSize: 2, activation: 'relu', negativeSlope: 0.01 },
        5,
        outputs,
      );
      const m = uploadModel(spec, randomHost(spec, rng));
      const x = randomMatrix(rng, rows, 5);
      try {
        const [normal, transposed] = [false, true].map((t) =>
          tidy(() => {
            const input = t ? mat(hostTranspose(x, rows, 5), 5, rows) : mat(x, rows, 5);
            const logits = forward(m, input, { transposed: t }).logits;
            expect(logits.shape).toEqual([1, rows, outputs]);
            return logits.dataSync() as Float32Array;
          }),
        );
        const largest = Math.max(...normal.map(Math.abs));
        expect(normal.reduce((w, v, j) => Math.max(w, Math.abs(v - transposed[j])), 0)).toBeLessThan(1e-5 * largest);
      } finally {
        m.consts.dispose();
        for (const t of paramList(m)) t.dispose();
      }
    });
});

describe('Trainer.step', () => {
  // Fixup's residual model has every kind of parameter (weights, biases, scalar biases, multipliers), and with norm
  // layers their scales and shifts too; Adam keeps per-parameter state, so a parameter updated with another's state
  // or gradient would show.
  for (const norm of [undefined, 'batch', 'layer'] as const) {
    const spec = modelSpec(
      { model: 'residual', depth: 2, width: 64, blockSize: 2, activation: 'tanh', negativeSlope: 0.01, norm },
      4,
      3,
      true,
    );
    for (const rows of [8, 96])
      it(`updates every parameter as one Adam step over all gradients would (${rows} rows${norm ? `, norm=${norm}` : ''})`, () => {
        const rng = new Rng(rows);
        const host = randomHost(spec, rng);
        const layers = denseLayers(spec);
        expect(runsTransposed(rows, layers)).toBe(rows === 8);
        const trainer = new Trainer(spec, host, HEAD, makeOptimizer('adam', 0.01));
        const reference = uploadModel(spec, host);
        const opt = makeOptimizer('adam', 0.01);
        const batches = [randomBatch(rng, rows, 4), randomBatch(rng, rows, 4)];
        try {
          for (const batch of batches) {
            expect(trainer.step(batch)).toBe(true);
            const grads = gradients(reference, batch, runsTransposed(rows, layers), opt.gradScale);
            const next = tidy(() =>
              stepAll(
                opt,
                paramList(reference),
                grads.map((g, i) => upload(g, paramList(reference)[i].shape)),
              ),
            );
            replaceParams(reference, next);
            expect(downloadModel(trainer.model)).toEqual(downloadModel(reference));
          }
        } finally {
          trainer.dispose();
          opt.dispose();
          reference.consts.dispose();
          for (const t of [...paramList(reference), ...batches.flatMap((b) => [b.x, b.xT])]) t.dispose();
        }
      });
  }
});

function replaceParams(m: Model, next: Buf[]): void {
  for (const t of paramList(m)) t.dispose();
  const n = m.layers.length;
  m.w = next.slice(0, n) as Model['w'];
  m.b = next.slice(n, 2 * n) as Model['b'];
  let k = 2 * n;
  m.shift = m.shift.map((row) => row.map(() => next[k++] as Buf));
  m.scale = m.scale.map(() => next[k++] as Buf);
  m.gamma = m.gamma.map(() => next[k++] as Buf);
  m.beta = m.beta.map(() => next[k++] as Buf);
}

describe('predictChecked', () => {
  const residual = modelSpec(
    { model: 'residual', depth: 2, width: 24, blockSize: 3, activation: 'gelu', negativeSlope: 0.01 },
    4,
    3,
    true,
  );
  const deep = modelSpec(
    { model: 'mlp', depth: 4, width: 24, blockSize: 2, activation: 'relu', negativeSlope: 0.01 },
    4,
    3,
  );

  for (const [name, spec] of [
    ['mlp', deep],
    ['residual with Fixup', residual],
  ] as const)
    for (const transposed of [false, true])
      it(`gives the tape's logits, frees what it made and flags nothing finite (${name}, ${transposed ? 'transposed' : 'normal'})`, () => {
        const rng = new Rng(7);
        const m = uploadModel(spec, randomHost(spec, rng));
        const batch = randomBatch(rng, 12, 4);
        const x = transposed ? batch.xT : batch.x;
        try {
          const want = tidy(() => forward(m, x, { transposed }).logits.dataSync());
          // The first call makes the model's cached zero columns; count from the second.
          tidy(() => predictChecked(m, x, transposed).logits);
          const before = liveArrays();
          const [logits, overflow] = tidy(() => {
            const r = predictChecked(m, x, transposed);
            return [r.logits, r.overflow];
          });
          expect(liveArrays()).toBe(before + 2);
          expect(logits.dataSync()).toEqual(want);
          expect(overflow.dataSync()[0]).toBe(0);
          dispose([logits, overflow]);
        } finally {
          m.consts.dispose();
          for (const t of [...paramList(m), batch.x, batch.xT]) t.dispose();
        }
      });

  it('flags an overflow that relu hides from the logits', () => {
    const rng = new Rng(8);
    const host = randomHost(deep, rng);
    // 1e30 · 1e30 overflows float32 to +∞ in the third layer; the fourth mixes signs (∞ − ∞ = NaN), and relu turns
    // those NaNs into zeros before the head.
    host.w[1].fill(1e30);
    host.w[2].fill(1e30);
    const m = uploadModel(deep, host);
    const batch = randomBatch(rng, 12, 4);
    try {
      tidy(() => {
        const { logits, overflow } = predictChecked(m, batch.x, false);
        expect(logits.dataSync().every(Number.isFinite)).toBe(true);
        expect(Number.isNaN(overflow.dataSync()[0])).toBe(true);
      });
    } finally {
      m.consts.dispose();
      for (const t of [...paramList(m), batch.x, batch.xT]) t.dispose();
    }
  });
});
