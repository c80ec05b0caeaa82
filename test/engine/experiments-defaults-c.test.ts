/**
 * Default settings, part 3: the normalisation and width-scaling reproductions. Their verdicts are asserted as the
 * engine measured them (neither claim holds at these settings, and the article says so); the other assertions hold
 * the numbers the article's prose draws on to their own runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExperimentResult, experimentDefinition } from '../../src/index.ts';
import { EXPERIMENT_TIMEOUT_MS, expectWellFormed, run, verdicts } from './experiments-shared.ts';

type Curve = { steps: number[]; trainLoss: (number | null)[]; divergedAtStep: number | null };
const lastLoss = (c: Curve) => (c.divergedAtStep === null ? (c.trainLoss.at(-1) as number) : Number.POSITIVE_INFINITY);

describe('ioffe2015 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('ioffe2015');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'ioffe2015'));

  it('does not hold: plain nets stall or diverge from every init, but batch norm does not reach ln(10)/2 in budget', () => {
    expect(verdicts(r)).toEqual({ 'without-norm': true, 'with-batch-norm': false });
    expect(r.verdict).toMatch(/Layer norm at the same settings \(reported, not part of the verdict\): N\(0, 0\.01²\)/);
  });

  it('series: a curve per norm and init; on that seed batch norm ends lower than no norm from every init', () => {
    const s = r.series as { training: Record<string, Record<string, Curve>> };
    expect(Object.keys(s.training)).toEqual(['none', 'batch', 'layer']);
    for (const byInit of Object.values(s.training)) {
      expect(Object.keys(byInit)).toEqual(['small', 'large', 'glorot']);
      for (const c of Object.values(byInit)) expect(c.trainLoss).toHaveLength(c.steps.length);
    }
    for (const init of ['small', 'large', 'glorot'])
      expect(lastLoss(s.training.batch[init])).toBeLessThan(lastLoss(s.training.none[init]));
  });

  it('runs differ only in init, std and norm', () => {
    const runs = experimentDefinition('ioffe2015').runs(r.setup) as unknown as Record<string, unknown>[];
    expect(runs).toHaveLength(9 * (r.setup.seedList as number[]).length);
    const strip = ({ inits: _i, std: _s, norm: _n, seed: _seed, ...rest }: Record<string, unknown>) => rest;
    for (const p of runs.slice(1, 9)) expect(strip(p)).toEqual(strip(runs[0]));
    expect(runs.slice(0, 9).map((p) => `${p.inits}/${p.std}/${p.norm ?? 'none'}`)).toEqual(
      ['none', 'batch', 'layer'].flatMap((n) => [
        `random_normal/0.01/${n}`,
        `random_normal/1/${n}`,
        `glorot_normal/0.01/${n}`,
      ]),
    );
  });
});

describe('yang2022 (defaults)', () => {
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await run('yang2022');
  }, EXPERIMENT_TIMEOUT_MS);

  it('is well formed', () => expectWellFormed(r, 'yang2022'));

  it('does not hold: the best rate stays put under μP, but it does not move under SP, and wider is not better', () => {
    expect(verdicts(r)).toEqual({ 'sp-moves': false, 'mup-stays': true, 'mup-improves': false });
  });

  it('series: one final loss per rate and width; each width’s best is the grid’s lowest loss', () => {
    const s = r.series as {
      log2LearningRates: number[];
      sweeps: Record<'sp' | 'mup', { width: number; finalTrainLoss: (number | null)[]; best: number | null }[]>;
    };
    expect(s.log2LearningRates).toEqual([-7, -6, -5, -4, -3, -2, -1, 0, 1]);
    for (const param of ['sp', 'mup'] as const) {
      expect(s.sweeps[param].map((w) => w.width)).toEqual([64, 128, 256, 512]);
      for (const w of s.sweeps[param]) {
        expect(w.finalTrainLoss).toHaveLength(s.log2LearningRates.length);
        const finite = w.finalTrainLoss.filter((v): v is number => v !== null);
        const at = w.finalTrainLoss.indexOf(Math.min(...finite));
        expect(w.best).toBe(s.log2LearningRates[at]);
      }
    }
  });

  it('at the base width μP is SP: the same losses at every rate', () => {
    const s = r.series as { sweeps: Record<'sp' | 'mup', { finalTrainLoss: (number | null)[] }[]> };
    expect(s.sweeps.mup[0].finalTrainLoss).toEqual(s.sweeps.sp[0].finalTrainLoss);
  });
});
