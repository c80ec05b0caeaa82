/**
 * User datasets in a trial. The engine's entry points take params only, so whoever holds a parsed CSV — the API after
 * reading it from KV, the CLI after reading the file, the browser widget — registers it first; `dataset=user:<id>`
 * then finds it here. The split is seeded (`streamFor(seed, 'data')`, like the built-in sets) and the features, and a
 * regression target, are standardised with the training rows' statistics.
 */
import type { DatasetId, UserDatasetId } from '../params/ids.ts';
import { streamFor } from '../rng.ts';
import type { UserData } from './csv.ts';
import { standardisePair } from './standardise.ts';
import { classTargets, outputDimOf } from './targets.ts';
import type { Dataset, DatasetShape } from './types.ts';
import { DEFAULT_TEST_FRACTION, userSplit } from './user-rules.ts';

/** A held set costs up to 5 MB (5,000 × 128 doubles); a Workers isolate has 128 MB for everything. */
const MAX_HELD = 4;
const held = new Map<string, UserData>();
/** How many runs are using each held set: a set in use is never dropped, even past MAX_HELD. */
const inUse = new Map<string, number>();

/** Drops the least recently registered sets that no run is using until at most MAX_HELD are held. */
function dropBeyondLimit(): void {
  for (const id of held.keys()) {
    if (held.size <= MAX_HELD) return;
    if (!inUse.has(id)) held.delete(id);
  }
}

/** Make a parsed CSV available to trials as `user:<id>`; beyond MAX_HELD, the least recently registered set no run is
 * using is dropped. */
export function registerUserData(data: UserData): UserDatasetId {
  held.delete(data.id);
  held.set(data.id, data);
  dropBeyondLimit();
  return `user:${data.id}`;
}

/**
 * Keeps `dataset`'s data held until the returned release is called (a no-op for a built-in set or data not held).
 * A run takes it before its first await: a host serving several requests at once could otherwise register other
 * sets while the run waits, and drop this one before the run has read it.
 */
export function holdUserData(dataset: string): () => void {
  const id = dataset.startsWith('user:') ? dataset.slice('user:'.length) : '';
  if (!held.has(id)) return () => {};
  inUse.set(id, (inUse.get(id) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = inUse.get(id)! - 1;
    if (left > 0) inUse.set(id, left);
    else inUse.delete(id);
    dropBeyondLimit();
  };
}

/** The registered data of a `user:<id>` dataset, if any. */
export function userDataOf(dataset: string): UserData | undefined {
  return dataset.startsWith('user:') ? held.get(dataset.slice('user:'.length)) : undefined;
}

interface UserParams {
  dataset: DatasetId;
  testFraction?: number;
  seed: number;
}

function dataOf(p: UserParams): UserData {
  const data = userDataOf(p.dataset);
  if (!data) throw new RangeError(`dataset ${p.dataset} is not loaded: register its CSV first (CLI: --data FILE.csv)`);
  return data;
}

export function userDatasetShape(p: UserParams): DatasetShape {
  const data = dataOf(p);
  const classes = data.classNames?.length ?? null;
  return {
    id: p.dataset,
    task: data.task,
    inputDim: data.features.length,
    outputDim: classes === null ? 1 : outputDimOf(classes),
    classes,
    ...userSplit(data.rows, p.testFraction ?? DEFAULT_TEST_FRACTION),
  };
}

export function makeUserDataset(p: UserParams): Dataset {
  const data = dataOf(p);
  const shape = userDatasetShape(p);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  streamFor(p.seed, 'data').fork('split').shuffle(order);
  const trainRows = order.subarray(0, shape.nTrain);
  const testRows = order.subarray(shape.nTrain);
  const columns = (values: Float64Array, dim: number) => (rows: Int32Array) => {
    const out = new Float64Array(rows.length * dim);
    for (const [i, r] of rows.entries()) out.set(values.subarray(r * dim, (r + 1) * dim), i * dim);
    return out;
  };
  const x = columns(data.x, shape.inputDim);
  const { xTrain, xTest } = standardisePair(x(trainRows), shape.nTrain, x(testRows), shape.nTest, shape.inputDim);
  return { ...shape, xTrain, xTest, ...targets(data, shape, trainRows, testRows, columns) };
}

type Columns = (values: Float64Array, dim: number) => (rows: Int32Array) => Float64Array;

/** Classes as the built-in sets give them; a regression target standardised like a feature, so MSE is in its units. */
function targets(
  data: UserData,
  shape: DatasetShape,
  trainRows: Int32Array,
  testRows: Int32Array,
  columns: Columns,
): Pick<Dataset, 'yTrain' | 'yTest' | 'labelsTrain' | 'labelsTest'> {
  const { labels, y } = data;
  if (labels && shape.classes !== null) {
    const labelsTrain = Int32Array.from(trainRows, (r) => labels[r]);
    const labelsTest = Int32Array.from(testRows, (r) => labels[r]);
    return {
      yTrain: classTargets(labelsTrain, shape.classes),
      yTest: classTargets(labelsTest, shape.classes),
      labelsTrain,
      labelsTest,
    };
  }
  const target = columns(y as Float64Array, 1);
  const scaled = standardisePair(target(trainRows), shape.nTrain, target(testRows), shape.nTest, 1);
  return { yTrain: scaled.xTrain, yTest: scaled.xTest, labelsTrain: null, labelsTest: null };
}
