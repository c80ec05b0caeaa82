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

  it('holds: trainability follows depth ≤ 6 ξ_c, near-critical nets train at every depth, far ones fail deep', () => {
    expect(verdicts(r)).toEqual({ 'six-xi': true, 'near-critical': true, 'far-fails': true });
    expect(r.holds).toBe(true);
  });

  it('lists the 32 compares it was assembled from, one per grid cell', () => {
    const s = r.series as { sigmaW2: number[]; depths: number[] };
    expect(r.setup.runs).toHaveLength(s.sigmaW2.length * s.depths.length);
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

  it('does not hold: the standard init shrinks and sigmoid saturates early, but Glorot is not flat within 1.5×', () => {
    expect(verdicts(r)).toEqual({ 'standard-shrinks': true, 'glorot-flat': false, 'sigmoid-saturates': true });
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
