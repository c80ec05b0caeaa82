/**
 * Forward and hand-derived backward passes. Only plain products: tfjs-backend-wasm 4.22 runs those on XNNPACK, while
 * `transposeA`, `transposeB` and batched products fall to a scalar path several times slower, so activations and
 * weights are transposed explicitly (a cheap copy) before they are multiplied. Callers run these inside `tf.tidy`.
 */
import type { tf } from '../backend.ts';
import { activationBackward, type DenseOutput, denseForward } from './activations.ts';
import { add, columnSum, type Mat, matMul, mul, total, transpose } from './kernels.ts';
import type { Model } from './model.ts';

/** What the forward pass keeps for the backward pass, per dense layer in flat order. */
export interface Tape {
  /** The tensor each layer multiplied (its input, plus Fixup's scalar bias). */
  inputs: Mat[];
  outs: DenseOutput[];
  logits: Mat;
}

/** `beforeLayer` sees each layer's input before the layer uses its weights (LSUV rescales them there). */
export function forward(m: Model, x: Mat, beforeLayer?: (i: number, input: Mat) => void): Tape {
  const inputs: Mat[] = [];
  const outs: DenseOutput[] = [];
  const dense = (i: number, input: Mat): Mat => {
    inputs.push(input);
    beforeLayer?.(i, input);
    const out = denseForward(input, m.w[i], m.b[i], m.layers[i].act, m.spec.negativeSlope, m.consts);
    outs.push(out);
    return out.a;
  };
  let h = x;
  let i = 0;
  for (; i < m.spec.stem.length; i++) h = dense(i, h);
  m.spec.blocks.forEach((branch, bi) => {
    let u = h;
    for (let j = 0; j < branch.length; j++, i++) u = dense(i, m.spec.fixup ? add(u, m.shift[bi][j]) : u);
    h = add(h, m.spec.fixup ? mul(u, m.scale[bi]) : u);
  });
  return { inputs, outs, logits: dense(i, h) };
}

/** Forward only, for evaluation: the logits. */
export function predict(m: Model, x: Mat): Mat {
  return forward(m, x).logits;
}

/** Gradients in `paramList` order: dW per layer, db per layer, then Fixup's scalars. */
export interface Grads {
  dw: Mat[];
  db: tf.Tensor1D[];
  dShift: tf.Scalar[][];
  dScale: tf.Scalar[];
}

export function gradList(g: Grads): tf.Tensor[] {
  return [...g.dw, ...g.db, ...g.dShift.flat(), ...g.dScale];
}

/**
 * Backpropagate `dLogits` (∂loss/∂logits, possibly pre-scaled by the learning rate: every gradient is linear in it).
 * `inputT` optionally supplies the transposed network input, which the data pipeline can prepare for free.
 */
export function backward(
  m: Model,
  tape: Tape,
  dLogits: Mat,
  inputT?: Mat,
  /** When given, receives ∂loss/∂(pre-activation) of every layer (statistics only; training does not ask). */
  deltas?: Mat[],
): Grads {
  const n = m.layers.length;
  const { negativeSlope: slope, fixup } = m.spec;
  const dw: Mat[] = new Array(n);
  const db: tf.Tensor1D[] = new Array(n);
  const dShift: tf.Scalar[][] = m.spec.blocks.map(() => []);
  const dScale: tf.Scalar[] = [];
  const actBackward = (da: Mat, i: number) => activationBackward(da, tape.outs[i], m.layers[i].act, slope, m.consts);

  /** Weight and bias gradients of layer i from its output delta; returns ∂loss/∂input unless it is the first. */
  const dense = (i: number, delta: Mat): Mat | null => {
    if (deltas) deltas[i] = delta;
    dw[i] = matMul(i === 0 && inputT ? inputT : transpose(tape.inputs[i]), delta);
    db[i] = columnSum(delta);
    return i === 0 ? null : matMul(delta, transpose(m.w[i]));
  };

  let dh = dense(n - 1, dLogits)!;
  let i = n - 1;
  for (let bi = m.spec.blocks.length - 1; bi >= 0; bi--) {
    const branch = m.spec.blocks[bi];
    let delta = dh;
    if (fixup) {
      dScale[bi] = total(mul(dh, tape.outs[i - 1].a));
      delta = mul(dh, m.scale[bi]);
    }
    for (let j = branch.length - 1; j >= 0; j--) {
      i--;
      const dx = dense(i, delta)!;
      if (fixup) dShift[bi][j] = total(dx);
      if (j > 0) delta = actBackward(dx, i - 1);
      else dh = add(dh, dx);
    }
  }
  for (i--; i >= 0; i--) {
    const dx = dense(i, actBackward(dh, i));
    if (dx) dh = dx;
  }
  return { dw, db, dShift, dScale };
}
