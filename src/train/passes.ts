/**
 * Forward and hand-derived backward passes. Only plain 2-D products: tfjs-backend-wasm 4.22 runs those on XNNPACK,
 * while `transposeA`, `transposeB` and batched 3-D products fall to a scalar path several times slower, so
 * activations and weights are transposed explicitly (a cheap copy) before they are multiplied.
 * Callers run these inside `tf.tidy`.
 */
import { tf } from '../backend.ts';
import { activationBackward, type DenseOutput, denseForward } from './activations.ts';
import type { Model } from './model.ts';

/** What the forward pass keeps for the backward pass, per dense layer in flat order. */
export interface Tape {
  /** The tensor each layer multiplied (its input, plus Fixup's scalar bias). */
  inputs: tf.Tensor2D[];
  outs: DenseOutput[];
  logits: tf.Tensor2D;
}

/** `beforeLayer` sees each layer's input before the layer uses its weights (LSUV rescales them there). */
export function forward(m: Model, x: tf.Tensor2D, beforeLayer?: (i: number, input: tf.Tensor2D) => void): Tape {
  const inputs: tf.Tensor2D[] = [];
  const outs: DenseOutput[] = [];
  const slope = m.spec.negativeSlope;
  const dense = (i: number, input: tf.Tensor2D): tf.Tensor2D => {
    inputs.push(input);
    beforeLayer?.(i, input);
    const out = denseForward(input, m.w[i], m.b[i], m.layers[i].act, slope);
    outs.push(out);
    return out.a;
  };
  let h = x;
  let i = 0;
  for (; i < m.spec.stem.length; i++) h = dense(i, h);
  m.spec.blocks.forEach((branch, bi) => {
    let u = h;
    for (let j = 0; j < branch.length; j++, i++) u = dense(i, m.spec.fixup ? tf.add(u, m.shift[bi][j]) : u);
    h = tf.add(h, m.spec.fixup ? tf.mul(u, m.scale[bi]) : u);
  });
  return { inputs, outs, logits: dense(i, h) };
}

/** Forward only, for evaluation: the logits. */
export function predict(m: Model, x: tf.Tensor2D): tf.Tensor2D {
  return forward(m, x).logits;
}

/** Gradients in `paramList` order: dW per layer, db per layer, then Fixup's scalars. */
export interface Grads {
  dw: tf.Tensor2D[];
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
  dLogits: tf.Tensor2D,
  inputT?: tf.Tensor2D,
  /** When given, receives ∂loss/∂(pre-activation) of every layer (statistics only; training does not ask). */
  deltas?: tf.Tensor2D[],
): Grads {
  const n = m.layers.length;
  const slope = m.spec.negativeSlope;
  const dw: tf.Tensor2D[] = new Array(n);
  const db: tf.Tensor1D[] = new Array(n);
  const dShift: tf.Scalar[][] = m.spec.blocks.map(() => []);
  const dScale: tf.Scalar[] = [];

  /** Weight and bias gradients of layer i from its output delta; returns ∂loss/∂input unless it is the first. */
  const dense = (i: number, delta: tf.Tensor2D): tf.Tensor2D | null => {
    if (deltas) deltas[i] = delta;
    const xT = i === 0 && inputT ? inputT : (tf.transpose(tape.inputs[i]) as tf.Tensor2D);
    dw[i] = tf.matMul(xT, delta);
    db[i] = tf.sum(delta, 0);
    return i === 0 ? null : (tf.matMul(delta, tf.transpose(m.w[i])) as tf.Tensor2D);
  };

  let dh = dense(n - 1, dLogits)!;
  let i = n - 1;
  for (let bi = m.spec.blocks.length - 1; bi >= 0; bi--) {
    const branch = m.spec.blocks[bi];
    let delta = dh;
    if (m.spec.fixup) {
      dScale[bi] = tf.sum(tf.mul(dh, tape.outs[i - 1].a));
      delta = tf.mul(dh, m.scale[bi]);
    }
    for (let j = branch.length - 1; j >= 0; j--) {
      i--;
      const dx = dense(i, delta)!;
      if (m.spec.fixup) dShift[bi][j] = tf.sum(dx);
      if (j > 0) delta = activationBackward(dx, tape.outs[i - 1], m.layers[i - 1].act, slope);
      else dh = tf.add(dh, dx);
    }
  }
  for (i--; i >= 0; i--) {
    const delta = activationBackward(dh, tape.outs[i], m.layers[i].act, slope);
    const dx = dense(i, delta);
    if (dx) dh = dx;
  }
  return { dw, db, dShift, dScale };
}
