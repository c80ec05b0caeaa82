/** The JSON shapes the engine returns; CLI and API emit exactly these. */
import type { CompareParams, SampleParams, TrialParams } from './params/index.ts';

export interface EngineInfo {
  version: string;
  tfjs: string;
  backend: string;
  simd: boolean;
  threads: number;
}

export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Per-layer statistics on one fixed evaluation batch. Numbers are finite; non-finite values become null. */
export interface LayerStats {
  weightStd: number | null;
  actMean: number | null;
  actStd: number | null;
  /** Fraction of units whose post-activation is exactly 0 on every example of the batch (dead ReLUs). */
  fracDead: number | null;
  /** Fraction of post-activations in the flat tails (|tanh| > 0.99, sigmoid < 0.01 or > 0.99); 0 for ReLU-like. */
  fracSaturated: number | null;
  /** L2 norm of the loss gradient w.r.t. this layer's weights. */
  gradNorm: number | null;
  /**
   * Std of the back-propagated gradient ∂loss/∂z over the batch and units, z this layer's pre-activation (Glorot &
   * Bengio 2010, Fig. 7). Unlike the weight gradient it does not carry the layer's input scale.
   */
  backGradStd: number | null;
  actHistogram: Histogram;
  gradHistogram: Histogram;
}

export interface LayerRecord {
  index: number;
  fanIn: number;
  fanOut: number;
  atInit: LayerStats;
  checkpoints: (LayerStats & { step: number })[];
}

export interface TrialResult {
  params: TrialParams;
  engine: EngineInfo;
  steps: number[];
  trainLoss: (number | null)[];
  testLoss: (number | null)[];
  testAccuracy: (number | null)[];
  final: {
    trainLoss: number | null;
    testLoss: number | null;
    testAccuracy: number | null;
    stepsToTarget: number | null;
  };
  diverged: boolean;
  divergedAtStep: number | null;
  layers: LayerRecord[];
  /** 2-D data sets only (spiral, circles, xor, gauss): the trained model's decision boundary; null for mnist and
   * teacher, for a run of 0 steps, and for a run that diverged. */
  boundary: DecisionBoundary | null;
  /** The decision boundary at every checkpoint step at which the model's predictions were finite, in step order
   * (2-D data sets only; empty otherwise), on the same grid as `boundary` — its training points are in `boundary`
   * (or, if this trial diverged, in any trial of the same params). */
  boundaryCheckpoints: BoundaryCheckpoint[];
  timing: { ms: number };
}

/**
 * The predicted probability of class 1 over a grid in the data's raw coordinates, with training points to draw on it.
 * Cell (i, j) spans x ∈ xMin + [i, i+1)·(xMax − xMin)/resolution and likewise y from yMin; `p[j·resolution + i]` is
 * the prediction at its centre, rounded to 2 decimals (the coordinates too).
 */
export interface DecisionBoundary {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  resolution: number;
  p: number[];
  /** The first training examples (a random subset: data are stored shuffled) and their classes (0 or 1). */
  points: { x: number[]; y: number[]; label: number[] };
}

/** The boundary after `step` updates: a {@link DecisionBoundary} without the points. */
export type BoundaryCheckpoint = Omit<DecisionBoundary, 'points'> & { step: number };

export interface CompareResult {
  params: CompareParams;
  trials: TrialResult[];
  timing: { ms: number };
}

export interface SampleResult {
  init: SampleParams['init'];
  fanIn: number;
  fanOut: number;
  /** The gain actually used (after 'default' / 'auto' resolution). */
  gain: number;
  seed: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** The std the formula prescribes for this init, fan and gain. */
  expectedStd: number;
  /** ‖WᵀW − g²I‖_max (or WWᵀ for wide W), orthogonal only. */
  orthogonalityError?: number;
  histogram: Histogram;
  /** glorot_normal, he_normal, lecun_normal: the same σ drawn the way TF.js' built-in does it (tensorflow/tfjs#8594). */
  tfjsBuiltin?: TfjsBuiltinSample;
}

/**
 * A draw by TF.js' heNormal / glorotNormal / leCunNormal algorithm: N(0, σ²) truncated at ±2σ without Keras'
 * 1/0.8796 correction, so its std is ≈ 0.8796 σ. Its histogram shares the edges of the formula's.
 */
export interface TfjsBuiltinSample {
  /** The TF.js call it reproduces, e.g. tf.initializers.heNormal({}). */
  builtin: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** std / expectedStd (≈ 0.8796). */
  stdRatio: number;
  histogram: Histogram;
}
