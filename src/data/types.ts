import type { DatasetId } from '../params/ids.ts';

export type Task = 'binary' | 'multiclass' | 'regression';

/** Per-feature affine map from raw 2-D points to the standardised inputs the model sees: x_std = (x − mean) / std. */
export interface Scale2d {
  mean: [number, number];
  std: [number, number];
}

/** What every dataset has: its id, task, dimensions and sizes. */
export interface DatasetShape {
  id: DatasetId;
  task: Task;
  inputDim: number;
  /** binary: 1 (target 0/1), multiclass: classes (one-hot), regression: teacherDim */
  outputDim: number;
  /** 2 for binary, 10 for mnist, null for regression */
  classes: number | null;
  nTrain: number;
  nTest: number;
}

export interface Dataset extends DatasetShape {
  /** row-major [nTrain, inputDim] */
  xTrain: Float32Array;
  /** row-major [nTrain, outputDim] */
  yTrain: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  /** class index per example (null for regression) */
  labelsTrain: Int32Array | null;
  labelsTest: Int32Array | null;
  /** the raw 2-D points before standardisation, for decision-boundary plots (2-D sets only) */
  raw2d?: { train: Float32Array; test: Float32Array; scale: Scale2d };
}

/** A short, JSON-friendly summary of a dataset for the API and the site. */
export interface DatasetInfo extends DatasetShape {
  name: string;
  description: string;
}
