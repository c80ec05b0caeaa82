/**
 * The decision boundary of a trained model on a 2-D data set (spiral, circles, xor, gauss): its predicted probability
 * of class 1 at the centres of a fixed grid over the training points' bounding box, in the data's own (raw,
 * unstandardised) coordinates, together with a fixed prefix of the training points to draw over it. Numbers are
 * rounded to fixed decimals so the JSON stays small and byte-identical between runs.
 */

import type { Dataset } from '../data/index.ts';
import { PLANAR_DATASETS } from '../params/ids.ts';
import type { ModelParams } from '../params/index.ts';
import type { DecisionBoundary } from '../result.ts';
import { tidy } from './buffers.ts';
import { predict } from './forward.ts';
import { mat } from './kernels.ts';
import { type LossHead, sigmoid } from './loss.ts';
import type { Model } from './model.ts';
import { checkpointSteps } from './schedule.ts';

/** Grid cells per side: 32×32 draws a clean boundary once smoothed and keeps a trial's JSON growth near 5 KB. */
export const BOUNDARY_RESOLUTION = 32;
/** Training points carried for the plot (the data are stored in random order, so a prefix is a random subset). */
export const BOUNDARY_POINTS = 200;
/** Margin around the points' bounding box, as a fraction of its span, so no point sits on the frame. */
const MARGIN = 0.05;
const round = (v: number, decimals: number) => {
  const s = 10 ** decimals;
  return Math.round(v * s) / s || 0; // `|| 0` turns −0 into 0 so the JSON never says -0
};

/**
 * Whether a trial on these params gets a boundary: a trained model (steps > 0) on a 2-D classification set. mnist and
 * teacher have no plane to draw; a run of 0 steps trained nothing, and its users (statistics at init, which must
 * answer fast) would pay for a grid forward pass several times the size of their own work.
 */
export function hasBoundary(p: Pick<ModelParams, 'dataset' | 'steps'>): boolean {
  return PLANAR_DATASETS.includes(p.dataset) && p.steps > 0;
}

/** Rows the boundary's forward pass evaluates (for the cost estimate). */
export const BOUNDARY_ROWS = BOUNDARY_RESOLUTION * BOUNDARY_RESOLUTION;

/** How many boundary forward passes a run makes: one at each checkpoint, and one after the last step unless the last
 * checkpoint is there (its boundary is reused). */
export function boundaryPasses(p: Pick<ModelParams, 'dataset' | 'steps' | 'checkpointEvery'>): number {
  if (!hasBoundary(p)) return 0;
  const checkpoints = checkpointSteps(p.steps, p.checkpointEvery);
  return checkpoints.length + (checkpoints.at(-1) === p.steps ? 0 : 1);
}

/** The plot frame: the raw training points' bounding box widened by the margin, rounded to 2 decimals. */
function frame(raw: Float32Array): { xMin: number; xMax: number; yMin: number; yMax: number } {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < raw.length; i += 2) {
    x0 = Math.min(x0, raw[i]);
    x1 = Math.max(x1, raw[i]);
    y0 = Math.min(y0, raw[i + 1]);
    y1 = Math.max(y1, raw[i + 1]);
  }
  const mx = Math.max(x1 - x0, 1e-6) * MARGIN;
  const my = Math.max(y1 - y0, 1e-6) * MARGIN;
  return { xMin: round(x0 - mx, 2), xMax: round(x1 + mx, 2), yMin: round(y0 - my, 2), yMax: round(y1 + my, 2) };
}

/** The grid's cell centres, standardised exactly like the training inputs; row j (from yMin) then column i. */
function gridInputs(f: ReturnType<typeof frame>, d: Dataset): Float32Array {
  const { mean, std } = d.raw2d!.scale;
  const n = BOUNDARY_RESOLUTION;
  const x = new Float32Array(n * n * 2);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const k = 2 * (j * n + i);
      x[k] = (f.xMin + ((i + 0.5) / n) * (f.xMax - f.xMin) - mean[0]) / std[0];
      x[k + 1] = (f.yMin + ((j + 0.5) / n) * (f.yMax - f.yMin) - mean[1]) / std[1];
    }
  return x;
}

/** P(class 1) from the single binary logit: the sigmoid under cross-entropy; under mse the output is the estimate
 * itself (the accuracy's decision rule is z > 0.5), clamped to [0, 1]. */
function probability(z: number, head: LossHead): number {
  if (head.loss === 'mse') return Math.min(1, Math.max(0, z));
  return sigmoid(z);
}

/** What a boundary needs of the data alone: the frame, the grid's inputs and the points shown. One per data set,
 * shared by every model of a compare. */
export interface BoundaryGrid {
  frame: ReturnType<typeof frame>;
  inputs: Float32Array;
  points: DecisionBoundary['points'];
}

/** The grid of `d`, or null when the data set is not 2-D. */
export function boundaryGrid(d: Dataset): BoundaryGrid | null {
  if (!d.raw2d) return null;
  const f = frame(d.raw2d.train);
  const shown = Math.min(d.nTrain, BOUNDARY_POINTS);
  const raw = d.raw2d.train;
  return {
    frame: f,
    inputs: gridInputs(f, d),
    points: {
      x: Array.from({ length: shown }, (_, i) => round(raw[2 * i], 2)),
      y: Array.from({ length: shown }, (_, i) => round(raw[2 * i + 1], 2)),
      label: Array.from(d.labelsTrain!.subarray(0, shown)),
    },
  };
}

/**
 * The boundary of `m` over `grid`, or null when the head is not a single binary logit or a predicted logit is not
 * finite (the caller passes only models that did not diverge). Runs the model's own forward pass on the grid; leaves
 * no tensor behind.
 */
export function decisionBoundary(m: Model, grid: BoundaryGrid, head: LossHead): DecisionBoundary | null {
  if (head.outputDim !== 1) return null;
  const logits = tidy(() => predict(m, mat(grid.inputs, BOUNDARY_ROWS, 2)).dataSync() as Float32Array);
  if (!logits.every(Number.isFinite)) return null;
  return {
    ...grid.frame,
    resolution: BOUNDARY_RESOLUTION,
    p: Array.from(logits, (z) => round(probability(z, head), 2)),
    points: grid.points,
  };
}
