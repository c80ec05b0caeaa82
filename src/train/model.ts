/**
 * Model structure and device parameters. An MLP is `depth` dense layers with the hidden activation (of `width` units,
 * or `widths[k]` for layer k), then a linear output layer. A residual MLP is an input projection (d → W, activation),
 * `depth` blocks h ← h + branch(h) with branch = Linear → φ → … → Linear (`blockSize` layers), then the output layer.
 * Weights are [fanIn, fanOut], y = xW + b.
 *
 * Dense layers are numbered in one flat forward order — stem (hidden layers, or the input projection), the branch
 * layers block by block, then the output layer — which is also the order of the result's `layers`.
 */
import { type Activation, hiddenWidths, type ModelKind, type ModelParams } from '../params/index.ts';
import { type Buf, dispose, scalar } from './buffers.ts';
import { Constants, type Mat, mat, type Scalar, type Vec, vec } from './kernels.ts';
import { initialRunningStats, type NormKind, type RunningStats } from './norm.ts';
import { hasBranchMultiplier } from './residual-scale.ts';

export interface DenseSpec {
  fanIn: number;
  fanOut: number;
  act: Activation;
}

export interface ModelSpec {
  kind: ModelKind;
  /** MLP: the hidden layers; residual: the input projection. */
  stem: DenseSpec[];
  /** Residual branches (empty for an MLP). */
  blocks: DenseSpec[][];
  head: DenseSpec;
  negativeSlope: number;
  /** Fixup's scalar biases (one before each branch layer, init 0); Fixup also has a branch multiplier. */
  fixup: boolean;
  /** A learnable multiplier on each branch, h + s·F(h): Fixup's (init 1), SkipInit's and ReZero's (init 0). */
  branchMultiplier: boolean;
  /** A normalisation layer after every dense layer but the output layer (norm.ts). */
  norm: NormKind | null;
}

/** The options that shape a model. */
export type ArchParams = Pick<
  ModelParams,
  'model' | 'depth' | 'width' | 'widths' | 'blockSize' | 'norm' | 'residualScale' | 'activation' | 'negativeSlope'
>;

export function modelSpec(p: ArchParams, inputDim: number, outputDim: number, fixup = false): ModelSpec {
  const sizes = hiddenWidths(p);
  const norm = p.norm ?? null;
  const head: DenseSpec = { fanIn: sizes[sizes.length - 1], fanOut: outputDim, act: 'linear' };
  if (p.model === 'mlp') {
    const stem = sizes.map(
      (w, i): DenseSpec => ({ fanIn: i === 0 ? inputDim : sizes[i - 1], fanOut: w, act: p.activation }),
    );
    return {
      kind: 'mlp',
      stem,
      blocks: [],
      head,
      negativeSlope: p.negativeSlope,
      fixup: false,
      branchMultiplier: false,
      norm,
    };
  }
  // h + branch(h) needs the branch's output as wide as its input (the normaliser refuses unequal residual widths).
  const width = sizes[0];
  if (sizes.some((w) => w !== width)) throw new RangeError('widths: a residual model needs equal widths');
  const branch = (): DenseSpec[] =>
    Array.from({ length: p.blockSize }, (_, j) => ({
      fanIn: width,
      fanOut: width,
      act: j === p.blockSize - 1 ? 'linear' : p.activation,
    }));
  const blocks = sizes.map(branch);
  const stem: DenseSpec[] = [{ fanIn: inputDim, fanOut: width, act: p.activation }];
  const branchMultiplier = fixup || hasBranchMultiplier(p.residualScale);
  return { kind: 'residual', stem, blocks, head, negativeSlope: p.negativeSlope, fixup, branchMultiplier, norm };
}

/** All dense layers in flat forward order. */
export function denseLayers(spec: ModelSpec): DenseSpec[] {
  return [...spec.stem, ...spec.blocks.flat(), spec.head];
}

/** Host copy of every parameter, in flat layer order (the form initializers produce and tests inspect). */
export interface HostParams {
  w: Float32Array[];
  b: Float32Array[];
  /** Fixup only: per block, one scalar bias per branch layer. */
  shift: number[][];
  /** With a branch multiplier (Fixup, SkipInit, ReZero): per block, the multiplier. */
  scale: number[];
  /** With norm layers: each normalised layer's scale γ and shift β (every dense layer but the output layer). */
  gamma: Float32Array[];
  beta: Float32Array[];
}

/** Device parameters. The optimizer numbers them in one flat order (`paramList`). */
export interface Model {
  spec: ModelSpec;
  layers: DenseSpec[];
  /** [1, fanIn, fanOut] each (see kernels.ts). */
  w: Mat[];
  b: Vec[];
  shift: Scalar[][];
  scale: Scalar[];
  gamma: Vec[];
  beta: Vec[];
  /** BatchNorm's running averages per normalised layer (not trained; updated by training steps). */
  running: RunningStats[];
  consts: Constants;
}

export function uploadModel(spec: ModelSpec, host: HostParams): Model {
  const layers = denseLayers(spec);
  return {
    spec,
    layers,
    w: layers.map((l, i) => mat(host.w[i], l.fanIn, l.fanOut)),
    b: host.b.map((b) => vec(b)),
    shift: spec.fixup ? host.shift.map((row) => row.map((v) => scalar(v))) : [],
    scale: spec.branchMultiplier ? host.scale.map((v) => scalar(v)) : [],
    gamma: host.gamma.map((g) => vec(g)),
    beta: host.beta.map((b) => vec(b)),
    running: spec.norm === 'batch' ? host.gamma.map((g) => initialRunningStats(g.length)) : [],
    consts: new Constants(),
  };
}

/** Every trained parameter; norm layers' γ and β come last, so models without them number the rest as before. */
export function paramList(m: Model): Buf[] {
  return [...m.w, ...m.b, ...m.shift.flat(), ...m.scale, ...m.gamma, ...m.beta];
}

export function disposeModel(m: Model): void {
  for (const t of paramList(m)) t.dispose();
  for (const r of m.running) dispose([r.mean, r.variance]);
  m.consts.dispose();
}

/** Read every parameter back to the host. */
export function downloadModel(m: Model): HostParams {
  return {
    w: m.w.map((t) => t.dataSync() as Float32Array),
    b: m.b.map((t) => t.dataSync() as Float32Array),
    shift: m.shift.map((row) => row.map((t) => t.dataSync()[0])),
    scale: m.scale.map((t) => t.dataSync()[0]),
    gamma: m.gamma.map((t) => t.dataSync() as Float32Array),
    beta: m.beta.map((t) => t.dataSync() as Float32Array),
  };
}
