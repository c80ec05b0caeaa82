import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDataset, makeDataset } from '../../src/data/index.ts';
import {
  balancedPick,
  decodeRunLength,
  fullPixels,
  MNIST_MIN_STD,
  mnistSubset,
  pooledPixels,
} from '../../src/data/mnist.ts';
import { MNIST_CLASSES, MNIST_TEST_SIZE, MNIST_TRAIN_SIZE } from '../../src/data/mnist-meta.ts';
import { MNIST_TEST_PER_CLASS, MNIST_TRAIN_PER_CLASS } from '../../src/data/mnist-subset.ts';
import { normaliseTrialParams } from '../../src/params/index.ts';
import { Rng } from '../../src/rng.ts';
import { columnStats, identical, maxAbs, paramsOf } from './data-helpers.ts';

const PIXELS = 784;

function classCounts(labels: Int32Array): number[] {
  const counts = new Array(MNIST_CLASSES).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

describe('the stored MNIST subset', () => {
  it('has the sizes parameter validation relies on', () => {
    expect(MNIST_TRAIN_PER_CLASS * MNIST_CLASSES).toBe(MNIST_TRAIN_SIZE);
    expect(MNIST_TEST_PER_CLASS * MNIST_CLASSES).toBe(MNIST_TEST_SIZE);
    const { train, test } = mnistSubset();
    expect([train.n, train.images.length, test.n, test.images.length]).toEqual([
      MNIST_TRAIN_SIZE,
      MNIST_TRAIN_SIZE * PIXELS,
      MNIST_TEST_SIZE,
      MNIST_TEST_SIZE * PIXELS,
    ]);
    expect(classCounts(train.labels)).toEqual(new Array(10).fill(MNIST_TRAIN_PER_CLASS));
  });

  it('holds exactly the first digits of each class of the npm package, train then test', () => {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
    const { train, test } = mnistSubset();
    for (const digit of [0, 3, 9]) {
      const { data } = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data: number[] };
      const stored = [
        ...train.images.subarray(digit * MNIST_TRAIN_PER_CLASS * PIXELS, (digit + 1) * MNIST_TRAIN_PER_CLASS * PIXELS),
        ...test.images.subarray(digit * MNIST_TEST_PER_CLASS * PIXELS, (digit + 1) * MNIST_TEST_PER_CLASS * PIXELS),
      ];
      const maxError = stored.reduce((m, byte, i) => Math.max(m, Math.abs(byte / 255 - data[i])), 0);
      expect(maxError).toBeLessThanOrEqual(0.0005 + 1e-12); // the package rounds v / 255 to 3 decimals
    }
  });

  it('has no digit in both the train and the test split', () => {
    const { train, test } = mnistSubset();
    const key = (images: Uint8Array, i: number) => images.subarray(i * PIXELS, (i + 1) * PIXELS).join(',');
    const trainKeys = new Set(Array.from({ length: train.n }, (_, i) => key(train.images, i)));
    for (let i = 0; i < test.n; i++) expect(trainKeys.has(key(test.images, i))).toBe(false);
  });

  it('run-length decoding rejects a corrupt stream instead of returning wrong pixels', () => {
    expect(Array.from(decodeRunLength(Uint8Array.from([5, 0, 3, 7]), 5))).toEqual([5, 0, 0, 0, 7]);
    expect(() => decodeRunLength(Uint8Array.from([5, 0, 3]), 5)).toThrow(/corrupt/);
  });
});

describe('pixels', () => {
  const { train } = mnistSubset();
  const picks = Int32Array.from([0, 123, 999]);

  it('196 is the exact 2×2 average pool of 784', () => {
    const full = fullPixels(train.images, picks);
    const pooled = pooledPixels(train.images, picks);
    expect(pooled.length).toBe(picks.length * 196);
    for (let r = 0; r < picks.length; r++)
      for (let i = 0; i < 14; i++)
        for (let j = 0; j < 14; j++) {
          const at = (y: number, x: number) => full[r * PIXELS + y * 28 + x];
          const mean = (at(2 * i, 2 * j) + at(2 * i, 2 * j + 1) + at(2 * i + 1, 2 * j) + at(2 * i + 1, 2 * j + 1)) / 4;
          expect(pooled[r * 196 + i * 14 + j]).toBeCloseTo(mean, 6);
        }
  });

  it('are scaled to [0, 1]', () => {
    const full = fullPixels(train.images, picks);
    expect(Math.min(...full)).toBe(0);
    expect(Math.max(...full)).toBeLessThanOrEqual(1);
    expect(Math.max(...full)).toBeGreaterThan(0.9);
  });
});

describe('balancedPick', () => {
  it('takes distinct indices, balanced across classes to within one', () => {
    const { train } = mnistSubset();
    for (const n of [10, 37, 512, 1000]) {
      const picks = balancedPick(train.labels, 10, n, new Rng(n));
      expect(new Set(picks).size).toBe(n);
      const counts = classCounts(picks.map((i) => train.labels[i]));
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});

describe.each(['784', '196'] as const)('makeDataset mnist (%s pixels)', (mnistPixels) => {
  const base = { dataset: 'mnist', mnistPixels, trainSize: 600, testSize: 300, seed: 5 };
  const inputDim = mnistPixels === '784' ? 784 : 196;

  it('has the requested shapes, one-hot targets and balanced classes', async () => {
    const ds = await makeDataset(paramsOf(base));
    expect(ds).toMatchObject({ task: 'multiclass', inputDim, outputDim: 10, classes: 10, nTrain: 600, nTest: 300 });
    expect([ds.xTrain.length, ds.yTrain.length, ds.xTest.length]).toEqual([600 * inputDim, 6000, 300 * inputDim]);
    expect(ds.raw2d).toBeUndefined();
    ds.labelsTrain!.forEach((label, i) => {
      const row = Array.from(ds.yTrain.subarray(i * 10, i * 10 + 10));
      expect(row.indexOf(1)).toBe(label);
      expect(row.reduce((s, v) => s + v, 0)).toBe(1);
    });
    for (const labels of [ds.labelsTrain!, ds.labelsTest!]) {
      const counts = classCounts(labels);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const { task, inputDim: dim, outputDim } = describeDataset(paramsOf(base));
    expect({ task, dim, outputDim }).toEqual({ task: ds.task, dim: ds.inputDim, outputDim: ds.outputDim });
  });

  it('standardises each pixel with the training statistics (low-variance pixels only centred)', async () => {
    const ds = await makeDataset(paramsOf(base));
    const { mean, std } = columnStats(ds.xTrain, ds.nTrain, inputDim);
    let unitPixels = 0;
    for (let j = 0; j < inputDim; j++) {
      expect(Math.abs(mean[j])).toBeLessThan(1e-4);
      expect(std[j]).toBeLessThanOrEqual(1 + 1e-4);
      if (std[j] > 0.999) unitPixels++;
    }
    // Pixels the floor did not touch have std 1 exactly; for MNIST they are the majority of the digit's area.
    expect(unitPixels).toBeGreaterThan(inputDim / 3);
    const bound = 1 / MNIST_MIN_STD + 1e-4;
    expect(maxAbs(ds.xTrain)).toBeLessThanOrEqual(bound);
    expect(maxAbs(ds.xTest)).toBeLessThanOrEqual(bound);
  });

  it('is deterministic in the seed', async () => {
    const a = await makeDataset(paramsOf(base));
    const b = await makeDataset(paramsOf(base));
    const c = await makeDataset(paramsOf({ ...base, seed: 6 }));
    expect(identical(b.xTrain, a.xTrain) && identical(b.xTest, a.xTest)).toBe(true);
    expect(identical(b.labelsTest, a.labelsTest)).toBe(true);
    expect(identical(c.labelsTrain, a.labelsTrain)).toBe(false);
  });
});

describe('size cap', () => {
  it('refuses mnist sizes above the stored subset, naming the field and the limit', () => {
    const r = normaliseTrialParams({
      dataset: 'mnist',
      trainSize: MNIST_TRAIN_SIZE + 1,
      testSize: MNIST_TEST_SIZE + 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath.trainSize).toContain(String(MNIST_TRAIN_SIZE));
    expect(byPath.testSize).toContain(String(MNIST_TEST_SIZE));
  });

  it('accepts the subset sizes exactly, and larger sizes for generated sets', () => {
    expect(normaliseTrialParams({ dataset: 'mnist', trainSize: MNIST_TRAIN_SIZE, testSize: MNIST_TEST_SIZE }).ok).toBe(
      true,
    );
    expect(normaliseTrialParams({ dataset: 'spiral', trainSize: 4096, testSize: 2048 }).ok).toBe(true);
  });
});
