/**
 * `initlab sample` / `GET /api/v1/initializers/:id/sample`: one weight matrix, its moments against the formula, a
 * histogram, and for the *_normal ids the same σ drawn as TF.js' built-ins draw it.
 */
import {
  type InitId,
  normaliseSampleParams,
  paramsOrThrow,
  type SampleParams,
  type WeightShape,
  weightShape,
} from '../params/index.ts';
import type { ConvSample, Histogram, SampleResult, TfjsBuiltinSample, TorchTruncNormalSample } from '../result.ts';
import { type Rng, streamFor } from '../rng.ts';
import { resolveGain } from './gain.ts';
import { orthogonalityError } from './orthogonal.ts';
import { expectedStd, sampleWeights } from './sampling.ts';
import { drawTorchTruncNormal, TORCH_TRUNC_BOUND, torchTruncCall, torchTruncCutMass } from './torch-trunc.ts';

export interface Moments {
  mean: number;
  /** Population std (divides by n), accumulated in float64. */
  std: number;
  min: number;
  max: number;
}

/**
 * Mean and population variance (divides by n) in float64, two-pass: the one definition the engine's statistics use.
 * These loops index the array: `for…of` over a typed array measured 6–15× slower in V8, and per-layer statistics run
 * them over every weight and activation of a trial.
 */
export function meanVariance(values: Float32Array): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) * (values[i] - mean);
  return { mean, variance: squares / values.length };
}

export function moments(values: Float32Array): Moments {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const { mean, variance } = meanVariance(values);
  return { mean, std: Math.sqrt(variance), min, max };
}

/**
 * `bins` equal-width bins over [lo, hi] (edges has bins + 1 entries; the last bin includes hi; values outside fall in
 * the end bins; non-finite values are left out). A zero-width range (constant weights) is widened around the value so
 * the histogram still has a visible bar.
 */
export function histogram(values: Float32Array, bins: number, lo: number, hi: number): Histogram {
  if (hi <= lo) {
    const half = Math.max(Math.abs(lo) * 0.5, 0.5);
    return histogram(values, bins, lo - half, hi + half);
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Int32Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  }
  return { edges, counts: Array.from(counts) };
}

/** The TF.js built-ins whose normal variant lacks Keras' truncation correction. */
export const TFJS_UNCORRECTED_BUILTINS: Partial<Record<InitId, string>> = {
  glorot_normal: 'tf.initializers.glorotNormal({})',
  he_normal: 'tf.initializers.heNormal({})',
  lecun_normal: 'tf.initializers.leCunNormal({})',
};

/** TF.js' algorithm on our PRNG: tf.truncatedNormal(shape, 0, σ), i.e. N(0, σ²) cut at ±2σ, no std correction. */
export function drawTfjsBuiltin(sigma: number, count: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = sigma * rng.truncatedNormal();
  return out;
}

interface BuiltinDraw {
  builtin: string;
  sigma: number;
  weights: Float32Array;
  moments: Moments;
}

/** On its own stream, so that it does not shift the formula's draw. */
function drawBuiltinFor(params: SampleParams, shape: WeightShape): BuiltinDraw | null {
  const builtin = TFJS_UNCORRECTED_BUILTINS[params.init];
  if (!builtin) return null;
  const sigma = expectedStd(params.init, shape.fanIn, shape.fanOut, params);
  const weights = drawTfjsBuiltin(sigma, shape.rows * shape.cols, streamFor(params.seed, 'sample:tfjs-builtin'));
  return { builtin, sigma, weights, moments: moments(weights) };
}

interface TorchDraw {
  sigma: number;
  weights: Float32Array;
  moments: Moments;
}

/** PyTorch's trunc_normal_ at the formula's σ, on its own stream so the formula's draw is unchanged. */
function drawTorchFor(sigma: number, count: number, seed: number): TorchDraw {
  const weights = drawTorchTruncNormal(sigma, count, streamFor(seed, 'sample:torch-trunc-normal'));
  return { sigma, weights, moments: moments(weights) };
}

function summariseTorch(d: TorchDraw, bins: number, lo: number, hi: number): TorchTruncNormalSample {
  return {
    call: torchTruncCall(d.sigma),
    boundInStd: TORCH_TRUNC_BOUND / d.sigma,
    cutMass: torchTruncCutMass(d.sigma),
    std: d.moments.std,
    stdRatio: d.moments.std / d.sigma,
    maxAbsInStd: Math.max(Math.abs(d.moments.min), Math.abs(d.moments.max)) / d.sigma,
    histogram: histogram(d.weights, bins, lo, hi),
  };
}

function summariseBuiltin(d: BuiltinDraw, bins: number, lo: number, hi: number): TfjsBuiltinSample {
  return {
    builtin: d.builtin,
    ...d.moments,
    stdRatio: d.sigma > 0 ? d.moments.std / d.sigma : 1,
    histogram: histogram(d.weights, bins, lo, hi),
  };
}

/**
 * The same validation as the CLI and the API, for callers that hand in params directly: a RangeError naming every
 * bad field rather than NaN in the output.
 */
function checked(params: SampleParams): SampleParams {
  return paramsOrThrow(normaliseSampleParams(params));
}

/** The TF.js built-in variant of a *_normal init for these params; null for ids without one. */
export function sampleTfjsBuiltin(params: SampleParams): TfjsBuiltinSample | null {
  const p = checked(params);
  const d = drawBuiltinFor(p, weightShape(p));
  return d && summariseBuiltin(d, params.bins, d.moments.min, d.moments.max);
}

/**
 * One [fanIn, fanOut] draw of `params.init` on the stream (seed, 'sample'), summarised — for a convolution its
 * [c_in·k², c_out] kernel matrix. Deterministic. For the *_normal ids with a TF.js built-in, `tfjsBuiltin` holds that
 * variant, and for a truncated random_normal `pytorchTruncNormal` PyTorch's, histogrammed on the same edges.
 */
export function sampleInitializer(input: SampleParams): SampleResult {
  const params = checked(input);
  const { init, seed, bins } = params;
  const shape = weightShape(params);
  const { fanIn, fanOut } = shape;
  const w = sampleWeights(init, fanIn, fanOut, params, streamFor(seed, 'sample'), shape);
  const gain = resolveGain(init, params.gain, params.activation, params.negativeSlope);
  const m = moments(w);
  const expected = expectedStd(init, fanIn, fanOut, params, shape);
  const builtin = drawBuiltinFor(params, shape);
  const conv = convOf(params);
  const torch =
    init === 'random_normal' && params.truncated && expected > 0 ? drawTorchFor(expected, w.length, seed) : null;
  const extra = [builtin, torch];
  const lo = Math.min(m.min, ...extra.map((d) => d?.moments.min ?? m.min));
  const hi = Math.max(m.max, ...extra.map((d) => d?.moments.max ?? m.max));
  return {
    init,
    fanIn,
    fanOut,
    gain,
    seed,
    mean: m.mean,
    std: m.std,
    min: m.min,
    max: m.max,
    expectedStd: expected,
    ...(init === 'orthogonal' ? { orthogonalityError: orthogonalityError(w, shape.rows, shape.cols, gain) } : {}),
    histogram: histogram(w, bins, lo, hi),
    ...(builtin ? { tfjsBuiltin: summariseBuiltin(builtin, bins, lo, hi) } : {}),
    ...(conv ? { conv } : {}),
    ...(torch ? { pytorchTruncNormal: summariseTorch(torch, bins, lo, hi) } : {}),
  };
}

function convOf(p: SampleParams): ConvSample | undefined {
  const { inChannels: i, outChannels: o, kernelSize: k } = p;
  if (i === undefined || o === undefined || k === undefined) return undefined;
  return { inChannels: i, outChannels: o, kernelSize: k, pytorchShape: [o, i, k, k], kerasShape: [k, k, i, o] };
}
