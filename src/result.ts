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
  /** Layers with a norm layer only: the std of its input z = x·W + b and of its output γ·n̂ + β (before φ). */
  normInputStd?: number | null;
  normOutputStd?: number | null;
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
  /** A convolution's kernel (inChannels, outChannels, kernelSize given): its channels and each framework's layout. */
  conv?: ConvSample;
  /** random_normal, truncated: the same σ through PyTorch's trunc_normal_(w, std=σ), whose a, b = ∓2 are absolute. */
  pytorchTruncNormal?: TorchTruncNormalSample;
}

/** The drawn kernel's shape in each framework: the values are the same, only their order differs. */
export interface ConvSample {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  /** torch.nn.Conv2d.weight: [c_out, c_in, k, k]. */
  pytorchShape: number[];
  /** keras.layers.Conv2D kernel (and TF.js, JAX's HWIO): [k, k, c_in, c_out]. */
  kerasShape: number[];
}

/**
 * PyTorch's trunc_normal_(w, mean=0, std=σ, a=-2, b=2): N(0, σ²) cut at the absolute values ±2, i.e. at ±(2/σ)σ. At
 * σ = 0.02 that is ±100σ, where no draw ever falls: no truncation at all, unlike Keras' cut at ±2σ (with its std
 * correction). Drawn on its own stream; its histogram shares the edges of the formula's.
 */
export interface TorchTruncNormalSample {
  call: string;
  /** The cut, in units of σ: 2/σ. */
  boundInStd: number;
  /** Share of N(0, σ²) the cut removes, 2Φ(−2/σ) (exact; 0 at σ = 0.02). */
  cutMass: number;
  std: number;
  /** std / σ (1 when nothing is cut; Keras' corrected draw also has 1, but never leaves ±2.27σ). */
  stdRatio: number;
  /** max |w| / σ. */
  maxAbsInStd: number;
  histogram: Histogram;
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
