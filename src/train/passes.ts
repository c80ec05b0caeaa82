/**
 * Forward and hand-derived backward passes, in one of two orientations.
 *
 * tfjs-backend-wasm 4.22 runs plain 2-D products on XNNPACK, which first packs a product's right operand into its own
 * panel layout and caches that packing by tensor id. A training step can never reuse one (every step makes new
 * weights, activations and deltas), so every product pays for packing its right operand: about 4 ns per element
 * here, as much as the arithmetic of a 57-row product. `transposeA`, `transposeB` and batched products run on a
 * scalar path many times slower, so operands are transposed explicitly (a copy) instead.
 *
 * - Normal orientation, activations [rows, features]: z = x·W + b packs W (fanIn × fanOut), with b and φ fused.
 * - Transposed orientation, activations [features, rows]: zᵀ = Wᵀ·xᵀ + b packs xᵀ (fanIn × rows) and pays for an
 *   explicit Wᵀ instead, measured at a quarter of a packing per element; b (per row) and φ are kernels of their own.
 *   For a 64-row batch through 256-wide layers this packs a quarter as much; for evaluation's 512 rows the normal
 *   orientation packs less. `runsTransposed` picks by that count.
 *
 * The backward pass runs transposed whichever orientation the forward used: ∂W = xᵀ·δ needs δ, and ∂xᵀ = W·δᵀ needs
 * δᵀ and W (not Wᵀ), so each layer transposes one rows × fanOut delta (and, after a normal forward, its rows × fanIn
 * input), and every backward product packs a rows-sized operand. The bias gradient is an inner-axis sum of δᵀ.
 * Callers run these inside `tf.tidy`.
 */
import { tf } from '../backend.ts';
import { activationBackward, type DenseOutput, denseForward } from './activations.ts';
import { add, type Mat, matMul, mul, rowSum, sub, total, transpose } from './kernels.ts';
import type { DenseSpec, Model } from './model.ts';

/** Packing a weight costs this many times an element transpose (measured: 270 µs vs 72 µs for 256 × 256). */
const PACK_OVER_TRANSPOSE = 4;

/**
 * Whether a pass over `rows` examples packs less transposed: each layer then packs its rows × fanIn input and
 * transposes its weight, instead of packing the weight.
 */
export function runsTransposed(rows: number, layers: readonly DenseSpec[]): boolean {
  const weights = layers.reduce((s, l) => s + l.fanIn * l.fanOut, 0);
  const inputs = layers.reduce((s, l) => s + l.fanIn * rows, 0);
  return inputs + weights / PACK_OVER_TRANSPOSE < weights;
}

/** What the forward pass keeps for the backward pass, per dense layer in flat order, all in one orientation. */
export interface Tape {
  /** Whether every tensor here is [features, rows]. */
  transposed: boolean;
  /** The tensor each layer multiplied (its input, plus Fixup's scalar bias). */
  inputs: Mat[];
  outs: DenseOutput[];
  logits: Mat;
}

export interface ForwardOptions {
  /** Run transposed: `x` is then [features, rows] and so is everything on the tape. */
  transposed?: boolean;
  /** Sees each layer's input before the layer uses its weights (LSUV rescales them there). */
  beforeLayer?: (i: number, input: Mat) => void;
}

export function forward(m: Model, x: Mat, { transposed = false, beforeLayer }: ForwardOptions = {}): Tape {
  const inputs: Mat[] = [];
  const outs: DenseOutput[] = [];
  const { negativeSlope, fixup } = m.spec;
  const dense = (i: number, input: Mat): Mat => {
    inputs.push(input);
    beforeLayer?.(i, input);
    // Its own scope, so that the layer's temporaries (Wᵀ above all) are freed before the next layer allocates.
    const out = tf.tidy(() =>
      denseForward({ x: input, w: m.w[i], b: m.b[i], act: m.layers[i].act, negativeSlope, c: m.consts }, transposed),
    );
    outs.push(out);
    return out.a;
  };
  let h = x;
  let i = 0;
  for (; i < m.spec.stem.length; i++) h = dense(i, h);
  m.spec.blocks.forEach((branch, bi) => {
    let u = h;
    for (let j = 0; j < branch.length; j++, i++) u = dense(i, fixup ? add(u, m.shift[bi][j]) : u);
    h = add(h, fixup ? mul(u, m.scale[bi]) : u);
  });
  return { transposed, inputs, outs, logits: dense(i, h) };
}

/** Forward only, for evaluation: the logits. */
export function predict(m: Model, x: Mat): Mat {
  return forward(m, x).logits;
}

/**
 * Where backprop hands each gradient, as soon as the pass no longer needs the parameter it belongs to: a dense layer's
 * pair right after its input gradient has been taken, Fixup's scalars at the end.
 */
export interface GradSink {
  dense(i: number, dw: Mat, db: tf.Tensor1D): void;
  fixup(dShift: tf.Scalar[][], dScale: tf.Scalar[]): void;
}

/** Gradients in `paramList` order: dW per layer, db per layer, then Fixup's scalars. */
export interface Grads {
  dw: Mat[];
  db: tf.Tensor1D[];
  dShift: tf.Scalar[][];
  dScale: tf.Scalar[];
}

interface Delta {
  /** ∂loss/∂z, [rows, fanOut], and its transpose. */
  delta: Mat;
  deltaT: Mat;
}

export interface BackpropOptions {
  /** The transposed network input after a normal forward, which the data pipeline prepares for free. */
  inputT?: Mat;
  /** When given, receives ∂loss/∂(pre-activation) of every layer (statistics only; training does not ask). */
  deltas?: Mat[];
}

/** Every gradient, collected (for statistics and tests). */
export function backward(m: Model, tape: Tape, dLogits: Delta, opts: BackpropOptions = {}): Grads {
  const n = m.layers.length;
  const g: Grads = { dw: new Array(n), db: new Array(n), dShift: [], dScale: [] };
  backprop(
    m,
    tape,
    dLogits,
    {
      dense(i, dw, db) {
        g.dw[i] = dw;
        g.db[i] = db;
      },
      fixup(dShift, dScale) {
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
  const dShift: tf.Scalar[][] = m.spec.blocks.map(() => []);
  const dScale: tf.Scalar[] = [];
  /** Transposed input of each layer, set as the backward pass reaches it. */
  const inputsT: Mat[] = new Array(n);
  const flipped = (t: Mat): Mat => (tape.transposed ? t : transpose(t));

  /** Hands over layer i's weight and bias gradients; returns ∂loss/∂(its input)ᵀ unless it is the first layer. */
  const dense = (i: number, d: Delta): Mat | null => {
    if (opts.deltas) opts.deltas[i] = d.delta;
    inputsT[i] = i === 0 && opts.inputT ? opts.inputT : flipped(tape.inputs[i]);
    const dw = matMul(inputsT[i], d.delta);
    if (!opts.deltas && d.delta !== dLogits.delta) d.delta.dispose();
    const db = tf.tidy(() => rowSum(d.deltaT));
    const dxT = i === 0 ? null : matMul(m.w[i], d.deltaT);
    sink.dense(i, dw, db);
    return dxT;
  };

  /** Layer k's delta from ∂loss/∂(its output)ᵀ; its output's transpose is the transposed input of the layer that
   * consumed it, less Fixup's scalar bias when one was added on the way. */
  const throughActivation = (k: number, daT: Mat, consumer: number, shift?: tf.Scalar): Delta => {
    const deltaT = tf.tidy(() => {
      const aT = shift ? sub(inputsT[consumer], shift) : inputsT[consumer];
      return activationBackward(daT, aT, tape.outs[k], m.layers[k].act, slope, m.consts, !tape.transposed);
    });
    return { delta: transpose(deltaT), deltaT };
  };

  let dhT = dense(n - 1, dLogits)!;
  let i = n - 1;
  for (let bi = m.spec.blocks.length - 1; bi >= 0; bi--) {
    const branch = m.spec.blocks[bi];
    let deltaT = dhT;
    if (fixup) {
      dScale[bi] = total(mul(dhT, flipped(tape.outs[i - 1].a)));
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
  sink.fixup(dShift, dScale);
}
