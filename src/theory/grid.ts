/**
 * The mean-field phase diagram of one activation over a (σ_w², σ_b²) grid, and the critical line χ₁ = 1 on it.
 * Arrays are indexed [b][w]: one row per σ_b², one column per σ_w².
 */
import type { Activation } from '../params/ids.ts';
import { normaliseTheoryParams, type TheoryParams } from '../params/theory.ts';
import { paramsOrThrow } from '../params/trial.ts';
import { type Kernel, kernelFor } from './kernels.ts';
import { chi1Of, type Phase, pointOf } from './meanfield.ts';
import { brentRoot } from './roots.ts';

export interface CriticalPoint {
  sigmaB2: number;
  /** σ_w² where χ₁ = 1 at this σ_b², or null if χ₁ does not cross 1 inside the grid's σ_w² range. */
  sigmaW2: number | null;
}

export interface TheoryGrid {
  params: TheoryParams;
  activation: Activation;
  sigmaW2: number[];
  sigmaB2: number[];
  qStar: (number | null)[][];
  chi1: (number | null)[][];
  cStar: (number | null)[][];
  xiC: (number | null)[][];
  /** true where ξ_c is infinite (χ₁ = 1 exactly), which xiC reports as null */
  xiCInfinite: boolean[][];
  /** true where the length map has no fixed point (q grows without bound with depth) */
  qDiverges: boolean[][];
  phase: (Phase | null)[][];
  criticalLine: CriticalPoint[];
}

/** Axis values, rounded to 12 significant digits so that JSON shows 0.6, not 0.6000000000000001. */
export function axis(min: number, max: number, steps: number): number[] {
  if (steps === 1) return [min];
  return Array.from({ length: steps }, (_, i) => Number((min + ((max - min) * i) / (steps - 1)).toPrecision(12)));
}

/**
 * The σ_w² in [σ_w²[0], σ_w²[last]] where χ₁ first crosses 1 at this σ_b²: bracketed between neighbouring grid
 * columns, then refined by Brent's method on the continuous χ₁(σ_w²).
 */
function criticalSigmaW2(
  kernel: Kernel,
  sigmaB2: number,
  sigmaW2: number[],
  chi1Row: (number | null)[],
): number | null {
  const offset = (w: number) => {
    const chi1 = chi1Of(kernel, w, sigmaB2);
    if (chi1 === null) throw new RangeError('χ₁ undefined inside the bracket');
    return chi1 - 1;
  };
  for (let i = 0; i < sigmaW2.length; i++) {
    const here = chi1Row[i];
    if (here === null) continue;
    if (here === 1) return sigmaW2[i];
    const next = chi1Row[i + 1];
    if (next === null || next === undefined || (here - 1) * (next - 1) > 0) continue;
    try {
      return brentRoot(offset, sigmaW2[i], sigmaW2[i + 1], 1e-13);
    } catch {
      return null;
    }
  }
  return null;
}

/** The full grid for normalised theory params. */
export function theoryGrid(input: TheoryParams): TheoryGrid {
  const p = paramsOrThrow(normaliseTheoryParams(input));
  const kernel = kernelFor(p.activation, p.negativeSlope);
  const sigmaW2 = axis(p.sigmaW2Min, p.sigmaW2Max, p.sigmaW2Steps);
  const sigmaB2 = axis(p.sigmaB2Min, p.sigmaB2Max, p.sigmaB2Steps);
  const rows = sigmaB2.map((b) => {
    // Right to left: c* grows smoothly as σ_w² falls, so the last two columns' c* predict the next one.
    const row = new Array<ReturnType<typeof pointOf>>(sigmaW2.length);
    let recent: number[] = [];
    for (let i = sigmaW2.length - 1; i >= 0; i--) {
      const guesses = recent.length === 2 ? [2 * recent[0] - recent[1], recent[0]] : recent;
      row[i] = pointOf(kernel, sigmaW2[i], b, guesses);
      const cStar = row[i].cStar;
      recent = row[i].phase === 'chaotic' && cStar !== null ? [cStar, ...recent].slice(0, 2) : [];
    }
    return row;
  });
  const field = <K extends keyof ReturnType<typeof pointOf>>(key: K) => rows.map((row) => row.map((pt) => pt[key]));
  const chi1 = field('chi1');
  return {
    params: p,
    activation: p.activation,
    sigmaW2,
    sigmaB2,
    qStar: field('qStar'),
    chi1,
    cStar: field('cStar'),
    xiC: field('xiC'),
    xiCInfinite: field('xiCInfinite'),
    qDiverges: field('qDiverges'),
    phase: field('phase'),
    criticalLine: sigmaB2.map((b, j) => ({ sigmaB2: b, sigmaW2: criticalSigmaW2(kernel, b, sigmaW2, chi1[j]) })),
  };
}
