/**
 * Forward passes, in one of two orientations.
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
 * Callers run these inside `tidy`.
 */
import { type DenseArgs, type DenseOutput, denseForward } from './activations.ts';
import { dispose, keep, tidy } from './buffers.ts';
import { add, type Constants, type Mat, matMul, mul, type Scalar, total, transpose } from './kernels.ts';
import type { DenseSpec, Model } from './model.ts';
import { normForward, type RunningStats } from './norm.ts';

/** Packing a weight costs this many times an element transpose (measured: 270 µs vs 72 µs for 256 × 256). */
export const PACK_OVER_TRANSPOSE = 4;

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
  /** Each layer's output; the last, the logits, is [rows, outputs] in either orientation. */
  outs: DenseOutput[];
  logits: Mat;
}

export interface ForwardOptions {
  /** Run transposed: `x` is then [features, rows] and so is everything on the tape. */
  transposed?: boolean;
  /** Sees each layer's input before the layer uses its weights (LSUV rescales them there). */
  beforeLayer?: (i: number, input: Mat) => void;
  /** A training step's pass: batch norm layers move their running averages (statistics passes leave them). */
  updateRunning?: boolean;
}

/** How norm layers run in a pass: on the pass's own statistics with a tape (training), or as in evaluation. */
interface NormMode {
  training: boolean;
  updateRunning: boolean;
}
const EVALUATION: NormMode = { training: false, updateRunning: false };

/**
 * Whether a transposed pass's output layer packs less run normally on its transposed-back input (packing its small
 * weight) than transposed (packing its whole input).
 */
function headRunsNormal(l: DenseSpec, rows: number): boolean {
  return l.fanIn * l.fanOut + (l.fanIn * rows) / PACK_OVER_TRANSPOSE < l.fanIn * rows;
}

/**
 * One dense layer of `m`, in its own scope so that its temporaries (Wᵀ above all) are freed before the next one. The
 * output layer always gives logits as [rows, outputs], the form the loss head reads, whatever the orientation.
 */
function layer(m: Model, i: number, x: Mat, transposed: boolean, mode: NormMode): DenseOutput {
  const args = {
    x,
    w: m.w[i],
    b: m.b[i],
    act: m.layers[i].act,
    negativeSlope: m.spec.negativeSlope,
    c: m.consts,
    normalise: normaliser(m, i, transposed, mode),
  };
  return tidy(() => {
    if (!transposed || i < m.layers.length - 1) return denseForward(args, transposed);
    if (headRunsNormal(m.layers[i], x.shape[2])) return denseForward({ ...args, x: transpose(x) }, false);
    return { a: transpose(denseForward(args, true).a) };
  });
}

/** Layer i's norm layer as the pass runs it, if the model has one there (every dense layer but the output layer). */
function normaliser(m: Model, i: number, transposed: boolean, mode: NormMode): DenseArgs['normalise'] {
  const kind = m.spec.norm;
  if (!kind || i >= m.layers.length - 1) return undefined;
  const updateRunning =
    kind === 'batch' && mode.updateRunning
      ? (next: RunningStats) => {
          dispose([m.running[i].mean, m.running[i].variance]);
          m.running[i] = { mean: keep(next.mean), variance: keep(next.variance) };
        }
      : undefined;
  const args = { kind, gamma: m.gamma[i], beta: m.beta[i], c: m.consts, running: m.running[i], updateRunning };
  return (z) => normForward(z, transposed, args, mode.training);
}

/**
 * The model's layers in forward order — stem, residual blocks with Fixup's scalar biases and any branch multiplier,
 * head — each run by `dense`.
 * With `free`, every intermediate is disposed as soon as the walk is done with it (the network input excepted).
 */
function walk(m: Model, x: Mat, dense: (i: number, input: Mat) => Mat, free: boolean): Mat {
  const { fixup, branchMultiplier } = m.spec;
  const drop = (t: Mat, unless: Mat = x) => {
    if (free && t !== x && t !== unless) t.dispose();
  };
  let h = x;
  let i = 0;
  for (; i < m.spec.stem.length; i++) {
    const next = dense(i, h);
    drop(h);
    h = next;
  }
  m.spec.blocks.forEach((branch, bi) => {
    let u = h;
    for (let j = 0; j < branch.length; j++, i++) {
      const input = fixup ? add(u, m.shift[bi][j]) : u;
      const out = dense(i, input);
      drop(input, u);
      drop(u, h);
      u = out;
    }
    const scaled = branchMultiplier ? mul(u, m.scale[bi]) : u;
    const next = add(h, scaled);
    drop(scaled, u);
    drop(u, h);
    drop(h);
    h = next;
  });
  const logits = dense(i, h);
  drop(h);
  return logits;
}

export function forward(m: Model, x: Mat, opts: ForwardOptions = {}): Tape {
  const { transposed = false, beforeLayer } = opts;
  const mode = { training: true, updateRunning: opts.updateRunning ?? false };
  const inputs: Mat[] = [];
  const outs: DenseOutput[] = [];
  const dense = (i: number, input: Mat): Mat => {
    inputs.push(input);
    beforeLayer?.(i, input);
    const out = layer(m, i, input, transposed, mode);
    outs.push(out);
    return out.a;
  };
  const logits = walk(m, x, dense, false);
  return { transposed, inputs, outs, logits };
}

/** Forward only, as in evaluation (batch norm on its running averages): the logits. */
export function predict(m: Model, x: Mat): Mat {
  return walk(m, x, (i, input) => layer(m, i, input, false, EVALUATION).a, false);
}

/**
 * A scalar that is 0 when every value of `t` is finite and NaN otherwise: x·0 is 0 only for finite x, so this never
 * overflows on large finite values. One product with a zero column, whose constant packing the backend caches, rather
 * than an elementwise product and a full sum (measured 88 µs against 162 µs for 512 × 256).
 */
function nonFinite(t: Mat, c: Constants): Scalar {
  return total(matMul(t, c.zeroColumn(t.shape[2])));
}

/**
 * Forward only, for evaluation: the logits, and `overflow`, a scalar that is 0 when every layer's output was finite
 * and NaN otherwise. Nothing is kept for a backward pass: each output is checked and then freed as soon as the next
 * layer has used it, so each layer writes to memory the one before has just left in cache (measured 8% faster over
 * evaluation's 512 rows than keeping a tape).
 */
export function predictChecked(m: Model, x: Mat, transposed: boolean): { logits: Mat; overflow: Scalar } {
  let overflow: Scalar | null = null;
  const dense = (i: number, input: Mat): Mat => {
    const out = layer(m, i, input, transposed, EVALUATION);
    if (out.z) dispose([out.z, out.cdf!]);
    const check = nonFinite(out.a, m.consts);
    overflow = overflow ? add(overflow, check) : check;
    return out.a;
  };
  const logits = walk(m, x, dense, true);
  return { logits, overflow: overflow! };
}
