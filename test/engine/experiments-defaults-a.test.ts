/**
 * Default settings (the runs the article quotes), part 1 of 2 (two files so the two test workers share the load):
 * each experiment's verdict, check by check, and the shapes of the series the site plots.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../src/index.ts';
import { EXPERIMENT_TIMEOUT_MS, expectWellFormed, run, verdicts } from './experiments-shared.ts';

describe('schoenholz2017 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('schoenholz2017');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'schoenholz2017'));

  it('does not hold: far from criticality deep nets fail, but in 200 steps trainability does not follow 6 ξ_c', () => {
    expect(verdicts(r)).toEqual({ 'six-xi': false, 'near-critical': false, 'far-fails': true });
    expect(r.verdict).toMatch(/6ξ_c/);
  });

  it('series: an 8 × 4 grid of trainability next to the theory’s 6 ξ_c per σ_w²', () => {
    const s = r.series as {
      sigmaW2: number[];
      depths: number[];
      trainable: boolean[][];
      predicted: boolean[][];
      xiC: (number | null)[];
      criticalSigmaW2: number;
    };
    expect(s.trainable).toHaveLength(s.sigmaW2.length);
    for (const row of [...s.trainable, ...s.predicted]) expect(row).toHaveLength(s.depths.length);
    expect(s.xiC).toHaveLength(s.sigmaW2.length);
    expect(s.criticalSigmaW2).toBeGreaterThan(s.sigmaW2[0]);
    expect(s.criticalSigmaW2).toBeLessThan(s.sigmaW2[s.sigmaW2.length - 1]);
  });
});

describe('glorot2010 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('glorot2010');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'glorot2010'));

  it('does not hold: the standard init shrinks, but Glorot is not flat within 1.5× and sigmoid does not saturate', () => {
    expect(verdicts(r)).toEqual({ 'standard-shrinks': true, 'glorot-flat': false, 'sigmoid-saturates': false });
    expect(r.holds).toBe(false);
    expect(r.verdict).toMatch(/edge of chaos/);
  });

  it('series: per-layer std for both inits, and sigmoid mean curves per hidden layer', () => {
    const s = r.series as {
      layers: number[];
      tanh: Record<string, { actStd: number[]; backGradStd: number[] }>;
      sigmoidTraining: { steps: number[]; layers: { actMean: number[] }[] };
    };
    expect(s.layers).toEqual([1, 2, 3, 4, 5]);
    for (const init of ['standard', 'glorot']) {
      expect(s.tanh[init].actStd).toHaveLength(5);
      expect(s.tanh[init].backGradStd).toHaveLength(5);
    }
    expect(s.sigmoidTraining.layers).toHaveLength(5);
    for (const l of s.sigmoidTraining.layers) expect(l.actMean).toHaveLength(s.sigmoidTraining.steps.length);
  });
});

describe('he2015 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('he2015');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'he2015'));

  it('does not hold: at 30 layers √(1/n) stalls and He converges, but at 22 √(1/n) mostly does not converge in budget', () => {
    expect(verdicts(r)).toEqual({ 'deep-30': true, 'depth-22': false });
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
