/**
 * The cost of a run from its params alone (nothing is allocated): floating-point work, which the API's work cap
 * charges, and peak engine memory.
 * One multiply-add is 2 FLOPs; elementwise ops are left out (they are O(width), not O(width²)).
 * - training step: forward 2·B·P, backward 4·B·P (∂W and ∂input), P = Σ fanIn·fanOut over dense layers;
 * - each logged step: a forward pass over the evaluation rows (training subset + test set);
 * - per-layer statistics at init and each checkpoint: forward + backward on the training subset;
 * - LSUV: one forward of the subset plus up to 10 extra products per layer;
 * - 2-D data sets: a forward pass over the decision-boundary grid at each checkpoint and after training.
 */
import { describeDataset } from '../data/index.ts';
import type { CompareParams, TrialParams } from '../params/index.ts';
import { trialOfCompare } from '../params/index.ts';
import { BOUNDARY_ROWS, boundaryPasses, hasBoundary } from './boundary.ts';
import { EVAL_TRAIN_ROWS } from './data.ts';
import { LSUV_MAX_ITERATIONS } from './lsuv.ts';
import { denseLayers, modelSpec } from './model.ts';
import { checkpointSteps, logSteps } from './schedule.ts';

/**
 * Floating-point operations of a norm layer per unit and row (norm.ts): forward, the mean, the centring, the square,
 * the variance, the scaling and γ·n̂ + β; backward, the two parameter sums, γ·∂y, two group means and the combination.
 */
const NORM_FORWARD_OPS = 8;
const NORM_BACKWARD_OPS = 12;

export function estimateTrialFlops(p: TrialParams): number {
  const info = describeDataset(p);
  const layers = denseLayers(modelSpec(p, info.inputDim, info.outputDim));
  const weights = layers.reduce((s, l) => s + l.fanIn * l.fanOut, 0);
  const normed = p.norm ? layers.slice(0, -1).reduce((s, l) => s + l.fanOut, 0) : 0;
  // Per row: a forward pass (2 per weight), and a training pass (forward and backward, 6 per weight).
  const forward = 2 * weights + NORM_FORWARD_OPS * normed;
  const trained = 6 * weights + (NORM_FORWARD_OPS + NORM_BACKWARD_OPS) * normed;
  const evalTrainRows = Math.min(p.trainSize, EVAL_TRAIN_ROWS);
  const training = p.steps * p.batchSize * trained;
  const evaluation = logSteps(p.steps, p.logEvery).length * (evalTrainRows + p.testSize) * forward;
  const stats = (1 + checkpointSteps(p.steps, p.checkpointEvery).length) * evalTrainRows * trained;
  const lsuv = p.init === 'lsuv' ? (1 + LSUV_MAX_ITERATIONS) * evalTrainRows * forward : 0;
  const boundary = boundaryPasses(p) * BOUNDARY_ROWS * forward;
  return training + evaluation + stats + lsuv + boundary;
}

/** The sum over the K initializers (data preparation, shared, is not matmul work). */
export function estimateCompareFlops(p: CompareParams): number {
  return p.inits.reduce((s, init) => s + estimateTrialFlops(trialOfCompare(p, init)), 0);
}

const FLOAT_BYTES = 4;
/** Optimizer state tensors per parameter. */
const OPTIMIZER_STATES = { sgd: 0, momentum: 1, adam: 2 } as const;

/**
 * Peak device memory of a compare (or of a trial: a compare of one), in bytes, from the params alone. Every model's
 * parameters and optimizer state stay resident for the whole loop; one model at a time adds a step's transients (new
 * parameters and gradients, about two more copies, and a handful of batch × width tensors per layer) or an
 * evaluation's (or the decision-boundary grid's) activations. The data set itself is counted once, and so are the
 * boundaries kept at the checkpoints (host numbers, 8 bytes each).
 */
export function estimateCompareBytes(p: CompareParams): number {
  const info = describeDataset(p);
  const layers = denseLayers(modelSpec(p, info.inputDim, info.outputDim));
  const units = layers.reduce((s, l) => s + l.fanOut, 0);
  // Norm layers: γ and β per hidden unit, trained; batch norm also keeps two running averages, untrained.
  const normed = p.norm ? units - info.outputDim : 0;
  const weights = layers.reduce((s, l) => s + l.fanIn * l.fanOut + l.fanOut, 0) + 2 * normed;
  const running = p.norm === 'batch' ? 2 * normed : 0;
  const resident = p.inits.length * (weights * (1 + OPTIMIZER_STATES[p.optimizer]) + running);
  const evalRows = Math.min(p.trainSize, EVAL_TRAIN_ROWS) + p.testSize;
  const forwardRows = Math.max(evalRows, hasBoundary(p) ? BOUNDARY_ROWS : 0);
  // A norm layer keeps n̂ on the tape and makes a few more rows × units temporaries (centred values, their squares,
  // y, and transposes in one orientation).
  const perUnit = p.norm ? { step: 12, pass: 6 } : { step: 8, pass: 4 };
  const transient = Math.max(2 * weights + perUnit.step * p.batchSize * units, perUnit.pass * forwardRows * units);
  // The evaluation inputs and the statistics batch are on the device in both orientations (passes.ts).
  const evalInputs = 2 * (evalRows + Math.min(p.trainSize, EVAL_TRAIN_ROWS)) * info.inputDim;
  const data = (p.trainSize + p.testSize) * (info.inputDim + info.outputDim) + evalInputs;
  const keptBoundaries = 2 * p.inits.length * boundaryPasses(p) * BOUNDARY_ROWS;
  return FLOAT_BYTES * (resident + transient + data + keptBoundaries);
}

export function estimateTrialBytes(p: TrialParams): number {
  const { init, ...rest } = p;
  return estimateCompareBytes({ ...rest, inits: [init] });
}

/** What the engine refuses to allocate in one run: wasm32's heap tops out at 4 GiB and an out-of-memory abort would
 * leave the backend unusable for every later request of the process or isolate. */
export const MAX_RUN_BYTES = 1024 * 1024 * 1024;
