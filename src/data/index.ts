/**
 * Datasets: the four 2-D sets of TensorFlow Playground, a fixed MNIST subset and a deep-linear teacher. Everything is
 * drawn from `streamFor(seed, 'data')`; train and test come from two separate forks of it, so the test set does not
 * change when only trainSize does.
 */
import { type BuiltinDatasetId, isUserDataset } from '../params/ids.ts';
import type { ModelParams } from '../params/trial.ts';
import { streamFor } from '../rng.ts';
import type { UserData } from './csv.ts';
import { type Playground2dId, playgroundPoints } from './playground.ts';
import { datasetShape } from './shape.ts';
import { standardisePair } from './standardise.ts';
import { classTargets } from './targets.ts';
import { makeTeacher } from './teacher.ts';
import type { Dataset, DatasetInfo } from './types.ts';
import { makeUserDataset, userDataOf } from './user.ts';

export { type CsvProblem, type ParsedCsv, parseUserCsv, type UserData } from './csv.ts';
export { MNIST_TEST_SIZE, MNIST_TRAIN_SIZE } from './mnist-meta.ts';
export type { Dataset, DatasetInfo, Scale2d, Task } from './types.ts';
export { holdUserData, registerUserData, userDataOf } from './user.ts';
export { DEFAULT_TEST_FRACTION, MAX_BYTES_TEXT, USER_DATA_LIMITS } from './user-rules.ts';

/** Build the dataset of a trial. Async because mnist's pixels are loaded on first use by a dynamic import. */
export async function makeDataset(p: ModelParams): Promise<Dataset> {
  if (isUserDataset(p.dataset)) return makeUserDataset(p);
  switch (p.dataset) {
    case 'mnist': {
      const { makeMnist } = await import('./mnist.ts');
      return makeMnist(p);
    }
    case 'teacher':
      return makeTeacher(p);
    default:
      return makePlayground2d(p, p.dataset);
  }
}

function makePlayground2d(p: ModelParams, id: Playground2dId): Dataset {
  const data = streamFor(p.seed, 'data');
  const train = playgroundPoints(id, data.fork('train'), p.trainSize, p.noise);
  const test = playgroundPoints(id, data.fork('test'), p.testSize, p.noise);
  const { xTrain, xTest, scale } = standardisePair(train.xy, p.trainSize, test.xy, p.testSize, 2);
  return {
    ...datasetShape(p),
    xTrain,
    yTrain: classTargets(train.labels, 2),
    xTest,
    yTest: classTargets(test.labels, 2),
    labelsTrain: train.labels,
    labelsTest: test.labels,
    raw2d: {
      train: Float32Array.from(train.xy),
      test: Float32Array.from(test.xy),
      scale: { mean: [scale.mean[0], scale.mean[1]], std: [scale.std[0], scale.std[1]] },
    },
  };
}

const NAMES: Record<BuiltinDatasetId, { name: string; description: string }> = {
  spiral: { name: 'Spiral', description: 'two interleaved spiral arms (TensorFlow Playground); noise jitters points' },
  circles: { name: 'Circles', description: 'a disc inside a ring (TensorFlow Playground); noise flips labels' },
  xor: {
    name: 'XOR',
    description: 'the four quadrants, opposite ones alike (TensorFlow Playground); noise flips labels',
  },
  gauss: { name: 'Two Gaussians', description: 'two Gaussian blobs (TensorFlow Playground); noise widens them' },
  mnist: { name: 'MNIST', description: 'a fixed, class-balanced subset of MNIST handwritten digits' },
  teacher: { name: 'Linear teacher', description: 'regression onto a random deep linear map (unit target variance)' },
};

/** What makeDataset(p) would return, without building it: name, task, dimensions and sizes. */
export function describeDataset(p: ModelParams): DatasetInfo {
  const { id, ...dimensions } = datasetShape(p);
  return { id, ...(isUserDataset(id) ? userNames(p) : NAMES[id]), ...dimensions };
}

function userNames(p: ModelParams): { name: string; description: string } {
  const data = userDataOf(p.dataset) as UserData;
  const features = data.features.length === 1 ? 'feature' : 'features';
  return {
    name: 'Your CSV',
    description: `${data.rows} rows, ${data.features.length} ${features} (${data.features.join(', ')}), target ${data.target}`,
  };
}

/** The first `max` examples of a split (data are stored in random order, so a prefix is a random subset) — for
 * cheap loss estimates on large sets. Views, not copies. */
export function evalSubset(
  ds: Dataset,
  split: 'train' | 'test',
  max: number,
): { x: Float32Array; y: Float32Array; labels: Int32Array | null; n: number } {
  const total = split === 'train' ? ds.nTrain : ds.nTest;
  const n = Math.min(Math.max(0, Math.floor(max)), total);
  const x = split === 'train' ? ds.xTrain : ds.xTest;
  const y = split === 'train' ? ds.yTrain : ds.yTest;
  const labels = split === 'train' ? ds.labelsTrain : ds.labelsTest;
  return {
    x: x.subarray(0, n * ds.inputDim),
    y: y.subarray(0, n * ds.outputDim),
    labels: labels ? labels.subarray(0, n) : null,
    n,
  };
}
