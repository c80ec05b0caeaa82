/**
 * Mean-field signal propagation through a wide random network (Poole et al. 2016; Schoenholz et al. 2017), for one
 * (σ_w², σ_b²). With h = W φ(h_prev) + b, W_ij ~ N(0, σ_w²/N), b_i ~ N(0, σ_b²):
 * - the length map q ↦ σ_w² E[φ(√q z)²] + σ_b² and its fixed point q*,
 * - χ₁ = σ_w² E[φ'(√q* z)²], the slope of the correlation map at c = 1 (and the per-layer growth of gradient
 *   variance): χ₁ < 1 is the ordered phase, χ₁ > 1 the chaotic one, χ₁ = 1 the edge of chaos,
 * - the correlation map c ↦ (σ_w² E[φ(u₁)φ(u₂)] + σ_b²)/q*, its stable fixed point c*, and
 * - the correlation depth ξ_c = −1/ln χ_c, χ_c = σ_w² E[φ'(u₁)φ'(u₂)] at c* (Schoenholz eq. 9), which diverges at
 *   criticality.
 */
import type { Activation } from '../params/ids.ts';
import { type Kernel, kernelFor } from './kernels.ts';
import { brentRoot } from './roots.ts';

export type Phase = 'ordered' | 'chaotic';

export interface MeanFieldPoint {
  sigmaW2: number;
  sigmaB2: number;
  /** Fixed point of the length map reached from q⁰ = 1 (a standardised input); null if q grows without bound. */
  qStar: number | null;
  chi1: number | null;
  cStar: number | null;
  /** σ_w² E[φ'(u₁)φ'(u₂)] at c*: how fast a perturbation of the correlation decays per layer. */
  chiC: number | null;
  /** Correlation depth in layers; null when undefined or infinite (see xiCInfinite). */
  xiC: number | null;
  /** χ₁ = 1: the network is critical and ξ_c is infinite. */
  xiCInfinite: boolean;
  /** The length map has no fixed point above the start: activations grow without bound with depth. */
  qDiverges: boolean;
  /** null where undefined: at criticality or where q diverges. */
  phase: Phase | null;
}

/** The input length q⁰ = ‖x‖²/N of a standardised input, where the length map starts. */
const Q_START = 1;
/** Beyond this, q is taken to diverge (for relu-like activations q grows geometrically past the critical line). */
export const Q_DIVERGED = 1e8;
const Q_NEGLIGIBLE = 1e-30;
/** Bracketing steps outwards from Q_START: wide, so that divergence (or q* = 0) is detected in a few evaluations. */
const Q_BRACKET_FACTOR = 16;
/** χ within this of 1 counts as critical (ξ_c would exceed 10¹² layers). */
const CRITICAL_TOLERANCE = 1e-12;

type QSolution = { kind: 'fixed'; q: number } | { kind: 'diverges' } | { kind: 'marginal' };

/**
 * The fixed point the iteration q ← F(q) reaches from q⁰ = 1. F is increasing (E[φ(√q z)²] grows with q for every
 * activation here; the theory tests check it), so that iteration is monotone: it climbs to the nearest root of
 * F(q) − q above 1, or descends to the nearest one below. We bracket that root by stepping outwards by factors of 16
 * and then solve with Brent's method, instead of iterating (which crawls near criticality, where F'(q*) → 1).
 */
export function solveQStar(kernel: Kernel, sigmaW2: number, sigmaB2: number): QSolution {
  if (kernel.homogeneous) {
    const slope = sigmaW2 * kernel.single(1).phi2; // F(q) = slope·q + σ_b²
    if (slope < 1) return { kind: 'fixed', q: sigmaB2 / (1 - slope) };
    return slope === 1 && sigmaB2 === 0 ? { kind: 'marginal' } : { kind: 'diverges' };
  }
  const gap = (q: number) => sigmaW2 * kernel.single(q).phi2 + sigmaB2 - q;
  const atStart = gap(Q_START);
  if (atStart === 0) return { kind: 'fixed', q: Q_START };
  if (atStart > 0) {
    for (let lo = Q_START; lo < Q_DIVERGED; ) {
      const hi = Math.min(lo * Q_BRACKET_FACTOR, Q_DIVERGED);
      if (gap(hi) <= 0) return { kind: 'fixed', q: brentRoot(gap, lo, hi, 1e-14 * hi) };
      lo = hi;
    }
    return { kind: 'diverges' };
  }
  for (let hi = Q_START, lo = Q_START / Q_BRACKET_FACTOR; hi > Q_NEGLIGIBLE; hi = lo, lo /= Q_BRACKET_FACTOR)
    if (gap(lo) >= 0) return { kind: 'fixed', q: brentRoot(gap, lo, hi, 1e-14 * hi) };
  return { kind: 'fixed', q: 0 };
}

/** χ₁ at (σ_w², σ_b²), or null where it is undefined (q diverges for an activation whose χ₁ depends on q). */
export function chi1Of(kernel: Kernel, sigmaW2: number, sigmaB2: number, solution?: QSolution): number | null {
  const s = solution ?? solveQStar(kernel, sigmaW2, sigmaB2);
  if (s.kind === 'fixed') return sigmaW2 * kernel.single(s.q).dphi2;
  return kernel.homogeneous ? sigmaW2 * kernel.single(1).dphi2 : null;
}

/**
 * The stable fixed point c* < 1 of the correlation map M in the chaotic phase, by Newton's method. On [0, 1], M is an
 * increasing convex function (its Hermite expansion has non-negative coefficients) with M(0) ≥ 0, M(1) = 1 and
 * M'(1) = χ₁ > 1, so M(c) − c has exactly one root in [0, 1). Newton converges to it from any start where
 * M' < 1: monotonically from the left, and from the right after one step that lands on the left. M'(c) =
 * σ_w² E[φ'(u₁)φ'(u₂)] (Gaussian integration by parts) is χ_c, the quantity ξ_c needs.
 *
 * `guesses` are tried in order (a grid passes an extrapolation from its neighbours, then a neighbour's c*); 0 is
 * always safe.
 */
export function solveCStar(
  kernel: Kernel,
  sigmaW2: number,
  sigmaB2: number,
  q: number,
  guesses: readonly number[] = [],
): { cStar: number; chiC: number } {
  const map = (c: number) => {
    const j = kernel.joint(q, c);
    return { gap: (sigmaW2 * j.phiphi + sigmaB2) / q - c, slope: sigmaW2 * j.dphidphi };
  };
  let c = 0;
  let at = { gap: 0, slope: 1 };
  for (const start of [...guesses, 0]) {
    c = Math.min(Math.max(start, 0), 1);
    at = map(c);
    if (at.slope < 1 || start === 0) break; // right of the gap's minimum Newton would head off: try the next start
  }
  let previous: { c: number; slope: number } | null = null;
  for (let it = 0; it < 100 && Math.abs(at.gap) > 1e-15 && at.slope < 1; it++) {
    const step = at.gap / (1 - at.slope);
    // Newton's error after a step δ is M''δ²/(2(1 − M')): once δ ≤ 1e-6·(1 − M') it is ≤ 1e-12·M'', so we take the
    // step without another (costly) evaluation, and move χ_c along by the secant estimate of M''.
    if (previous && Math.abs(step) <= 1e-6 * (1 - at.slope)) {
      const curvature = (at.slope - previous.slope) / (c - previous.c);
      return { cStar: Math.min(Math.max(c + step, 0), 1), chiC: at.slope + curvature * step };
    }
    previous = { c, slope: at.slope };
    c = Math.min(Math.max(c + step, 0), 1);
    at = map(c);
  }
  return { cStar: c, chiC: at.slope };
}

function correlationDepth(chiC: number): { xiC: number | null; xiCInfinite: boolean } {
  if (chiC >= 1 - CRITICAL_TOLERANCE) return { xiC: null, xiCInfinite: true };
  return { xiC: -1 / Math.log(chiC), xiCInfinite: false };
}

/** All mean-field quantities at one point, for a prepared kernel; `cGuesses` warm-start the c* solve. */
export function pointOf(
  kernel: Kernel,
  sigmaW2: number,
  sigmaB2: number,
  cGuesses: readonly number[] = [],
): MeanFieldPoint {
  const solution = solveQStar(kernel, sigmaW2, sigmaB2);
  const chi1 = chi1Of(kernel, sigmaW2, sigmaB2, solution);
  const base = { sigmaW2, sigmaB2, chi1 };
  const critical = chi1 !== null && Math.abs(chi1 - 1) <= CRITICAL_TOLERANCE;
  if (solution.kind !== 'fixed' || chi1 === null)
    return {
      ...base,
      qStar: null,
      cStar: null,
      chiC: null,
      xiC: null,
      xiCInfinite: critical,
      qDiverges: solution.kind === 'diverges',
      phase: null,
    };
  const q = solution.q;
  const common = { ...base, qStar: q, qDiverges: false };
  if (chi1 <= 1 || q === 0) {
    // Ordered (or critical): c* = 1 is the stable fixed point and χ_c = χ₁ there.
    return { ...common, cStar: 1, chiC: chi1, ...correlationDepth(chi1), phase: critical ? null : 'ordered' };
  }
  const { cStar, chiC } = solveCStar(kernel, sigmaW2, sigmaB2, q, cGuesses);
  const depth = correlationDepth(chiC);
  return { ...common, cStar, chiC, ...depth, phase: critical ? null : 'chaotic' };
}

function requireNonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0 (got ${v})`);
}

/** Mean-field quantities of `activation` at (σ_w², σ_b²). */
export function meanFieldPoint(
  activation: Activation,
  sigmaW2: number,
  sigmaB2: number,
  negativeSlope = 0.01,
): MeanFieldPoint {
  requireNonNegative('sigmaW2', sigmaW2);
  requireNonNegative('sigmaB2', sigmaB2);
  requireNonNegative('negativeSlope', negativeSlope);
  return pointOf(kernelFor(activation, negativeSlope), sigmaW2, sigmaB2);
}
