/**
 * Residual branch scaling (`residualScale`): what each scheme does to the initial parameters, that SkipInit's and
 * ReZero's zero multipliers make every block the identity at init and still learn, and the params rules around it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { makeDataset } from '../../src/data/index.ts';
import {
  normaliseCompareParams,
  normaliseTrialParams,
  RESIDUAL_SCALES,
  type TrialParams,
} from '../../src/params/index.ts';
import { tidy } from '../../src/train/buffers.ts';
import { BatchSampler, disposeBatch, disposeEval, prepareEval } from '../../src/train/data.ts';
import { predict } from '../../src/train/forward.ts';
import { runTrial } from '../../src/train/index.ts';
import { initialParams } from '../../src/train/initialise.ts';
import { disposeModel, downloadModel, type HostParams, modelSpec, uploadModel } from '../../src/train/model.ts';
import { makeOptimizer } from '../../src/train/optimizers.ts';
import { hasBranchMultiplier, RESIDUAL_SCALINGS } from '../../src/train/residual-scale.ts';
import { Trainer } from '../../src/train/trainer.ts';

function trial(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

const BASE = { model: 'residual', depth: 4, width: 16, blockSize: 2, dataset: 'circles' } as const;

async function initialOf(p: TrialParams) {
  const data = await makeDataset(p);
  const spec = modelSpec(p, data.inputDim, data.outputDim);
  return { data, spec, host: initialParams(spec, p) };
}

/** Logits of the evaluation inputs for given parameters. */
async function logitsOf(p: TrialParams, host: HostParams): Promise<Float32Array> {
  const data = await makeDataset(p);
  const spec = modelSpec(p, data.inputDim, data.outputDim);
  const m = uploadModel(spec, host);
  const e = prepareEval(data);
  const out = tidy(() => predict(m, e.x).dataSync() as Float32Array);
  disposeModel(m);
  disposeEval(e);
  return out;
}

beforeAll(async () => {
  await initBackend();
});

describe('residualScale at init', () => {
  it('depth: each branch output layer is the plain draw ×1/√(2·blocks), every other parameter as drawn', async () => {
    const plain = await initialOf(trial(BASE));
    const scaled = await initialOf(trial({ ...BASE, residualScale: 'depth' }));
    const factor = 1 / Math.sqrt(2 * BASE.depth);
    const stem = plain.spec.stem.length;
    const ends = new Set(plain.spec.blocks.map((b, k) => stem + (k + 1) * b.length - 1));
    expect(ends.size).toBe(BASE.depth);
    plain.host.w.forEach((w, i) => {
      const expected = ends.has(i) ? w.map((v) => Math.fround(v * factor)) : w;
      expect(Array.from(scaled.host.w[i])).toEqual(Array.from(expected));
    });
    expect(scaled.host.b).toEqual(plain.host.b);
    expect(scaled.host.scale).toEqual([]);
  });

  for (const residualScale of ['skipinit', 'rezero'] as const)
    it(`${residualScale}: one multiplier per block at 0, so every block is the identity at init`, async () => {
      const p = trial({ ...BASE, residualScale });
      const { host } = await initialOf(p);
      expect(host.scale).toEqual(new Array(BASE.depth).fill(0));
      expect(host.shift).toEqual([]);
      // The same draws with each branch's output layer zeroed give F(h) = 0 in a plain residual model: h + 0.
      const plainP = trial(BASE);
      const { spec, host: zeroed } = await initialOf(plainP);
      const stem = spec.stem.length;
      spec.blocks.forEach((b, k) => {
        const end = stem + (k + 1) * b.length - 1;
        zeroed.w[end].fill(0);
        zeroed.b[end].fill(0);
      });
      expect(Array.from(await logitsOf(p, host))).toEqual(Array.from(await logitsOf(plainP, zeroed)));
    });
});

describe('residualScale in training', () => {
  it('skipinit: a step moves every multiplier off 0 (its gradient is Σ δ·F(h), not 0)', async () => {
    const p = trial({ ...BASE, residualScale: 'skipinit' });
    const data = await makeDataset(p);
    const spec = modelSpec(p, data.inputDim, data.outputDim);
    const head = { task: data.task, loss: p.loss, outputDim: data.outputDim };
    const trainer = new Trainer(spec, initialParams(spec, p), head, makeOptimizer(p.optimizer, p.lr));
    const batch = new BatchSampler(data, p.batchSize, p.seed).next();
    expect(trainer.step(batch)).toBe(true);
    const after = downloadModel(trainer.model).scale;
    expect(after).toHaveLength(BASE.depth);
    for (const s of after) expect(s).not.toBe(0);
    disposeBatch(batch);
    trainer.dispose();
  });

  it('skipinit: the deep net trains from identity blocks, deterministically', async () => {
    const p = trial({ ...BASE, depth: 12, residualScale: 'skipinit', steps: 150, lr: 0.05 });
    const a = await runTrial(p);
    expect(a.diverged).toBe(false);
    expect(a.final.trainLoss!).toBeLessThan(0.8 * a.trainLoss[0]!);
    const b = await runTrial(p);
    expect(JSON.stringify({ ...b, timing: null })).toBe(JSON.stringify({ ...a, timing: null }));
  });

  it('rezero and skipinit are the same model without normalisation layers; depth differs from none', async () => {
    const run = (residualScale?: string) =>
      runTrial(trial({ ...BASE, steps: 40, ...(residualScale ? { residualScale } : {}) }));
    const [skip, rezero, depth, none] = await Promise.all([run('skipinit'), run('rezero'), run('depth'), run()]);
    expect(rezero.trainLoss).toEqual(skip.trainLoss);
    expect(depth.trainLoss).not.toEqual(none.trainLoss);
    expect(skip.trainLoss).not.toEqual(none.trainLoss);
  });
});

describe('residualScale params', () => {
  it('needs model=residual, naming residualScale', () => {
    const n = normaliseTrialParams({ residualScale: 'depth' });
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.errors).toEqual([{ path: 'residualScale', message: expect.stringMatching(/model=residual/) }]);
  });

  it('refuses a second branch scaling on top of fixup, in a trial and in a compare', () => {
    const t = normaliseTrialParams({ ...BASE, init: 'fixup', residualScale: 'skipinit' });
    const c = normaliseCompareParams({ ...BASE, inits: ['he_normal', 'fixup'], residualScale: 'rezero' });
    for (const n of [t, c]) {
      expect(n.ok).toBe(false);
      if (!n.ok) expect(n.errors[0]).toMatchObject({ path: 'residualScale', message: expect.stringMatching(/fixup/) });
    }
  });

  it('rejects an unknown scheme with the allowed values', () => {
    const n = normaliseTrialParams({ ...BASE, residualScale: 'gpt2' }, true);
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.errors[0].message).toBe('residualScale must be one of none, depth, skipinit, rezero');
  });

  it('none is the default and is left out of canonical params, so earlier params keep their bytes', () => {
    const without = trial(BASE);
    expect(JSON.stringify(trial({ ...BASE, residualScale: 'none' }))).toBe(JSON.stringify(without));
    expect('residualScale' in without).toBe(false);
    expect(JSON.stringify(trial({ model: 'mlp', residualScale: 'none' }))).toBe(JSON.stringify(trial({})));
    expect(trial({ ...BASE, residualScale: 'depth' }).residualScale).toBe('depth');
  });
});

describe('the residual scaling catalog', () => {
  it('has an entry per id, a formula and a paper for each scheme, and a multiplier exactly where one is learned', () => {
    for (const id of RESIDUAL_SCALES) {
      const s = RESIDUAL_SCALINGS[id];
      expect(s.id).toBe(id);
      expect(s.formula.length).toBeGreaterThan(0);
      if (id !== 'none') expect(s.reference?.url).toMatch(/^https:\/\//);
      expect(hasBranchMultiplier(id)).toBe(id === 'skipinit' || id === 'rezero');
    }
  });
});
