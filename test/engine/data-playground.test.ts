import { describe, expect, it } from 'vitest';
import { type Dataset, describeDataset, evalSubset, makeDataset } from '../../src/data/index.ts';
import { CIRCLE_RADIUS } from '../../src/data/playground.ts';
import { expectStandardised, fiveSe, paramsOf } from './data-helpers.ts';

const SETS = ['spiral', 'circles', 'xor', 'gauss'] as const;

function rawPoint(ds: Dataset, split: 'train' | 'test', i: number): [number, number] {
  const xy = ds.raw2d![split];
  return [xy[2 * i], xy[2 * i + 1]];
}

/** Fraction of examples whose label disagrees with `rule` at its raw (un-jittered) position. */
function wrongSideFraction(ds: Dataset, rule: (x: number, y: number) => number): number {
  let wrong = 0;
  for (let i = 0; i < ds.nTrain; i++) if (rule(...rawPoint(ds, 'train', i)) !== ds.labelsTrain![i]) wrong++;
  return wrong / ds.nTrain;
}

/** Fraction of examples whose nearest other example (raw space) has a different label. */
function nearestNeighbourDisagreement(ds: Dataset): number {
  let disagree = 0;
  for (let i = 0; i < ds.nTrain; i++) {
    const [x, y] = rawPoint(ds, 'train', i);
    let best = Infinity;
    let bestLabel = -1;
    for (let j = 0; j < ds.nTrain; j++) {
      if (j === i) continue;
      const [u, v] = rawPoint(ds, 'train', j);
      const d = (u - x) ** 2 + (v - y) ** 2;
      if (d < best) [best, bestLabel] = [d, ds.labelsTrain![j]];
    }
    if (bestLabel !== ds.labelsTrain![i]) disagree++;
  }
  return disagree / ds.nTrain;
}

const RULES = {
  xor: (x: number, y: number) => (x * y >= 0 ? 1 : 0),
  circles: (x: number, y: number) => (Math.hypot(x, y) < CIRCLE_RADIUS / 2 ? 1 : 0),
  gauss: (x: number, y: number) => (x + y > 0 ? 1 : 0),
};

describe.each(SETS)('%s', (dataset) => {
  const base = { dataset, trainSize: 300, testSize: 200, seed: 7 };

  it('has the requested shapes and a binary 0/1 target equal to the label', async () => {
    const ds = await makeDataset(paramsOf(base));
    expect(ds).toMatchObject({ id: dataset, task: 'binary', inputDim: 2, outputDim: 1, classes: 2 });
    expect([ds.nTrain, ds.nTest]).toEqual([300, 200]);
    expect([ds.xTrain.length, ds.yTrain.length, ds.xTest.length, ds.yTest.length]).toEqual([600, 300, 400, 200]);
    expect([ds.raw2d!.train.length, ds.raw2d!.test.length]).toEqual([600, 400]);
    expect(Array.from(ds.yTrain)).toEqual(Array.from(ds.labelsTrain!));
    expect(Array.from(ds.yTest)).toEqual(Array.from(ds.labelsTest!));
    expect(ds.labelsTrain!.every((l) => l === 0 || l === 1)).toBe(true);
    expect(describeDataset(paramsOf(base))).toMatchObject({ task: 'binary', inputDim: 2, nTrain: 300, nTest: 200 });
  });

  it('is a deterministic function of the seed', async () => {
    const a = await makeDataset(paramsOf(base));
    const b = await makeDataset(paramsOf(base));
    const c = await makeDataset(paramsOf({ ...base, seed: 8 }));
    for (const key of ['xTrain', 'yTrain', 'xTest', 'yTest'] as const) expect(b[key]).toEqual(a[key]);
    expect(b.raw2d).toEqual(a.raw2d);
    expect(c.raw2d!.train).not.toEqual(a.raw2d!.train);
    expect(c.raw2d!.test).not.toEqual(a.raw2d!.test);
  });

  it('draws train and test separately: disjoint points, and the test set does not depend on trainSize', async () => {
    const ds = await makeDataset(paramsOf({ ...base, noise: 0 }));
    const key = (split: 'train' | 'test', i: number) => rawPoint(ds, split, i).join(',');
    const train = new Set(Array.from({ length: ds.nTrain }, (_, i) => key('train', i)));
    expect(train.size).toBe(ds.nTrain);
    for (let i = 0; i < ds.nTest; i++) expect(train.has(key('test', i))).toBe(false);
    const bigger = await makeDataset(paramsOf({ ...base, noise: 0, trainSize: 500 }));
    expect(bigger.xTest.length).toBe(ds.xTest.length);
    expect(bigger.raw2d!.test).toEqual(ds.raw2d!.test);
  });

  it('has balanced labels within five standard errors', async () => {
    const ds = await makeDataset(paramsOf({ ...base, trainSize: 2000 }));
    const ones = ds.labelsTrain!.reduce((s, l) => s + l, 0) / ds.nTrain;
    expect(Math.abs(ones - 0.5)).toBeLessThan(fiveSe(0.5, ds.nTrain));
  });

  it('standardises with the training statistics and returns that transform', async () => {
    const ds = await makeDataset(paramsOf(base));
    expectStandardised(ds.xTrain, ds.nTrain, 2);
    const { scale } = ds.raw2d!;
    for (let i = 0; i < ds.nTest; i++) {
      const [x, y] = rawPoint(ds, 'test', i);
      expect(ds.xTest[2 * i]).toBeCloseTo((x - scale.mean[0]) / scale.std[0], 5);
      expect(ds.xTest[2 * i + 1]).toBeCloseTo((y - scale.mean[1]) / scale.std[1], 5);
    }
  });

  it('evalSubset is a prefix view of a split', async () => {
    const ds = await makeDataset(paramsOf(base));
    const sub = evalSubset(ds, 'test', 50);
    expect(sub.n).toBe(50);
    expect(Array.from(sub.x)).toEqual(Array.from(ds.xTest.subarray(0, 100)));
    expect(Array.from(sub.labels!)).toEqual(Array.from(ds.labelsTest!.subarray(0, 50)));
    expect(evalSubset(ds, 'train', 10_000).n).toBe(ds.nTrain);
  });
});

describe('noise', () => {
  const n = 1500;
  const make = (dataset: string, noise: number) => makeDataset(paramsOf({ dataset, noise, trainSize: n, seed: 3 }));

  it.each(['xor', 'circles'] as const)('%s: no label is on the wrong side at zero noise', async (dataset) => {
    expect(wrongSideFraction(await make(dataset, 0), RULES[dataset])).toBe(0);
  });

  it.each(['xor', 'circles', 'gauss'] as const)(
    '%s: more noise puts more points on the wrong side',
    async (dataset) => {
      const fractions = [];
      for (const noise of [0.1, 0.5, 1]) fractions.push(wrongSideFraction(await make(dataset, noise), RULES[dataset]));
      for (let k = 1; k < fractions.length; k++) {
        const p = (fractions[k] + fractions[k - 1]) / 2;
        expect(fractions[k] - fractions[k - 1]).toBeGreaterThan(Math.SQRT2 * fiveSe(p, n));
      }
    },
  );

  it('spiral: more noise makes nearest neighbours disagree more often', async () => {
    const quiet = nearestNeighbourDisagreement(await make('spiral', 0));
    const noisy = nearestNeighbourDisagreement(await make('spiral', 1));
    expect(noisy - quiet).toBeGreaterThan(Math.SQRT2 * fiveSe((quiet + noisy) / 2, n));
  });
});
