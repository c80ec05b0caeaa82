/**
 * Each dataset's task, dimensions and sizes, from the params alone: the one place these facts are written, used both
 * by the dataset builders and by describeDataset (cost estimates and the API, which must not build the data).
 */
import { isUserDataset } from '../params/ids.ts';
import type { ModelParams } from '../params/trial.ts';
import { MNIST_CLASSES, MNIST_SIDE } from './mnist-meta.ts';
import { outputDimOf } from './targets.ts';
import type { DatasetShape } from './types.ts';
import { userDatasetShape } from './user.ts';

export function datasetShape(p: ModelParams): DatasetShape {
  if (isUserDataset(p.dataset)) return userDatasetShape(p);
  const sizes = { id: p.dataset, nTrain: p.trainSize, nTest: p.testSize };
  switch (p.dataset) {
    case 'mnist': {
      const inputDim = p.mnistPixels === '196' ? (MNIST_SIDE * MNIST_SIDE) / 4 : MNIST_SIDE * MNIST_SIDE;
      return { ...sizes, task: 'multiclass', inputDim, outputDim: outputDimOf(MNIST_CLASSES), classes: MNIST_CLASSES };
    }
    case 'teacher':
      return { ...sizes, task: 'regression', inputDim: p.teacherDim, outputDim: p.teacherDim, classes: null };
    default:
      return { ...sizes, task: 'binary', inputDim: 2, outputDim: outputDimOf(2), classes: 2 };
  }
}
