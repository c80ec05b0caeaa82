/**
 * Normalisation layers, between a hidden layer's linear map and its activation: z → y = γ·n̂ + β, n̂ = (z − μ)/√(σ² + ε).
 *
 * - `batch`, PyTorch's `BatchNorm1d` (Ioffe & Szegedy 2015, Algorithm 1 and 2): μ, σ² of each unit over the batch's
 *   rows while training (σ² biased); running averages r ← (1 − m)·r + m·(batch value), m = 0.1, of μ and of the
 *   unbiased σ² (×N/(N − 1)), starting at 0 and 1, stand in for them in evaluation.
 * - `layer`, PyTorch's `LayerNorm` (Ba, Kiros & Hinton 2016, §3): μ, σ² of each row over its units, the same in
 *   training and evaluation.
 *
 * Both start at γ = 1, β = 0 and use ε = 1e-5, PyTorch's defaults. Each normalises "groups" — the vectors μ and σ² are
 * taken over — and is computed with its groups as the rows of a matrix, where the backend's sum reduces: a batch-norm
 * group is one unit's column of batch values (rows of the transposed orientation), a layer-norm group is one example
 * (rows of the normal orientation). The other orientation transposes in and out.
 */
import type { Buf } from './buffers.ts';
import {
  add,
  type Constants,
  div,
  type Mat,
  mat,
  mul,
  reshape,
  rowSum,
  sub,
  transpose,
  unary,
  type Vec,
} from './kernels.ts';

export type NormKind = 'batch' | 'layer';

/** PyTorch's default ε for BatchNorm1d and LayerNorm. */
export const NORM_EPS = 1e-5;
/** PyTorch's default BatchNorm momentum: the weight of the newest batch in the running averages. */
export const BATCH_NORM_MOMENTUM = 0.1;

/** BatchNorm's running mean and (unbiased) variance of each unit, [1, units, 1]. */
export interface RunningStats {
  mean: Mat;
  variance: Mat;
}

export function initialRunningStats(units: number): RunningStats {
  return {
    mean: mat(new Float32Array(units), units, 1),
    variance: mat(new Float32Array(units).fill(1), units, 1),
  };
}

/**
 * What the backward pass needs of one normalisation, with its groups as rows: n̂ [1, G, N] and 1/√(σ² + ε) [1, G, 1];
 * and the groups' means μ [1, G, 1], from which statistics recover the layer's input z = n̂/inv + μ.
 */
export interface NormTape {
  nHat: Mat;
  inv: Mat;
  mean: Mat;
}

export interface NormArgs {
  kind: NormKind;
  gamma: Vec;
  beta: Vec;
  c: Constants;
  /** batch only: the running averages, read in evaluation. */
  running?: RunningStats;
  /** batch only, training steps: receives the updated running averages. */
  updateRunning?: (next: RunningStats) => void;
}

/** Whether the normalised groups are the rows of a matrix in this orientation (else its columns). */
function groupsAreRows(kind: NormKind, transposed: boolean): boolean {
  return kind === 'batch' ? transposed : !transposed;
}

/** A per-unit vector shaped to broadcast over a matrix whose groups are rows: units are the rows for batch norm,
 * the columns for layer norm. */
function perUnit(v: Vec, kind: NormKind): Buf {
  return kind === 'batch' ? reshape(v, [1, v.shape[0], 1]) : v;
}

/** Mean of each row, [1, G, 1]. */
function rowMean(x: Mat, c: Constants): Mat {
  const [, groups, n] = x.shape;
  return mul(reshape(rowSum(x), [1, groups, 1]), c.get(1 / n));
}

/** 1/√(σ² + ε), shaped as σ² (the scalar 1 broadcasts to it). */
function inverseStd(variance: Mat, c: Constants): Mat {
  return div(c.get(1), unary('Sqrt', add(variance, c.get(NORM_EPS))));
}

/**
 * y = γ·n̂ + β of `z`, in `z`'s orientation. `training` uses the statistics of `z` itself and returns the tape for
 * backprop; otherwise batch norm reads its running averages (layer norm is the same either way). Call inside tidy.
 */
export function normForward(z: Mat, transposed: boolean, a: NormArgs, training: boolean): { y: Mat; tape?: NormTape } {
  const inRows = groupsAreRows(a.kind, transposed);
  const zg = inRows ? z : transpose(z);
  let nHat: Mat;
  let inv: Mat;
  let mean: Mat;
  if (!training && a.kind === 'batch') {
    mean = a.running!.mean;
    inv = inverseStd(a.running!.variance, a.c);
    nHat = mul(sub(zg, mean), inv);
  } else {
    mean = rowMean(zg, a.c);
    const centred = sub(zg, mean);
    const variance = rowMean(unary('Square', centred), a.c);
    inv = inverseStd(variance, a.c);
    nHat = mul(centred, inv);
    if (a.updateRunning) a.updateRunning(nextRunning(a.running!, mean, variance, zg.shape[2], a.c));
  }
  const yg = add(mul(nHat, perUnit(a.gamma, a.kind)), perUnit(a.beta, a.kind));
  return { y: inRows ? yg : transpose(yg), tape: training ? { nHat, inv, mean } : undefined };
}

/** r ← (1 − m)·r + m·batch value, with the batch variance made unbiased over its n rows, as PyTorch keeps them. */
function nextRunning(r: RunningStats, mean: Mat, variance: Mat, n: number, c: Constants): RunningStats {
  const keep = c.get(1 - BATCH_NORM_MOMENTUM);
  const m = c.get(BATCH_NORM_MOMENTUM);
  return {
    mean: add(mul(r.mean, keep), mul(mean, m)),
    variance: add(mul(r.variance, keep), mul(variance, c.get((BATCH_NORM_MOMENTUM * n) / (n - 1)))),
  };
}

/**
 * From ∂loss/∂yᵀ ([units, rows], the backward pass's orientation): ∂loss/∂zᵀ, and the gradients of γ and β.
 * With ĝ = γ·∂y in the groups' layout, ∂z = (ĝ − mean(ĝ) − n̂·mean(ĝ·n̂)) / √(σ² + ε), means over each group.
 * Call inside tidy.
 */
export function normBackward(
  dyT: Mat,
  tape: NormTape,
  kind: NormKind,
  gamma: Vec,
  c: Constants,
): { dzT: Mat; dGamma: Vec; dBeta: Vec } {
  const inRows = groupsAreRows(kind, true);
  const dy = inRows ? dyT : transpose(dyT);
  const dyHat = mul(dy, tape.nHat);
  // The units are the rows of dyT whatever the kind, so both parameter gradients are row sums there.
  const dBeta = rowSum(dyT);
  const dGamma = rowSum(inRows ? dyHat : transpose(dyHat));
  const g = mul(dy, perUnit(gamma, kind));
  const dz = mul(sub(sub(g, rowMean(g, c)), mul(tape.nHat, rowMean(mul(g, tape.nHat), c))), tape.inv);
  return { dzT: inRows ? dz : transpose(dz), dGamma, dBeta };
}
