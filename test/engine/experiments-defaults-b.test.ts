/**
 * Default settings (the runs the article quotes), part 2 of 2: each experiment's verdict, check by check, and the
 * shapes of the series the site plots.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExperimentResult, experimentDefinition } from '../../src/index.ts';
import { EXPERIMENT_TIMEOUT_MS, expectWellFormed, run, verdicts } from './experiments-shared.ts';

describe('fixup2019 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('fixup2019');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'fixup2019'));

  it('holds: He output variance grows with depth and He fails to train where Fixup trains', () => {
    expect(verdicts(r)).toEqual({ 'output-variance': true, training: true });
  });

  it('series: output std per depth for both inits, and both training curves', () => {
    const s = r.series as {
      outputStdByDepth: { depths: number[]; he: number[]; fixup: number[] };
      training: Record<string, { steps: number[]; trainLoss: unknown[] }>;
    };
    expect(s.outputStdByDepth.he).toHaveLength(s.outputStdByDepth.depths.length);
    expect(s.outputStdByDepth.fixup).toHaveLength(s.outputStdByDepth.depths.length);
    for (const init of ['he', 'fixup']) expect(s.training[init].trainLoss).toHaveLength(s.training[init].steps.length);
  });
});

describe('de2020 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('de2020');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'de2020'));

  it('holds: without normalisation plain He branches fail and SkipInit trains; with batch norm both train', () => {
    expect(verdicts(r)).toEqual({ 'without-norm': true, 'with-batch-norm': true });
  });

  it('series: one training curve per variant, and the runs differ only in norm and residualScale', () => {
    const s = r.series as { training: Record<string, { steps: number[]; trainLoss: unknown[] }> };
    expect(Object.keys(s.training)).toEqual(['plain', 'skipinit', 'plainBatchNorm', 'skipinitBatchNorm']);
    for (const c of Object.values(s.training)) expect(c.trainLoss).toHaveLength(c.steps.length);
    const runs = experimentDefinition('de2020').runs(r.setup) as unknown as Record<string, unknown>[];
    expect(runs).toHaveLength(4 * (r.setup.seedList as number[]).length);
    const { norm: _n, residualScale: _r, ...shared } = runs[3];
    const { seed: _s, ...plain } = runs[0];
    expect({ ...shared, seed: undefined }).toEqual({ ...plain, seed: undefined });
    expect([runs[1].residualScale, runs[2].norm, runs[3].norm]).toEqual(['skipinit', 'batch', 'batch']);
  });
});

describe('saxe2013 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('saxe2013');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'saxe2013'));

  it('holds: time to criterion flat with depth for orthogonal, growing for scaled Gaussian', () => {
    expect(verdicts(r)).toEqual({ 'orthogonal-flat': true, 'gaussian-grows': true });
  });

  it('series: steps to criterion and best learning rate per depth, per seed and init', () => {
    const s = r.series as {
      depths: number[];
      stepsToCriterion: { orthogonal: unknown[]; gaussian: unknown[]; bestLr: Record<string, unknown[]> }[];
    };
    expect(s.stepsToCriterion).toHaveLength(3);
    for (const seed of s.stepsToCriterion)
      for (const v of [seed.orthogonal, seed.gaussian, seed.bestLr.orthogonal, seed.bestLr.gaussian])
        expect(v).toHaveLength(s.depths.length);
  });
});

describe('lsuv2015 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('lsuv2015');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'lsuv2015'));

  it('holds: unit variance after LSUV, and training at least about as fast as the better of He and Glorot', () => {
    expect(verdicts(r)).toEqual({ 'unit-variance': true, 'as-fast': true });
  });

  it('series: one variance per dense layer (20 hidden + output) and a loss curve per init', () => {
    const s = r.series as {
      lsuvVariances: number[];
      training: Record<string, { steps: number[]; trainLoss: unknown[] }>;
    };
    expect(s.lsuvVariances).toHaveLength(21);
    expect(Object.keys(s.training).sort()).toEqual(['glorot_normal', 'he_normal', 'lsuv']);
  });
});

describe('he2015 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('he2015');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'he2015'));

  it('holds: at 30 layers √(1/n) stalls and He converges; at 22 both converge and He first', () => {
    expect(verdicts(r)).toEqual({ 'deep-30': true, 'depth-22': true });
    expect(r.holds).toBe(true);
  });

  it('lists the runs it was assembled from: one per init, seed and depth', () => {
    const { depths, seedList } = r.setup as { depths: number[]; seedList: number[] };
    expect(r.setup.runs).toHaveLength(2 * depths.length * seedList.length);
  });

  it('series: one pair of loss curves per seed and depth, each with its own steps (a diverged run stops early)', () => {
    type Curve = { steps: number[]; trainLoss: unknown[]; divergedAtStep: number | null };
    const s = r.series as Record<string, Record<'xavier' | 'he', Curve>[]>;
    for (const depth of ['depth30', 'depth22']) {
      expect(s[depth]).toHaveLength(3);
      for (const pair of s[depth])
        for (const c of [pair.xavier, pair.he]) {
          expect(c.trainLoss).toHaveLength(c.steps.length);
          if (c.divergedAtStep !== null) expect(c.steps[c.steps.length - 1]).toBe(c.divergedAtStep);
        }
    }
  });
});
