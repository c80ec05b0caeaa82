import { describe, expect, it } from 'vitest';
import { describeDataset, makeDataset } from '../../src/data/index.ts';
import { teacherMap } from '../../src/data/teacher.ts';
import { Rng } from '../../src/rng.ts';
import { expectStandardised, paramsOf } from './data-helpers.ts';

/** Least-squares B minimising ‖Y − X B‖ (normal equations, Gauss–Jordan with partial pivoting). */
function leastSquares(x: Float32Array, y: Float32Array, n: number, d: number, k: number): Float64Array {
  const a = Array.from({ length: d }, () => new Float64Array(d + k));
  for (let r = 0; r < n; r++)
    for (let i = 0; i < d; i++) {
      const xi = x[r * d + i];
      for (let j = 0; j < d; j++) a[i][j] += xi * x[r * d + j];
      for (let j = 0; j < k; j++) a[i][d + j] += xi * y[r * k + j];
    }
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let j = c; j < d + k; j++) a[r][j] -= f * a[c][j];
    }
  }
  const b = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) b[i * k + j] = a[i][d + j] / a[i][i];
  return b;
}

/** ‖Y − X B‖² / ‖Y‖². */
function relativeResidual(x: Float32Array, y: Float32Array, b: Float64Array, n: number, d: number): number {
  let res = 0;
  let tot = 0;
  for (let r = 0; r < n; r++)
    for (let j = 0; j < d; j++) {
      let pred = 0;
      for (let i = 0; i < d; i++) pred += x[r * d + i] * b[i * d + j];
      res += (y[r * d + j] - pred) ** 2;
      tot += y[r * d + j] ** 2;
    }
  return res / tot;
}

describe('teacher', () => {
  const base = { dataset: 'teacher', teacherDim: 12, teacherDepth: 3, trainSize: 2000, testSize: 400, seed: 11 };

  it('is a regression with the requested shapes', async () => {
    const ds = await makeDataset(paramsOf(base));
    expect(ds).toMatchObject({ task: 'regression', inputDim: 12, outputDim: 12, classes: null, nTrain: 2000 });
    expect([ds.xTrain.length, ds.yTrain.length, ds.xTest.length, ds.yTest.length]).toEqual([24000, 24000, 4800, 4800]);
    expect([ds.labelsTrain, ds.labelsTest, ds.raw2d]).toEqual([null, null, undefined]);
    const info = describeDataset(paramsOf(base));
    expect([info.task, info.inputDim, info.outputDim]).toEqual(['regression', 12, 12]);
  });

  it('targets are one exact linear function of the inputs, shared by train and test', async () => {
    const ds = await makeDataset(paramsOf(base));
    const b = leastSquares(ds.xTrain, ds.yTrain, ds.nTrain, 12, 12);
    // float32 storage bounds what "exact" can mean: ~1e-7 relative per entry, squared.
    expect(relativeResidual(ds.xTrain, ds.yTrain, b, ds.nTrain, 12)).toBeLessThan(1e-10);
    expect(relativeResidual(ds.xTest, ds.yTest, b, ds.nTest, 12)).toBeLessThan(1e-10);
  });

  it('targets have unit variance overall, within five standard errors', async () => {
    const ds = await makeDataset(paramsOf({ ...base, trainSize: 4096 }));
    const d = 12;
    const perExample = Array.from({ length: ds.nTrain }, (_, r) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += ds.yTrain[r * d + j] ** 2;
      return s / d;
    });
    const mean = perExample.reduce((s, v) => s + v, 0) / ds.nTrain;
    const sd = Math.sqrt(perExample.reduce((s, v) => s + (v - mean) ** 2, 0) / (ds.nTrain - 1));
    expect(Math.abs(mean - 1)).toBeLessThan((5 * sd) / Math.sqrt(ds.nTrain));
  });

  it('inputs are standardised with the training statistics', async () => {
    const ds = await makeDataset(paramsOf(base));
    expectStandardised(ds.xTrain, ds.nTrain, 12);
  });

  it('the map has squared Frobenius norm d at every depth (E‖Tx‖²/d = 1)', () => {
    for (const depth of [1, 2, 5, 8]) {
      const d = 9;
      const t = teacherMap(new Rng(depth), d, depth);
      expect(t.reduce((s, v) => s + v * v, 0)).toBeCloseTo(d, 9);
    }
  });

  it('deeper teachers are more anisotropic (their Gram matrix spreads further from the identity)', () => {
    // ‖TᵀT‖_F² / d measures the spread of squared singular values (1 for an orthogonal map); averaged over seeds.
    const spread = (depth: number) => {
      let total = 0;
      for (let seed = 0; seed < 20; seed++) {
        const d = 10;
        const t = teacherMap(new Rng(seed), d, depth);
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++) {
            let g = 0;
            for (let k = 0; k < d; k++) g += t[k * d + i] * t[k * d + j];
            total += (g * g) / d;
          }
      }
      return total / 20;
    };
    expect(spread(4)).toBeGreaterThan(spread(1));
    expect(spread(1)).toBeGreaterThan(1);
  });

  it('is deterministic in the seed', async () => {
    const a = await makeDataset(paramsOf(base));
    const b = await makeDataset(paramsOf(base));
    const c = await makeDataset(paramsOf({ ...base, seed: 12 }));
    expect(b.yTrain).toEqual(a.yTrain);
    expect(b.xTest).toEqual(a.xTest);
    expect(c.yTrain).not.toEqual(a.yTrain);
  });
});
