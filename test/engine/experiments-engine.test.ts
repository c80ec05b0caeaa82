/**
 * The two engine options the experiments added: biases drawn from N(0, biasStd²) (mean-field σ_b, Schoenholz et al.)
 * and the per-layer std of the back-propagated gradient ∂loss/∂z (Glorot & Bengio, Fig. 7).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { normaliseTrialParams, type TrialParams } from '../../src/params/index.ts';
import { runTrial } from '../../src/train/index.ts';

function trial(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams({ dataset: 'gauss', steps: 0, checkpointEvery: 0, ...input });
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

beforeAll(async () => {
  await initBackend();
});

describe('biasStd', () => {
  it('draws N(0, biasStd²) biases: with zero weights a linear layer outputs just its bias', async () => {
    const width = 512;
    const sigma = 0.7;
    const r = await runTrial(trial({ init: 'zeros', activation: 'linear', depth: 1, width, biasStd: sigma }));
    const std = r.layers[0].atInit.actStd as number;
    // Each unit's output is its bias on every row, so the std over the batch is the std of `width` N(0, σ²) draws;
    // the sample std of n normals has standard error σ/√(2n).
    expect(Math.abs(std - sigma)).toBeLessThan((5 * sigma) / Math.sqrt(2 * width));
  });

  it('is 0 by default, leaving the initializer’s zero biases', async () => {
    const r = await runTrial(trial({ init: 'zeros', activation: 'linear', depth: 1, width: 64 }));
    expect(r.params.biasStd).toBe(0);
    expect(r.layers[0].atInit.actStd).toBe(0);
  });

  it('is rejected outside its range, naming the field', () => {
    const n = normaliseTrialParams({ biasStd: -1 });
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.errors[0].path).toBe('biasStd');
  });
});

describe('backGradStd', () => {
  it('scales with the output gradient exactly as backprop says in a deep linear net of scaled identities', async () => {
    // orthogonal init with gain g on square layers: every hidden Jacobian is g·Q, Q orthogonal, so the std of
    // ∂loss/∂z shrinks by exactly g per layer going down (Q preserves norms; the mean is 0 by symmetry up to noise).
    const g = 0.5;
    const r = await runTrial(
      trial({
        init: 'orthogonal',
        gain: g,
        activation: 'linear',
        depth: 4,
        width: 32,
        dataset: 'teacher',
        teacherDim: 32,
      }),
    );
    const stds = r.layers.map((l) => l.atInit.backGradStd as number);
    for (let i = 0; i + 1 < stds.length; i++) expect(stds[i] / stds[i + 1]).toBeCloseTo(g, 1);
  });

  it('is reported for every layer at init and at checkpoints', async () => {
    const r = await runTrial(trial({ init: 'he_normal', depth: 3, width: 16, steps: 20, checkpointEvery: 10 }));
    for (const l of r.layers) {
      expect(l.atInit.backGradStd).toBeGreaterThan(0);
      for (const c of l.checkpoints) expect(c.backGradStd).toBeGreaterThan(0);
    }
  });
});
