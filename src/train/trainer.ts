/**
 * One model being trained: its parameters, optimizer, and the three things the loop asks of it — a training step on
 * a shared batch, an evaluation on the shared evaluation inputs, and per-layer statistics on the fixed batch.
 */
import { tf } from '../backend.ts';
import type { LayerStats } from '../result.ts';
import type { Batch, EvalData } from './data.ts';
import { add, type Constants, type Mat, mat, mul, total } from './kernels.ts';
import { isFiniteLoss, type LossHead, lossAndGrad } from './loss.ts';
import {
  disposeModel,
  type HostParams,
  type Model,
  type ModelSpec,
  paramList,
  setParams,
  uploadModel,
} from './model.ts';
import type { Optimizer } from './optimizers.ts';
import { backward, forward, gradList } from './passes.ts';
import { layerStats } from './stats.ts';

/** A scalar that is 0 when every value of every tensor is finite and NaN otherwise (x·0 is 0 only for finite x), so
 * one read checks a whole forward pass without summing magnitudes that could overflow on their own. */
function allFinite(tensors: Mat[], c: Constants): tf.Scalar {
  return tensors.map((t) => total(mul(t, c.get(0)))).reduce((acc, v) => add(acc, v));
}

/** ∂loss/∂logits uploaded in both layouts (the transpose is free on the host). */
function logitGrads(d: Float32Array, rows: number, cols: number) {
  const t = new Float32Array(d.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = d[r * cols + c];
  return { delta: mat(d, rows, cols), deltaT: mat(t, cols, rows) };
}

export interface Evaluation {
  trainLoss: number;
  testLoss: number;
  testAccuracy: number | null;
}

export class Trainer {
  readonly model: Model;
  /** Milliseconds spent on this model's own work (its share of a compare). */
  ownMs = 0;

  constructor(
    spec: ModelSpec,
    host: HostParams,
    private readonly head: LossHead,
    private readonly optimizer: Optimizer,
  ) {
    this.model = uploadModel(spec, host);
  }

  private timed<T>(f: () => T): T {
    const t0 = performance.now();
    try {
      return f();
    } finally {
      this.ownMs += performance.now() - t0;
    }
  }

  /**
   * One optimizer step on `batch`. Returns false, leaving the parameters untouched, when the batch loss is not finite
   * (the only host read of the step: the batch's logits, which the loss head needs anyway).
   */
  step(batch: Batch): boolean {
    return this.timed(() => {
      const m = this.model;
      let finite = true;
      const next = tf.tidy(() => {
        const tape = forward(m, batch.x);
        const logits = tape.logits.dataSync() as Float32Array;
        const dLogits = new Float32Array(logits.length);
        const { loss } = lossAndGrad(this.head, logits, batch.y, batch.rows, this.optimizer.gradScale, dLogits);
        finite = isFiniteLoss(loss);
        if (!finite) return [];
        const grads = backward(m, tape, logitGrads(dLogits, batch.rows, this.head.outputDim), batch.xT);
        return this.optimizer.step(paramList(m), gradList(grads));
      });
      if (finite) setParams(m, next);
      return finite;
    });
  }

  /**
   * Losses on the evaluation inputs. An overflow anywhere in the forward pass counts as a non-finite loss, as it would
   * in PyTorch: the wasm backend's relu maps NaN to 0, so an Inf/NaN in a hidden layer would otherwise vanish and
   * leave finite (bias-only) logits behind.
   */
  evaluate(e: EvalData): Evaluation {
    return this.timed(() => {
      const [out, overflow] = tf.tidy(() => {
        const tape = forward(this.model, e.x);
        return [
          tape.logits,
          allFinite(
            tape.outs.map((o) => o.a),
            this.model.consts,
          ),
        ];
      });
      const logits = out.dataSync() as Float32Array;
      const finite = overflow.dataSync()[0] === 0;
      tf.dispose([out, overflow]);
      const k = this.head.outputDim;
      const split = e.trainRows * k;
      const train = lossAndGrad(this.head, logits.subarray(0, split), e.trainY, e.trainRows, 1, null);
      const test = lossAndGrad(this.head, logits.subarray(split), e.testY, e.testRows, 1, null);
      // An overflow hidden by relu still yields finite logits; an accuracy read from them would be noise.
      if (!finite) return { trainLoss: Number.NaN, testLoss: Number.NaN, testAccuracy: null };
      return { trainLoss: train.loss, testLoss: test.loss, testAccuracy: test.accuracy };
    });
  }

  /** Per-layer statistics on the fixed training batch: activations, weights, ∂(mean loss)/∂W and ∂(mean loss)/∂z. */
  layerStats(e: EvalData, bins: number): LayerStats[] {
    const stats: LayerStats[] = [];
    this.timed(() =>
      tf.tidy(() => {
        const m = this.model;
        const tape = forward(m, e.trainX);
        const logits = tape.logits.dataSync() as Float32Array;
        const dLogits = new Float32Array(logits.length);
        lossAndGrad(this.head, logits, e.trainY, e.trainRows, 1, dLogits);
        const deltas: Mat[] = [];
        const grads = backward(m, tape, logitGrads(dLogits, e.trainRows, this.head.outputDim), undefined, deltas);
        m.layers.forEach((l, i) => {
          const sample = {
            act: tape.outs[i].a.dataSync() as Float32Array,
            rows: e.trainRows,
            units: l.fanOut,
            activation: l.act,
            weights: m.w[i].dataSync() as Float32Array,
            weightGrad: grads.dw[i].dataSync() as Float32Array,
            delta: deltas[i].dataSync() as Float32Array,
          };
          stats.push(layerStats(sample, bins));
        });
      }),
    );
    return stats;
  }

  dispose(): void {
    disposeModel(this.model);
    this.optimizer.dispose();
  }
}
