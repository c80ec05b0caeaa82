/** What the loop records for one model, and its conversion into the result JSON. */

import type { TrialParams } from '../params/index.ts';
import type { DecisionBoundary, EngineInfo, LayerRecord, LayerStats, TrialResult } from '../result.ts';
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
      timing: { ms: Math.round(ms) },
    };
  }
}
