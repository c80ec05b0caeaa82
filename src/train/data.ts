/**
 * The data side of the training loop, prepared once and shared by every model of a compare: the evaluation inputs,
 * the batch order, and each step's batch (gathered on the host, uploaded once). Inputs come in both orientations,
 * transposed on the host for free, for passes that run transposed (passes.ts).
 */
import { type Dataset, evalSubset } from '../data/index.ts';
import { type Rng, streamFor } from '../rng.ts';
import { type Mat, mat } from './kernels.ts';

/** Training-loss curves are measured on this many leading training examples (all of them when fewer). */
export const EVAL_TRAIN_ROWS = 256;

/** A row-major rows × cols matrix, transposed on the host. */
export function hostTranspose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

export interface EvalData {
  /** [trainRows + testRows, inputDim]: the fixed training subset, then the whole test set, in one product per layer. */
  x: Mat;
  xT: Mat;
  /** The fixed training subset alone: the batch for per-layer statistics and LSUV. */
  trainX: Mat;
  trainXT: Mat;
  trainY: Float32Array;
  trainRows: number;
  testY: Float32Array;
  testRows: number;
}

export function prepareEval(d: Dataset): EvalData {
  const { x: trainX, y: trainY, n: trainRows } = evalSubset(d, 'train', EVAL_TRAIN_ROWS);
  const x = new Float32Array((trainRows + d.nTest) * d.inputDim);
  x.set(trainX);
  x.set(d.xTest, trainX.length);
  const rows = trainRows + d.nTest;
  return {
    x: mat(x, rows, d.inputDim),
    xT: mat(hostTranspose(x, rows, d.inputDim), d.inputDim, rows),
    trainX: mat(trainX, trainRows, d.inputDim),
    trainXT: mat(hostTranspose(trainX, trainRows, d.inputDim), d.inputDim, trainRows),
    trainY,
    trainRows,
    testY: d.yTest,
    testRows: d.nTest,
  };
}

export function disposeEval(e: EvalData): void {
  for (const t of [e.x, e.xT, e.trainX, e.trainXT]) t.dispose();
}

export interface Batch {
  x: Mat;
  /** xᵀ, transposed on the host while gathering (free), so no model transposes its input. */
  xT: Mat;
  y: Float32Array;
  rows: number;
}

/**
 * Mini-batches without replacement: each epoch is a fresh permutation of the training set from the `batches`
 * stream, cut into batches of `batchSize`; a remainder shorter than a batch is dropped.
 */
export class BatchSampler {
  private readonly rng: Rng;
  private order: Int32Array;
  private pos: number;

  constructor(
    private readonly d: Dataset,
    private readonly batchSize: number,
    seed: number,
  ) {
    this.rng = streamFor(seed, 'batches');
    this.order = new Int32Array(d.nTrain);
    this.pos = d.nTrain;
  }

  next(): Batch {
    const { d, batchSize: rows } = this;
    if (this.pos + rows > this.order.length) {
      for (let i = 0; i < this.order.length; i++) this.order[i] = i;
      this.rng.shuffle(this.order);
      this.pos = 0;
    }
    const dim = d.inputDim;
    const out = d.outputDim;
    const x = new Float32Array(rows * dim);
    const xT = new Float32Array(rows * dim);
    const y = new Float32Array(rows * out);
    for (let r = 0; r < rows; r++) {
      const src = this.order[this.pos + r];
      for (let c = 0; c < dim; c++) {
        const v = d.xTrain[src * dim + c];
        x[r * dim + c] = v;
        xT[c * rows + r] = v;
      }
      for (let c = 0; c < out; c++) y[r * out + c] = d.yTrain[src * out + c];
    }
    this.pos += rows;
    return { x: mat(x, rows, dim), xT: mat(xT, dim, rows), y, rows };
  }
}

export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.xT.dispose();
}
