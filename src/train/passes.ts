/**
 * Forward and hand-derived backward passes. Only plain products: tfjs-backend-wasm 4.22 runs those on XNNPACK, while
 * `transposeA`, `transposeB` and batched products fall to a scalar path several times slower, so operands are
 * transposed explicitly (a copy) before they are multiplied. The backward pass carries the delta in both layouts:
 * ∂W = Xᵀ·δ needs δ, and ∂Xᵀ = W·δᵀ needs δᵀ but not Wᵀ, so each layer transposes two B×width matrices instead of a
 * width×width weight matrix; the bias gradient is then an inner-axis sum of δᵀ. Callers run these inside `tf.tidy`.
 */
import type { tf } from '../backend.ts';
import { activationBackward, type DenseOutput, denseForward } from './activations.ts';
import { add, type Mat, matMul, mul, rowSum, sub, total, transpose } from './kernels.ts';
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

interface Delta {
  /** ∂loss/∂z, [B, fanOut], and its transpose. */
  delta: Mat;
  deltaT: Mat;
}

/**
 * Backpropagate ∂loss/∂logits, given in both layouts (the host computes it, so the transpose is free), possibly
 * pre-scaled by the learning rate: every gradient is linear in it. `inputT` optionally supplies the transposed network
 * input, which the data pipeline also prepares for free.
 */
export function backward(
  m: Model,
  tape: Tape,
  dLogits: Delta,
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
  /** Transposed input of each layer, set as the backward pass reaches it. */
  const inputsT: Mat[] = new Array(n);

  /** Weight and bias gradients of layer i; returns ∂loss/∂(its input)ᵀ unless it is the first layer. */
  const dense = (i: number, d: Delta): Mat | null => {
    if (deltas) deltas[i] = d.delta;
    inputsT[i] = i === 0 && inputT ? inputT : transpose(tape.inputs[i]);
    dw[i] = matMul(inputsT[i], d.delta);
    db[i] = rowSum(d.deltaT);
    return i === 0 ? null : matMul(m.w[i], d.deltaT);
  };

  /** Layer k's delta from ∂loss/∂(its output)ᵀ; its output's transpose is the transposed input of the layer that
   * consumed it, less Fixup's scalar bias when one was added on the way. */
  const throughActivation = (k: number, daT: Mat, consumer: number, shift?: tf.Scalar): Delta => {
    const aT = shift ? sub(inputsT[consumer], shift) : inputsT[consumer];
    const deltaT = activationBackward(daT, aT, tape.outs[k], m.layers[k].act, slope, m.consts, true);
    return { delta: transpose(deltaT), deltaT };
  };

  let dhT = dense(n - 1, dLogits)!;
  let i = n - 1;
  for (let bi = m.spec.blocks.length - 1; bi >= 0; bi--) {
    const branch = m.spec.blocks[bi];
    let deltaT = dhT;
    if (fixup) {
      dScale[bi] = total(mul(dhT, transpose(tape.outs[i - 1].a)));
      deltaT = mul(dhT, m.scale[bi]);
    }
    let d: Delta = { delta: transpose(deltaT), deltaT };
    for (let j = branch.length - 1; j >= 0; j--) {
      i--;
      const dxT = dense(i, d)!;
      if (fixup) dShift[bi][j] = total(dxT);
      if (j > 0) d = throughActivation(i - 1, dxT, i, fixup ? m.shift[bi][j] : undefined);
      else dhT = add(dhT, dxT);
    }
  }
  for (i--; i >= 0; i--) {
    const shift = fixup && m.spec.blocks.length > 0 ? m.shift[0][0] : undefined;
    const dxT = dense(i, throughActivation(i, dhT, i + 1, i + 1 === m.spec.stem.length ? shift : undefined));
    if (dxT) dhT = dxT;
  }
  return { dw, db, dShift, dScale };
}
