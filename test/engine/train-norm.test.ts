/**
 * Norm layers (`norm`): BatchNorm's running averages and their use in evaluation, LayerNorm's sameness in training
 * and evaluation, that normalisation rescues a badly scaled deep net, and the params rules around it. The gradients
 * themselves are checked against finite differences in train-gradients.test.ts and across orientations in
 * train-layout.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { makeDataset } from '../../src/data/index.ts';
import { normaliseTrialParams, type TrialParams } from '../../src/params/index.ts';
import { type Buf, dispose, tidy } from '../../src/train/buffers.ts';
import { BatchSampler, disposeBatch, disposeEval, prepareEval } from '../../src/train/data.ts';
import { forward, predict } from '../../src/train/forward.ts';
import { runTrial } from '../../src/train/index.ts';
import { initialParams } from '../../src/train/initialise.ts';
import { mat } from '../../src/train/kernels.ts';
import { modelSpec } from '../../src/train/model.ts';
import { BATCH_NORM_MOMENTUM, NORM_EPS } from '../../src/train/norm.ts';
import { makeOptimizer } from '../../src/train/optimizers.ts';
import { Trainer } from '../../src/train/trainer.ts';

function trial(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

async function trainerFor(p: TrialParams) {
  const data = await makeDataset(p);
  const spec = modelSpec(p, data.inputDim, data.outputDim);
  const head = { task: data.task, loss: p.loss, outputDim: data.outputDim };
  const host = initialParams(spec, p);
  const trainer = new Trainer(spec, host, head, makeOptimizer(p.optimizer, p.lr));
  return { data, spec, host, trainer };
}

const read = (t: Buf) => Array.from(t.dataSync());

beforeAll(async () => {
  await initBackend();
});

describe('batch norm', () => {
  const p = trial({ norm: 'batch', depth: 2, width: 8, batchSize: 32, dataset: 'gauss' });

  it('starts its running averages at 0 and 1 and moves them by 0.1 of each batch (unbiased variance)', async () => {
    const { data, host, trainer } = await trainerFor(p);
    const running = () => trainer.model.running.map((r) => ({ mean: read(r.mean), variance: read(r.variance) }));
    expect(running()[0]).toEqual({ mean: new Array(8).fill(0), variance: new Array(8).fill(1) });
    const batch = new BatchSampler(data, p.batchSize, p.seed).next();
    const x = batch.x.dataSync();
    expect(trainer.step(batch)).toBe(true);
    // Layer 0's pre-norm z = x·W + b on the batch, in float64 from the initial parameters.
    const [w, b, rows, dim] = [host.w[0], host.b[0], p.batchSize, data.inputDim];
    const after = running()[0];
    for (let j = 0; j < 8; j++) {
      const z = Array.from({ length: rows }, (_, r) => {
        let v = b[j];
        for (let i = 0; i < dim; i++) v += x[r * dim + i] * w[i * 8 + j];
        return v;
      });
      const mean = z.reduce((s, v) => s + v, 0) / rows;
      const unbiased = z.reduce((s, v) => s + (v - mean) ** 2, 0) / (rows - 1);
      expect(after.mean[j]).toBeCloseTo(BATCH_NORM_MOMENTUM * mean, 6);
      expect(after.variance[j]).toBeCloseTo(1 - BATCH_NORM_MOMENTUM + BATCH_NORM_MOMENTUM * unbiased, 6);
    }
    disposeBatch(batch);
    trainer.dispose();
  });

  it('evaluates on the running averages, and trains on the batch statistics', async () => {
    const { trainer } = await trainerFor(trial({ ...p, depth: 1 }));
    const m = trainer.model;
    // Known running averages for the one normalised layer: evaluation must read exactly these.
    const mean = Float32Array.from({ length: 8 }, (_, j) => 0.1 * j - 0.3);
    const variance = Float32Array.from({ length: 8 }, (_, j) => 0.5 + 0.25 * j);
    dispose([m.running[0].mean, m.running[0].variance]);
    m.running[0] = { mean: mat(mean, 8, 1), variance: mat(variance, 8, 1) };
    const xs = Float32Array.of(0.5, -1, 2, 0.25, -0.75, 1.5);
    const [w0, b0, w1, b1] = [m.w[0], m.b[0], m.w[1], m.b[1]].map((t) => t.dataSync());
    const expected = [0, 1, 2].map((r) => {
      let logit = b1[0];
      for (let j = 0; j < 8; j++) {
        const z = b0[j] + xs[2 * r] * w0[j] + xs[2 * r + 1] * w0[8 + j];
        const y = (z - mean[j]) / Math.sqrt(variance[j] + NORM_EPS);
        logit += Math.max(0, y) * w1[j];
      }
      return logit;
    });
    const [evaluated, trained] = tidy(() => {
      const x = mat(xs, 3, 2);
      return [read(predict(m, x)), read(forward(m, x).logits)];
    });
    evaluated.forEach((v, r) => {
      expect(v).toBeCloseTo(expected[r], 5);
    });
    expect(trained).not.toEqual(evaluated);
    // A statistics pass (forward without a training step) leaves the running averages alone.
    expect(read(m.running[0].mean)).toEqual(Array.from(mean));
    trainer.dispose();
  });
});

describe('layer norm', () => {
  it('normalises each example alone: evaluation equals training, row by row', async () => {
    const { trainer } = await trainerFor(trial({ norm: 'layer', depth: 3, width: 16 }));
    const m = trainer.model;
    expect(m.running).toEqual([]);
    const xs = Float32Array.of(0.5, -1, 2, 0.25, -0.75, 1.5);
    const [all, alone, trained] = tidy(() => [
      read(predict(m, mat(xs, 3, 2))),
      read(predict(m, mat(xs.slice(2, 4), 1, 2))),
      read(forward(m, mat(xs, 3, 2)).logits),
    ]);
    expect(trained).toEqual(all);
    expect(alone[0]).toBeCloseTo(all[1], 6);
    trainer.dispose();
  });
});

describe('statistics of norm layers', () => {
  it("report the std of the norm layer's input x·W + b and of its output, only where there is one", async () => {
    const p = trial({ init: 'random_normal', norm: 'batch', depth: 3, width: 16 });
    const { data, host, trainer } = await trainerFor(p);
    const e = prepareEval(data);
    const stats = trainer.layerStats(e, 8);
    // Layer 0's z on the statistics rows, in float64 from the initial parameters.
    const x = e.trainX.dataSync();
    const [w, b, rows, dim] = [host.w[0], host.b[0], e.trainRows, data.inputDim];
    const z: number[] = [];
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < 16; j++) {
        let v = b[j];
        for (let i = 0; i < dim; i++) v += x[r * dim + i] * w[i * 16 + j];
        z.push(v);
      }
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const std = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length);
    expect(stats[0].normInputStd!).toBeCloseTo(std, 6);
    // N(0, 0.01²) weights make z tiny; the norm layer brings it to unit scale (ε = 1e-5 takes a little off).
    expect(stats[0].normInputStd!).toBeLessThan(0.05);
    expect(stats[0].normOutputStd!).toBeGreaterThan(0.9);
    expect(stats[0].normOutputStd!).toBeLessThanOrEqual(1);
    expect(stats.slice(0, -1).every((s) => typeof s.normOutputStd === 'number')).toBe(true);
    expect('normInputStd' in stats[stats.length - 1]).toBe(false);
    disposeEval(e);
    trainer.dispose();
    const plain = await runTrial(trial({ depth: 2, width: 8, steps: 0 }));
    expect('normInputStd' in plain.layers[0].atInit).toBe(false);
  });
});

describe('normalisation in training', () => {
  // 20 ReLU layers of 32 from N(0, 0.01²): without normalisation the signal dies and the loss stays at ln 2.
  const base = { init: 'random_normal', depth: 20, width: 32, steps: 300 } as const;

  it('batch norm trains the net that stalls without it; the run is deterministic', async () => {
    const plain = await runTrial(trial(base));
    const batch = await runTrial(trial({ ...base, norm: 'batch' }));
    expect(Math.abs(plain.final.trainLoss! - Math.log(2))).toBeLessThan(0.01);
    expect(batch.final.trainLoss!).toBeLessThan(Math.log(2) - 0.1);
    const again = await runTrial(trial({ ...base, norm: 'batch' }));
    expect(JSON.stringify({ ...again, timing: null })).toBe(JSON.stringify({ ...batch, timing: null }));
  });
});

describe('norm params', () => {
  it('norm=batch with batchSize 1 names both fields', () => {
    const n = normaliseTrialParams({ norm: 'batch', batchSize: 1 });
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.errors.map((e) => e.path)).toEqual(['batchSize', 'norm']);
    expect(normaliseTrialParams({ norm: 'layer', batchSize: 1 }).ok).toBe(true);
  });

  it('refuses rezero beside a norm layer, which ReZero removes', () => {
    const n = normaliseTrialParams({ model: 'residual', norm: 'layer', residualScale: 'rezero' });
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.errors).toEqual([{ path: 'residualScale', message: expect.stringMatching(/ReZero removes/) }]);
    expect(normaliseTrialParams({ model: 'residual', norm: 'layer', residualScale: 'skipinit' }).ok).toBe(true);
  });

  it('none is the default and is left out of canonical params', () => {
    expect(JSON.stringify(trial({ norm: 'none' }))).toBe(JSON.stringify(trial({})));
    expect(trial({ norm: 'batch' }).norm).toBe('batch');
  });
});
