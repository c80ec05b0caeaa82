/**
 * The hand-derived backward pass. It runs transposed whichever orientation the forward used (forward.ts): ∂W = xᵀ·δ
 * needs δ, and ∂xᵀ = W·δᵀ needs δᵀ and W (not Wᵀ), so each layer transposes one rows × fanOut delta (and, after a
 * normal forward, its rows × fanIn input), and every product packs a rows-sized operand. The bias gradient is an
 * inner-axis sum of δᵀ. Callers run this inside `tidy`.
 */
import { activationBackward } from './activations.ts';
import { tidy } from './buffers.ts';
import { PACK_OVER_TRANSPOSE, type Tape } from './forward.ts';
import { add, type Mat, matMul, mul, rowSum, type Scalar, sub, total, transpose, type Vec } from './kernels.ts';
import type { Model } from './model.ts';
import { normBackward } from './norm.ts';

/**
 * Where backprop hands each gradient, as soon as the pass no longer needs the parameter it belongs to: a dense layer's
 * pair right after its input gradient has been taken, the branch scalars (Fixup's biases, any branch multiplier) at
 * the end.
 */
export interface GradSink {
  dense(i: number, dw: Mat, db: Vec): void;
  /** Layer i's norm layer: the gradients of its scale γ and shift β. */
  norm(i: number, dGamma: Vec, dBeta: Vec): void;
  branchScalars(dShift: Scalar[][], dScale: Scalar[]): void;
}

/** Gradients in `paramList` order: dW and db per layer, Fixup's scalar biases, the branch multipliers, norm γ and β. */
export interface Grads {
  dw: Mat[];
  db: Vec[];
  dShift: Scalar[][];
  dScale: Scalar[];
  /** Per normalised layer (all but the output layer), when the model has norm layers. */
  dGamma: Vec[];
  dBeta: Vec[];
}

interface Delta {
  /** ∂loss/∂z transposed, [fanOut, rows], and (made when first needed) ∂loss/∂z itself. */
  deltaT: Mat;
  delta?: Mat;
}

export interface BackpropOptions {
  /** The network input, [rows, inputDim], and its transpose, which the data pipeline prepares for free. */
  input?: Mat;
  inputT?: Mat;
  /** When given, receives ∂loss/∂(pre-activation) of every layer (statistics only; training does not ask). */
  deltas?: Mat[];
}

/**
 * Whether the first layer's ∂W = xᵀ·δ, which packs δ (rows × fanOut), packs less as (δᵀ·x)ᵀ, which packs x
 * (rows × fanIn) and transposes the product: for 2-D data at batch 64 and width 256, 128 floats instead of 16 384.
 */
function narrowInput(x: Mat, fanOut: number): boolean {
  const [, rows, fanIn] = x.shape;
  return rows * fanIn + (fanIn * fanOut) / PACK_OVER_TRANSPOSE < rows * fanOut;
}

/** Every gradient, collected (for statistics and tests). */
export function backward(m: Model, tape: Tape, dLogits: Delta, opts: BackpropOptions = {}): Grads {
  const n = m.layers.length;
  const normed = m.spec.norm ? n - 1 : 0;
  const g: Grads = {
    dw: new Array(n),
    db: new Array(n),
    dShift: [],
    dScale: [],
    dGamma: new Array(normed),
    dBeta: new Array(normed),
  };
  backprop(
    m,
    tape,
    dLogits,
    {
      dense(i, dw, db) {
        g.dw[i] = dw;
        g.db[i] = db;
      },
      norm(i, dGamma, dBeta) {
        g.dGamma[i] = dGamma;
        g.dBeta[i] = dBeta;
      },
      branchScalars(dShift, dScale) {
        g.dShift = dShift;
        g.dScale = dScale;
      },
    },
    opts,
  );
  return g;
}

/**
 * Backpropagate ∂loss/∂logits, given in both orientations (the host computes it, so the transpose is free), possibly
 * pre-scaled by the learning rate: every gradient is linear in it. Temporaries are freed layer by layer, so that each
 * layer's allocations reuse memory the previous one has just left in cache.
 */
export function backprop(m: Model, tape: Tape, dLogits: Delta, sink: GradSink, opts: BackpropOptions = {}): void {
  const n = m.layers.length;
  const { negativeSlope: slope, fixup } = m.spec;
  const dShift: Scalar[][] = m.spec.blocks.map(() => []);
  const dScale: Scalar[] = [];
  /** Transposed input of each layer, set as the backward pass reaches it. */
  const inputsT: Mat[] = new Array(n);
  const flipped = (t: Mat): Mat => (tape.transposed ? t : transpose(t));

  /** Hands over layer i's weight and bias gradients; returns ∂loss/∂(its input)ᵀ unless it is the first layer. */
  const dense = (i: number, d: Delta): Mat | null => {
    const delta = (): Mat => {
      d.delta ??= transpose(d.deltaT);
      return d.delta;
    };
    if (opts.deltas) opts.deltas[i] = delta();
    const x = i === 0 ? opts.input : undefined;
    let dw: Mat;
    if (x && narrowInput(x, m.layers[0].fanOut)) dw = tidy(() => transpose(matMul(d.deltaT, x)));
    else {
      inputsT[i] = i === 0 && opts.inputT ? opts.inputT : flipped(tape.inputs[i]);
      dw = matMul(inputsT[i], delta());
    }
    if (!opts.deltas && d.delta && d.delta !== dLogits.delta) d.delta.dispose();
    const db = tidy(() => rowSum(d.deltaT));
    const dxT = i === 0 ? null : matMul(m.w[i], d.deltaT);
    sink.dense(i, dw, db);
    return dxT;
  };

  /** ∂loss/∂zᵀ of layer k from ∂loss/∂yᵀ, its norm layer's output: through the norm layer, if it has one, whose
   * parameter gradients go to the sink on the way. */
  const throughNorm = (k: number, dyT: Mat): Mat => {
    const normTape = tape.outs[k].norm;
    if (!normTape) return dyT;
    const { dzT, dGamma, dBeta } = tidy(() => normBackward(dyT, normTape, m.spec.norm!, m.gamma[k], m.consts));
    sink.norm(k, dGamma, dBeta);
    return dzT;
  };

  /** Layer k's delta from ∂loss/∂(its output)ᵀ; its output's transpose is the transposed input of the layer that
   * consumed it, less Fixup's scalar bias when one was added on the way. */
  const throughActivation = (k: number, daT: Mat, consumer: number, shift?: Scalar): Delta => {
    const dyT = tidy(() => {
      const aT = shift ? sub(inputsT[consumer], shift) : inputsT[consumer];
      return activationBackward(daT, aT, tape.outs[k], m.layers[k].act, slope, m.consts, !tape.transposed);
    });
    return { deltaT: throughNorm(k, dyT) };
  };

  let dhT = dense(n - 1, dLogits)!;
  let i = n - 1;
  for (let bi = m.spec.blocks.length - 1; bi >= 0; bi--) {
    const branch = m.spec.blocks[bi];
    let deltaT = dhT;
    if (m.spec.branchMultiplier) {
      dScale[bi] = total(mul(dhT, flipped(tape.outs[i - 1].a)));
      deltaT = mul(dhT, m.scale[bi]);
    }
    let d: Delta = { deltaT: throughNorm(i - 1, deltaT) };
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
  sink.branchScalars(dShift, dScale);
}
