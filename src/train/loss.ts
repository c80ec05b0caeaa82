/**
 * The loss head, computed on the host in float64 from the float32 logits the device returns: the loss value (for
 * logging and divergence detection), the accuracy and the gradient of the loss with respect to the logits. A batch's
 * logits are a few hundred numbers, so reading them is a small memcpy and saves the device ops of a softmax head.
 */
import type { Task } from '../data/index.ts';
import type { ModelParams } from '../params/index.ts';

export interface LossHead {
  task: Task;
  loss: ModelParams['loss'];
  /** Output units: 1 for binary, the class count for multiclass, the target dimension for regression. */
  outputDim: number;
}

export interface LossValue {
  /** Mean loss over the rows (see `lossAndGrad`); non-finite when the logits are. */
  loss: number;
  /** Fraction of rows classified correctly; null for regression. */
  accuracy: number | null;
}

function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** The logistic function, computed without overflow on either side. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Loss, accuracy and (optionally) `scale · ∂loss/∂logits` for `rows` examples.
 * - binary cross-entropy: mean over rows of softplus(z) − y·z (sigmoid cross-entropy on one logit, targets 0/1);
 * - multiclass cross-entropy: mean over rows of logsumexp(z) − z_label (softmax cross-entropy, one-hot targets);
 * - mse: the mean of (z − y)² over all rows × outputs, PyTorch's `MSELoss(reduction='mean')`.
 * Classification accuracy under mse uses the same decision rule (binary: z > 0.5, multiclass: argmax).
 */
export function lossAndGrad(
  head: LossHead,
  logits: Float32Array,
  targets: Float32Array,
  rows: number,
  gradScale: number,
  grad: Float32Array | null,
): LossValue {
  const k = head.outputDim;
  let total = 0;
  let correct = 0;
  if (head.loss === 'mse') {
    const g = (2 * gradScale) / (rows * k);
    for (let i = 0; i < rows * k; i++) {
      const d = logits[i] - targets[i];
      total += d * d;
      if (grad) grad[i] = g * d;
    }
    if (head.task !== 'regression') correct = countCorrect(head, logits, targets, rows, 0.5);
    return { loss: total / (rows * k), accuracy: head.task === 'regression' ? null : correct / rows };
  }
  const g = gradScale / rows;
  if (k === 1) {
    for (let i = 0; i < rows; i++) {
      const z = logits[i];
      const y = targets[i];
      total += softplus(z) - y * z;
      if (grad) grad[i] = g * (sigmoid(z) - y);
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const o = i * k;
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, logits[o + j]);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(logits[o + j] - max);
      const logZ = max + Math.log(sum);
      for (let j = 0; j < k; j++) {
        const z = logits[o + j];
        const y = targets[o + j];
        total -= y * (z - logZ);
        if (grad) grad[o + j] = g * (Math.exp(z - logZ) - y);
      }
    }
  }
  correct = countCorrect(head, logits, targets, rows, 0);
  return { loss: total / rows, accuracy: correct / rows };
}

/** Rows whose predicted class matches the target (binary: logit above `threshold`; multiclass: argmax). */
function countCorrect(
  head: LossHead,
  logits: Float32Array,
  targets: Float32Array,
  rows: number,
  threshold: number,
): number {
  const k = head.outputDim;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    if (k === 1) {
      if (logits[i] > threshold === targets[i] > 0.5) correct++;
      continue;
    }
    let best = 0;
    let label = 0;
    for (let j = 1; j < k; j++) {
      if (logits[i * k + j] > logits[i * k + best]) best = j;
      if (targets[i * k + j] > targets[i * k + label]) label = j;
    }
    if (best === label) correct++;
  }
  return correct;
}

/** The loss as the engine reports it: non-finite in float32 (the device's precision) counts as diverged. */
export function isFiniteLoss(loss: number): boolean {
  return Number.isFinite(Math.fround(loss));
}
