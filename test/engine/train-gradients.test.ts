/**
 * The hand-derived backward pass against central finite differences of an independent float64 reference, for every
 * activation, each loss, the MLP, the residual MLP, Fixup's extra scalars and the learnable branch multiplier of
 * SkipInit / ReZero.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { ACTIVATIONS, type Activation, type ModelKind, type ResidualScale } from '../../src/params/index.ts';
import { Rng } from '../../src/rng.ts';
import { type Buf, tidy } from '../../src/train/buffers.ts';
import { hostTranspose } from '../../src/train/data.ts';
import { forward } from '../../src/train/forward.ts';
import { mat } from '../../src/train/kernels.ts';
import { type LossHead, lossAndGrad } from '../../src/train/loss.ts';
import { denseLayers, disposeModel, type HostParams, modelSpec, uploadModel } from '../../src/train/model.ts';
import { backward } from '../../src/train/passes.ts';
import { type RefParams, refForward, refLoss, toRef } from './train-reference.ts';

type LossCase = 'binary' | 'multiclass' | 'mse';
const ROWS = 5;
const INPUT_DIM = 3;

beforeAll(async () => {
  await initBackend();
});

function heads(kind: LossCase): LossHead {
  if (kind === 'binary') return { task: 'binary', loss: 'cross_entropy', outputDim: 1 };
  if (kind === 'multiclass') return { task: 'multiclass', loss: 'cross_entropy', outputDim: 3 };
  return { task: 'regression', loss: 'mse', outputDim: 2 };
}

function targets(kind: LossCase, rng: Rng): number[][] {
  const k = heads(kind).outputDim;
  return Array.from({ length: ROWS }, () => {
    if (kind === 'binary') return [rng.int(2)];
    if (kind === 'multiclass') {
      const row = new Array(k).fill(0);
      row[rng.int(k)] = 1;
      return row;
    }
    return Array.from({ length: k }, () => rng.normal());
  });
}

interface Case {
  model: ModelKind;
  fixup: boolean;
  act: Activation;
  loss: LossCase;
  /** Run the forward pass transposed (activations [features, rows]). */
  transposed: boolean;
  /** Hidden layer sizes, instead of 2 × 4. */
  widths?: number[];
  residualScale?: Exclude<ResidualScale, 'none'>;
  norm?: 'batch' | 'layer';
}

/** Device gradients, flattened in the same order as `refParamsFlat`. */
function deviceGradient(c: Case, host: HostParams, x: number[][], y: number[][]): number[] {
  const head = heads(c.loss);
  const spec = modelSpec(archOf(c), INPUT_DIM, head.outputDim, c.fixup);
  const m = uploadModel(spec, host);
  try {
    return tidy(() => {
      const input = Float32Array.from(x.flat());
      const tape = c.transposed
        ? forward(m, mat(hostTranspose(input, ROWS, INPUT_DIM), INPUT_DIM, ROWS), { transposed: true })
        : forward(m, mat(input, ROWS, INPUT_DIM));
      const k = head.outputDim;
      const logits = tape.logits.dataSync() as Float32Array;
      const d = new Float32Array(logits.length);
      lossAndGrad(head, logits, Float32Array.from(y.flat()), ROWS, 1, d);
      const dLogits = { delta: mat(d, ROWS, k), deltaT: mat(hostTranspose(d, ROWS, k), k, ROWS) };
      // Handing over the input lets the first layer take ∂W as (δᵀ·x)ᵀ (it does here: 3 inputs, 4 units).
      const g = backward(m, tape, dLogits, c.transposed ? { input: mat(input, ROWS, INPUT_DIM) } : {});
      const read = (t: Buf) => Array.from(t.dataSync());
      return [
        ...g.dw.flatMap(read),
        ...g.db.flatMap(read),
        ...g.dShift.flat().flatMap(read),
        ...g.dScale.flatMap(read),
        ...g.dGamma.flatMap(read),
        ...g.dBeta.flatMap(read),
      ];
    });
  } finally {
    disposeModel(m);
  }
}

/** References to every scalar parameter, so finite differences can nudge them one at a time. */
function refParamsFlat(p: RefParams): [number[], number][] {
  const out: [number[], number][] = [];
  for (const group of [p.w, p.b, p.shift]) for (const a of group) for (let i = 0; i < a.length; i++) out.push([a, i]);
  for (let i = 0; i < p.scale.length; i++) out.push([p.scale, i]);
  for (const group of [p.gamma, p.beta]) for (const a of group) for (let i = 0; i < a.length; i++) out.push([a, i]);
  return out;
}

function archOf(c: Case) {
  const shape = c.widths ? { depth: c.widths.length, width: Math.max(...c.widths), widths: c.widths } : {};
  const arch = { model: c.model, depth: 2, width: 4, ...shape, blockSize: 2, activation: c.act, negativeSlope: 0.1 };
  return {
    ...arch,
    ...(c.residualScale ? { residualScale: c.residualScale } : {}),
    ...(c.norm ? { norm: c.norm } : {}),
  };
}

function randomHost(c: Case, rng: Rng): HostParams {
  const spec = modelSpec(archOf(c), INPUT_DIM, heads(c.loss).outputDim, c.fixup);
  const layers = denseLayers(spec);
  const draw = (n: number, s: number) => Float32Array.from({ length: n }, () => s * rng.normal());
  return {
    w: layers.map((l) => draw(l.fanIn * l.fanOut, 0.8)),
    b: layers.map((l) => draw(l.fanOut, 0.3)),
    shift: c.fixup ? spec.blocks.map((br) => Array.from(draw(br.length, 0.3))) : [],
    // Multipliers away from their init (1, or 0 for SkipInit and ReZero), so every branch weight has a gradient.
    scale: spec.branchMultiplier ? Array.from(draw(spec.blocks.length, 0.5)).map((v) => 1 + v) : [],
    // Scale and shift away from 1 and 0, so that a γ/β mix-up cannot cancel.
    gamma: spec.norm ? layers.slice(0, -1).map((l) => draw(l.fanOut, 0.3).map((v) => 1 + v)) : [],
    beta: spec.norm ? layers.slice(0, -1).map((l) => draw(l.fanOut, 0.3)) : [],
  };
}

function check(c: Case): void {
  const seed = ACTIVATIONS.indexOf(c.act) * 31 + c.loss.length + (c.fixup ? 7 : 0) + (c.residualScale ? 3 : 0);
  const rng = new Rng(seed + (c.norm === 'batch' ? 11 : c.norm === 'layer' ? 13 : 0));
  const host = randomHost(c, rng);
  const x = Array.from({ length: ROWS }, () => Array.from({ length: INPUT_DIM }, () => rng.normal()));
  const y = targets(c.loss, rng);
  const spec = modelSpec(archOf(c), INPUT_DIM, heads(c.loss).outputDim, c.fixup);
  if (c.widths)
    expect(spec.stem.map((l) => [l.fanIn, l.fanOut])).toEqual(
      c.widths.map((w, k) => [k ? c.widths![k - 1] : INPUT_DIM, w]),
    );
  const ref = toRef(host);
  const lossAt = () => refLoss(c.loss, refForward(spec, ref, x), y);
  const h = 1e-5;
  const numeric = refParamsFlat(ref).map(([a, i]) => {
    const v = a[i];
    a[i] = v + h;
    const up = lossAt();
    a[i] = v - h;
    const down = lossAt();
    a[i] = v;
    return (up - down) / (2 * h);
  });
  const analytic = deviceGradient(c, host, x, y);
  expect(analytic.length).toBe(numeric.length);
  // A float32 device pass against a float64 central difference (truncation error O(h²) ≈ 1e-10): float32 rounding
  // accumulates relative to the largest gradients of the net, so the tolerance scales with them.
  const scale = Math.max(1, ...numeric.map(Math.abs));
  for (let k = 0; k < numeric.length; k++)
    expect(Math.abs(analytic[k] - numeric[k])).toBeLessThan(1e-4 * scale + 1e-3 * Math.abs(numeric[k]));
}

for (const transposed of [false, true])
  describe(`hand-derived gradients match finite differences, ${transposed ? 'transposed' : 'normal'} forward`, () => {
    for (const act of ACTIVATIONS)
      for (const loss of ['binary', 'multiclass', 'mse'] as const) {
        it(`mlp ${act} ${loss}`, () => check({ model: 'mlp', fixup: false, act, loss, transposed }));
        it(`residual ${act} ${loss}`, () => check({ model: 'residual', fixup: false, act, loss, transposed }));
      }
    for (const act of ['relu', 'tanh'] as const)
      it(`residual with Fixup scalars, ${act}`, () =>
        check({ model: 'residual', fixup: true, act, loss: 'multiclass', transposed }));
    for (const norm of ['batch', 'layer'] as const) {
      for (const act of ACTIVATIONS)
        it(`mlp with norm=${norm}, ${act}`, () =>
          check({ model: 'mlp', fixup: false, act, loss: 'multiclass', transposed, norm }));
      for (const loss of ['binary', 'mse'] as const)
        it(`residual with norm=${norm}, relu ${loss}`, () =>
          check({ model: 'residual', fixup: false, act: 'relu', loss, transposed, norm }));
      it(`residual with norm=${norm} and skipinit, tanh`, () =>
        check({
          model: 'residual',
          fixup: false,
          act: 'tanh',
          loss: 'multiclass',
          transposed,
          norm,
          residualScale: 'skipinit',
        }));
      it(`mlp with norm=${norm} and widths 5-2-4, gelu`, () =>
        check({ model: 'mlp', fixup: false, act: 'gelu', loss: 'mse', transposed, norm, widths: [5, 2, 4] }));
    }
    for (const residualScale of ['skipinit', 'rezero', 'depth'] as const)
      for (const act of ['relu', 'tanh'] as const)
        it(`residual with residualScale=${residualScale}, ${act}`, () =>
          check({ model: 'residual', fixup: false, act, loss: 'multiclass', transposed, residualScale }));
    // Every layer a different size, so a transposed or mis-sized product cannot line up by accident.
    for (const act of ['relu', 'tanh'] as const)
      for (const loss of ['binary', 'mse'] as const)
        it(`mlp with widths 5-2-4, ${act} ${loss}`, () =>
          check({ model: 'mlp', fixup: false, act, loss, transposed, widths: [5, 2, 4] }));
  });

describe('loss head', () => {
  it('matches the textbook loss formulas', () => {
    const rng = new Rng(5);
    for (const kind of ['binary', 'multiclass', 'mse'] as const) {
      const head = heads(kind);
      const z = Array.from({ length: ROWS }, () => Array.from({ length: head.outputDim }, () => 2 * rng.normal()));
      const y = targets(kind, rng);
      const { loss } = lossAndGrad(head, Float32Array.from(z.flat()), Float32Array.from(y.flat()), ROWS, 1, null);
      expect(loss).toBeCloseTo(
        refLoss(
          kind,
          z.map((r) => r.map(Math.fround)),
          y.map((r) => r.map(Math.fround)),
        ),
        9,
      );
    }
  });

  it('counts accuracy by the decision rule and gives none for regression', () => {
    const bin = lossAndGrad(heads('binary'), Float32Array.of(2, -1, 0.5, -3), Float32Array.of(1, 1, 0, 0), 4, 1, null);
    expect(bin.accuracy).toBe(0.5);
    const multi = lossAndGrad(
      heads('multiclass'),
      Float32Array.of(0, 5, 1, 3, 0, 0),
      Float32Array.of(0, 1, 0, 0, 0, 1),
      2,
      1,
      null,
    );
    expect(multi.accuracy).toBe(0.5);
    expect(lossAndGrad(heads('mse'), Float32Array.of(1, 2), Float32Array.of(1, 2), 1, 1, null).accuracy).toBeNull();
  });
});
