/**
 * §5 and the FAQ's answers on normalisation, residual scaling and width, held to the baked runs: every comparison
 * the prose makes between quoted numbers must stay true when the numbers move.
 * Thresholds are the decision rules' own (ln 10 is chance on MNIST's ten classes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from './harness.ts';

const CHANCE = Math.log(10);

let bakedValue: (path: string) => unknown;
const num = (path: string): number => {
  const v = bakedValue(path);
  if (typeof v !== 'number') throw new Error(`${path} is not a baked number (${String(v)})`);
  return v;
};
beforeAll(async () => {
  buildSite();
  ({ bakedValue } = await import('../../site/src/lib/baked.ts'));
}, 900_000);

type Item = { label: string; value: number | null };
const items = (name: string, check: number) =>
  bakedValue(`experiments.${name}.checks.${check}.evidence`) as { seed: number; items: Item[] }[];

describe('§5.1: normalisation (ioffe2015)', () => {
  it('quotes seed 1 of the evidence as the series’ seed, and the last logged loss as the final one', () => {
    expect(items('ioffe2015', 1)[0].seed).toBe(num('experiments.ioffe2015.series.seed'));
    const curve = bakedValue('experiments.ioffe2015.series.training.layer.small') as { trainLoss: number[] };
    expect(curve.trainLoss).toHaveLength(31);
  });

  it('with batch norm all three learn (below chance) but Glorot ends lowest and N(0, 1) highest on every seed', () => {
    for (const { items: row } of items('ioffe2015', 1)) {
      const [small, large, glorot] = [1, 3, 5].map((i) => row[i].value as number);
      for (const v of [small, large, glorot]) expect(v).toBeLessThan(0.9 * CHANCE);
      expect(glorot).toBeLessThan(Math.min(small, large));
      expect(large).toBeGreaterThan(Math.max(small, glorot));
    }
  });

  it('without normalisation N(0, 1) diverges, and layer norm stays at the no-learning level on the quoted seed', () => {
    expect(num('experiments.ioffe2015.series.training.none.large.divergedAtStep')).toBeGreaterThanOrEqual(0);
    for (const init of ['small', 'glorot'])
      expect(num(`experiments.ioffe2015.series.training.layer.${init}.trainLoss.30`)).toBeGreaterThanOrEqual(
        0.9 * CHANCE,
      );
  });
});

describe('§5.3: width (yang2022)', () => {
  it('the quoted losses are at each width’s best rate (2^0, index 7 of the grid), and far below chance', () => {
    expect((bakedValue('experiments.yang2022.series.log2LearningRates') as number[])[7]).toBe(0);
    for (const w of [0, 3]) {
      expect(num(`experiments.yang2022.series.sweeps.mup.${w}.best`)).toBe(0);
      expect(num(`experiments.yang2022.series.sweeps.mup.${w}.finalTrainLoss.7`)).toBeLessThan(0.01 * CHANCE);
    }
  });

  it('the best rate is 2^0 in every sweep but one (the verdict lists each seed’s optimum per width)', () => {
    const verdict = bakedValue('experiments.yang2022.verdict') as string;
    const optima = [...verdict.matchAll(/\d+: 2\^(-?\d+) \(loss/g)].map((m) => Number(m[1]));
    expect(optima).toHaveLength(3 * 2 * 4);
    expect(optima.filter((k) => k !== 0)).toHaveLength(1);
  });
});
