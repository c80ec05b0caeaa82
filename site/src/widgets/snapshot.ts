/**
 * A compare as the figure shows it at one moment of its run: while it trains (built from the frames so far) or when
 * the reader scrubs a finished one back to a logged step. Both are compare results cut at a step, so the widgets'
 * views draw them with the same code as a whole result. Nothing here computes a number the engine did not give:
 * values are the frames' or the result's own.
 */

import type { CompareParams } from '../../../src/params/trial.ts';
import type { BoundaryCheckpoint, CompareResult, DecisionBoundary, TrialResult } from '../../../src/result.ts';
import type { RunFrame } from '../../../src/train/frames.ts';

/** The step a figure shows, out of the run's steps; `whole` (scrubbing) is the finished run, for stable axes. */
export interface Moment {
  step: number;
  steps: number;
  /** Still training: what comes later is not known yet (steps to target, say). */
  live: boolean;
  whole?: CompareResult;
}
/** A boundary drawn at a moment, and the checkpoint step it was taken at. */
export type BoundaryAt = DecisionBoundary & { step?: number };
export type CompareFigure = CompareResult & { moment?: Moment };

const lastOf = <T>(xs: readonly T[]): T | null => (xs.length ? xs[xs.length - 1] : null);

function emptyTrial(params: CompareParams, init: string): TrialResult {
  const { inits: _, ...rest } = params;
  return {
    params: { ...rest, init } as TrialResult['params'],
    engine: { version: '', tfjs: '', backend: '', simd: false, threads: 0 },
    steps: [],
    trainLoss: [],
    testLoss: [],
    testAccuracy: [],
    final: { trainLoss: null, testLoss: null, testAccuracy: null, stepsToTarget: null },
    diverged: false,
    divergedAtStep: null,
    layers: [],
    boundary: null,
    boundaryCheckpoints: [],
    timing: { ms: 0 },
  };
}

/** One init's record so far (fan sizes are not in frames; no view of a running figure shows them). */
function trialFromFrames(params: CompareParams, frames: readonly RunFrame[], i: number): TrialResult {
  const t = emptyTrial(params, params.inits[i]);
  for (const f of frames) {
    const e = f.trials[i];
    if (!e) continue;
    if (e.trainLoss !== undefined) {
      t.steps.push(f.step);
      t.trainLoss.push(e.trainLoss);
      t.testLoss.push(e.testLoss ?? null);
      t.testAccuracy.push(e.testAccuracy ?? null);
    }
    if (e.diverged && !t.diverged) {
      t.diverged = true;
      t.divergedAtStep = f.step;
    }
    e.layers?.forEach((stats, k) => {
      if (f.step === 0) t.layers[k] = { index: k, fanIn: 0, fanOut: 0, atInit: stats, checkpoints: [] };
      else t.layers[k]?.checkpoints.push({ ...stats, step: f.step });
    });
    if (e.boundary) {
      const { points: _, ...grid } = e.boundary;
      t.boundary = { ...e.boundary, step: f.step } as BoundaryAt;
      t.boundaryCheckpoints.push({ ...grid, step: f.step });
    }
  }
  t.final = {
    trainLoss: lastOf(t.trainLoss),
    testLoss: lastOf(t.testLoss),
    testAccuracy: lastOf(t.testAccuracy),
    stepsToTarget: null,
  };
  return t;
}

/** The compare as far as its frames go. */
export function compareFromFrames(params: CompareParams, frames: readonly RunFrame[]): CompareFigure {
  const step = frames.length ? frames[frames.length - 1].step : 0;
  return {
    params,
    trials: params.inits.map((_, i) => trialFromFrames(params, frames, i)),
    timing: { ms: 0 },
    moment: { step, steps: params.steps, live: true },
  };
}

/** The logged steps of a compare: those of its longest trial (a diverged one stops early). */
export function loggedSteps(c: CompareResult): number[] {
  return c.trials.reduce<number[]>((best, t) => (t.steps.length > best.length ? t.steps : best), []);
}

/**
 * The checkpoint boundary nearest `step` (the earlier of two as near), with the training points of this trial's
 * final boundary or, if it diverged, of a sibling's: checkpoints carry no points of their own.
 */
export function boundaryNear(t: TrialResult, step: number, points: DecisionBoundary['points']): BoundaryAt | null {
  const candidates: BoundaryCheckpoint[] = [...t.boundaryCheckpoints];
  const end = t.params.steps;
  if (t.boundary && !candidates.some((k) => k.step === end)) candidates.push({ ...t.boundary, step: end });
  let best: BoundaryCheckpoint | null = null;
  for (const k of candidates) if (!best || Math.abs(k.step - step) < Math.abs(best.step - step)) best = k;
  if (!best) return null;
  const { xMin, xMax, yMin, yMax, resolution, p } = best;
  return { xMin, xMax, yMin, yMax, resolution, p, points, step: best.step };
}

function trialAt(t: TrialResult, step: number, points: DecisionBoundary['points']): TrialResult {
  const n = t.steps.filter((s) => s <= step).length;
  const diverged = t.diverged && t.divergedAtStep !== null && t.divergedAtStep <= step;
  const reached = t.final.stepsToTarget;
  return {
    ...t,
    steps: t.steps.slice(0, n),
    trainLoss: t.trainLoss.slice(0, n),
    testLoss: t.testLoss.slice(0, n),
    testAccuracy: t.testAccuracy.slice(0, n),
    final: {
      trainLoss: t.trainLoss[n - 1] ?? null,
      testLoss: t.testLoss[n - 1] ?? null,
      testAccuracy: t.testAccuracy[n - 1] ?? null,
      stepsToTarget: reached !== null && reached <= step ? reached : null,
    },
    diverged,
    divergedAtStep: diverged ? t.divergedAtStep : null,
    layers: t.layers.map((l) => ({ ...l, checkpoints: l.checkpoints.filter((k) => k.step <= step) })),
    boundary: boundaryNear(t, step, points),
    boundaryCheckpoints: t.boundaryCheckpoints.filter((k) => k.step <= step),
  };
}

const NO_POINTS: DecisionBoundary['points'] = { x: [], y: [], label: [] };

/** A finished compare as it stood after `step` updates (a logged step). */
export function compareAt(c: CompareResult, step: number): CompareFigure {
  const points = c.trials.find((t) => t.boundary)?.boundary?.points ?? NO_POINTS;
  return {
    ...c,
    trials: c.trials.map((t) => trialAt(t, step, points)),
    moment: { step, steps: c.params.steps, live: false, whole: c },
  };
}
