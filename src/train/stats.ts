/** Per-layer statistics, computed on the host in float64 from arrays read back from the device. */
import { histogram, meanVariance } from '../init/index.ts';
import type { Activation } from '../params/index.ts';
import type { Histogram, LayerStats } from '../result.ts';
import { saturationTest } from './activations.ts';

/** A finite number, or null (JSON has no NaN/Infinity). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function meanStd(a: Float32Array): { mean: number; std: number } {
  const { mean, variance } = meanVariance(a);
  return { mean, std: Math.sqrt(variance) };
}

function l2(a: Float32Array): number {
  let ss = 0;
  for (let i = 0; i < a.length; i++) ss += a[i] * a[i];
  return Math.sqrt(ss);
}

/**
 * `bins` equal bins over the symmetric range ±max|x| (±1 when every value is 0), so edges depend only on the data
 * and are comparable between layers that share a scale. Non-finite values are left out of the counts (and the range).
 */
export function symmetricHistogram(a: Float32Array, bins: number): Histogram {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > max && v !== Number.POSITIVE_INFINITY) max = v;
  }
  const half = max > 0 ? max : 1;
  return histogram(a, bins, -half, half);
}

/** Fraction of units (columns) that are exactly 0 on every row. */
function fractionDead(act: Float32Array, rows: number, units: number): number {
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let allZero = true;
    for (let r = 0; r < rows && allZero; r++) allZero = act[r * units + j] === 0;
    if (allZero) dead++;
  }
  return dead / units;
}

function fractionSaturated(act: Float32Array, activation: Activation): number {
  const saturated = saturationTest(activation);
  if (!saturated) return 0;
  let n = 0;
  for (let i = 0; i < act.length; i++) if (saturated(act[i])) n++;
  return n / act.length;
}

export interface LayerSample {
  /** Post-activation output on the evaluation batch, [rows, units]. */
  act: Float32Array;
  rows: number;
  units: number;
  activation: Activation;
  weights: Float32Array;
  weightGrad: Float32Array;
  /** ∂loss/∂(pre-activation) on the batch, [rows, units]. */
  delta: Float32Array;
}

export function layerStats(s: LayerSample, bins: number): LayerStats {
  const act = meanStd(s.act);
  return {
    weightStd: finiteOrNull(meanStd(s.weights).std),
    actMean: finiteOrNull(act.mean),
    actStd: finiteOrNull(act.std),
    fracDead: fractionDead(s.act, s.rows, s.units),
    fracSaturated: fractionSaturated(s.act, s.activation),
    gradNorm: finiteOrNull(l2(s.weightGrad)),
    backGradStd: finiteOrNull(meanStd(s.delta).std),
    actHistogram: symmetricHistogram(s.act, bins),
    gradHistogram: symmetricHistogram(s.weightGrad, bins),
  };
}

/** A norm layer's tape read back, with its groups as rows (norm.ts): n̂ [groups, n], 1/√(σ² + ε) and μ per group. */
export interface NormSample {
  nHat: Float32Array;
  inv: Float32Array;
  mean: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  groups: number;
  /** Batch norm's groups are units (one per row); layer norm's units are the columns. */
  unitsAreGroups: boolean;
}

/** The std of a norm layer's input z = n̂/inv + μ and of its output γ·n̂ + β, in float64 over every row and unit. */
export function normStats(s: NormSample): Pick<LayerStats, 'normInputStd' | 'normOutputStd'> {
  const n = s.nHat.length / s.groups;
  const z = new Float64Array(s.nHat.length);
  const y = new Float64Array(s.nHat.length);
  for (let g = 0; g < s.groups; g++)
    for (let k = 0; k < n; k++) {
      const i = g * n + k;
      const unit = s.unitsAreGroups ? g : k;
      z[i] = s.nHat[i] / s.inv[g] + s.mean[g];
      y[i] = s.gamma[unit] * s.nHat[i] + s.beta[unit];
    }
  const std = (a: Float64Array) => {
    const mean = a.reduce((t, v) => t + v, 0) / a.length;
    return finiteOrNull(Math.sqrt(a.reduce((t, v) => t + (v - mean) ** 2, 0) / a.length));
  };
  return { normInputStd: std(z), normOutputStd: std(y) };
}
