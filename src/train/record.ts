/** What the loop records for one model, and its conversion into the result JSON. */

import type { TrialParams } from '../params/index.ts';
import type {
  BoundaryCheckpoint,
  DecisionBoundary,
  EngineInfo,
  LayerRecord,
  LayerStats,
  TrialResult,
} from '../result.ts';
import type { TrialFrame } from './frames.ts';
import type { DenseSpec } from './model.ts';
import { finiteOrNull } from './stats.ts';
import type { Evaluation } from './trainer.ts';

export class TrialRecord {
  readonly steps: number[] = [];
  readonly trainLoss: (number | null)[] = [];
  readonly testLoss: (number | null)[] = [];
  readonly testAccuracy: (number | null)[] = [];
  atInit: LayerStats[] = [];
  readonly checkpoints: { step: number; stats: LayerStats[] }[] = [];
  divergedAtStep: number | null = null;
  boundary: DecisionBoundary | null = null;
  readonly boundaryCheckpoints: BoundaryCheckpoint[] = [];

  constructor(readonly params: TrialParams) {}

  /** Log one evaluation; returns false when a loss is not finite (the trial has diverged). */
  log(step: number, e: Evaluation): boolean {
    this.steps.push(step);
    this.trainLoss.push(finiteOrNull(e.trainLoss));
    this.testLoss.push(finiteOrNull(e.testLoss));
    this.testAccuracy.push(e.testAccuracy === null ? null : finiteOrNull(e.testAccuracy));
    return Number.isFinite(Math.fround(e.trainLoss)) && Number.isFinite(Math.fround(e.testLoss));
  }

  loggedAt(step: number): boolean {
    return this.steps[this.steps.length - 1] === step;
  }

  /** How much this record holds: a frame is due when it grows. */
  get size(): number {
    return this.steps.length + this.checkpoints.length;
  }

  /**
   * This record's frame entry for `step`: the curves' values when it was logged there, the statistics and the
   * boundary when they were taken there. `points` are the boundary grid's training points (null when the run draws
   * no boundary), which a frame carries so that it can be drawn on its own.
   */
  frameAt(step: number, points: DecisionBoundary['points'] | null): TrialFrame {
    const entry = { init: this.params.init } as TrialFrame;
    if (this.loggedAt(step)) {
      const i = this.steps.length - 1;
      entry.trainLoss = this.trainLoss[i];
      entry.testLoss = this.testLoss[i];
      entry.testAccuracy = this.testAccuracy[i];
    }
    entry.diverged = this.divergedAtStep !== null;
    const checkpoint = this.checkpoints.at(-1);
    if (step === 0) entry.layers = this.atInit;
    else if (checkpoint?.step === step) {
      entry.layers = checkpoint.stats;
      if (points) {
        const b = this.boundaryCheckpoints.at(-1);
        entry.boundary = b?.step === step ? { ...withoutStep(b), points } : null;
      }
    }
    return entry;
  }

  toResult(engine: EngineInfo, layers: DenseSpec[], ms: number): TrialResult {
    const last = this.steps.length - 1;
    const hit = this.trainLoss.findIndex((l) => l !== null && l <= this.params.targetLoss);
    const layerRecords: LayerRecord[] = layers.map((l, i) => ({
      index: i,
      fanIn: l.fanIn,
      fanOut: l.fanOut,
      atInit: this.atInit[i],
      checkpoints: this.checkpoints.map((c) => ({ step: c.step, ...c.stats[i] })),
    }));
    return {
      params: this.params,
      engine,
      steps: this.steps,
      trainLoss: this.trainLoss,
      testLoss: this.testLoss,
      testAccuracy: this.testAccuracy,
      final: {
        trainLoss: this.trainLoss[last] ?? null,
        testLoss: this.testLoss[last] ?? null,
        testAccuracy: this.testAccuracy[last] ?? null,
        stepsToTarget: hit < 0 ? null : this.steps[hit],
      },
      diverged: this.divergedAtStep !== null,
      divergedAtStep: this.divergedAtStep,
      layers: layerRecords,
      boundary: this.boundary,
      boundaryCheckpoints: this.boundaryCheckpoints,
      timing: { ms: Math.round(ms) },
    };
  }
}

function withoutStep(b: BoundaryCheckpoint): Omit<DecisionBoundary, 'points'> {
  const { step: _step, ...rest } = b;
  return rest;
}
