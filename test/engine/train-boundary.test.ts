/** The decision boundary a trial reports on 2-D data: its grid, its agreement with the data, and its absence elsewhere. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { normaliseCompareParams, normaliseTrialParams, trialOfCompare } from '../../src/params/index.ts';
import type { DecisionBoundary } from '../../src/result.ts';
import { BOUNDARY_POINTS, BOUNDARY_RESOLUTION, BOUNDARY_ROWS } from '../../src/train/boundary.ts';
import { liveArrays } from '../../src/train/buffers.ts';
import { estimateTrialFlops, runCompare, runTrial } from '../../src/train/index.ts';

function trial(input: Record<string, unknown>) {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

const SMALL = { depth: 2, width: 16, steps: 20, logEvery: 10, checkpointEvery: 0, trainSize: 128, testSize: 64 };

/** The prediction of the grid cell that contains (x, y). */
function predictionAt(b: DecisionBoundary, x: number, y: number): number {
  const n = b.resolution;
  const i = Math.min(n - 1, Math.floor(((x - b.xMin) / (b.xMax - b.xMin)) * n));
  const j = Math.min(n - 1, Math.floor(((y - b.yMin) / (b.yMax - b.yMin)) * n));
  return b.p[j * n + i];
}

beforeAll(async () => {
  await initBackend();
});

describe('decision boundary', () => {
  it.each(['spiral', 'circles', 'xor', 'gauss'])(
    '%s: a full grid of rounded probabilities around the points',
    async (dataset) => {
      const r = await runTrial(trial({ ...SMALL, dataset, trainSize: 300 }));
      const b = r.boundary!;
      expect(b.resolution).toBe(BOUNDARY_RESOLUTION);
      expect(b.p).toHaveLength(BOUNDARY_RESOLUTION ** 2);
      for (const p of b.p) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.round(p * 100) / 100).toBe(p);
      }
      expect(b.points.x).toHaveLength(BOUNDARY_POINTS);
      expect(new Set(b.points.label)).toEqual(new Set([0, 1]));
      b.points.x.forEach((x, k) => {
        expect(x).toBeGreaterThan(b.xMin);
        expect(x).toBeLessThan(b.xMax);
        expect(b.points.y[k]).toBeGreaterThan(b.yMin);
        expect(b.points.y[k]).toBeLessThan(b.yMax);
      });
    },
  );

  it('carries every training point when there are fewer than the cap', async () => {
    const r = await runTrial(trial({ ...SMALL, dataset: 'circles', trainSize: 40, batchSize: 32 }));
    expect(r.boundary!.points.label).toHaveLength(40);
  });

  it('separates the classes of a trained model: the cell under each training point predicts its label', async () => {
    // An asymmetric set (the spiral), so a grid read with x and y swapped or a flipped axis would disagree.
    const r = await runTrial(
      trial({ dataset: 'spiral', noise: 0, depth: 3, width: 32, optimizer: 'adam', lr: 0.01, steps: 600, seed: 3 }),
    );
    expect(r.diverged).toBe(false);
    expect(r.final.testAccuracy).toBeGreaterThan(0.9);
    const b = r.boundary!;
    const agree = b.points.label.filter((l, k) => (predictionAt(b, b.points.x[k], b.points.y[k]) > 0.5 ? 1 : 0) === l);
    // Cells are 1/32 of the span wide, so points right at the boundary may fall in a cell predicting the other side.
    expect(agree.length / b.points.label.length).toBeGreaterThan(0.85);
    // The same grid read transposed does noticeably worse on the spiral.
    const swapped = b.points.label.filter(
      (l, k) => (predictionAt(b, b.points.y[k], b.points.x[k]) > 0.5 ? 1 : 0) === l,
    );
    expect(swapped.length).toBeLessThan(agree.length - 0.1 * b.points.label.length);
  });

  it('is null for mnist and teacher, for a run of 0 steps, and for a diverged run', async () => {
    const untrained = await runTrial(trial({ ...SMALL, dataset: 'circles', steps: 0 }));
    expect(untrained.boundary).toBeNull();
    const teacher = await runTrial(trial({ ...SMALL, dataset: 'teacher' }));
    expect(teacher.boundary).toBeNull();
    const mnist = await runTrial(trial({ ...SMALL, dataset: 'mnist', trainSize: 64, testSize: 32 }));
    expect(mnist.boundary).toBeNull();
    const blown = await runTrial(trial({ ...SMALL, init: 'random_normal', std: 10, depth: 6, lr: 1 }));
    expect(blown.diverged).toBe(true);
    expect(blown.boundary).toBeNull();
  });

  it('a compare computes each boundary exactly as the single trial does, and leaks no tensor', async () => {
    const n = normaliseCompareParams({
      ...SMALL,
      dataset: 'xor',
      inits: ['he_normal', 'glorot_uniform', 'orthogonal'],
    });
    if (!n.ok) throw new Error(JSON.stringify(n.errors));
    const before = liveArrays();
    const c = await runCompare(n.params);
    expect(liveArrays()).toBe(before);
    for (const [k, init] of n.params.inits.entries()) {
      const single = await runTrial(trialOfCompare(n.params, init));
      expect(c.trials[k].boundary).not.toBeNull();
      expect(JSON.stringify(c.trials[k].boundary)).toBe(JSON.stringify(single.boundary));
    }
    expect(c.trials[0].boundary!.p).not.toEqual(c.trials[1].boundary!.p);
  });

  it('is counted in the work estimate: one forward pass over the grid, 2-D sets only', () => {
    const p = trial({ ...SMALL, dataset: 'circles' });
    const weights = 2 * 16 + 16 * 16 + 16;
    // With logging and statistics at step 0 only (logEvery and checkpoints out of reach), the estimate is training, one
    // evaluation over train subset + test set, the statistics at init over the subset, and the grid.
    const q = { ...p, steps: 20, logEvery: 1000, checkpointEvery: 0 };
    const evalRows = 128 + 64;
    const rest = 20 * 6 * q.batchSize * weights + 2 * 2 * evalRows * weights + 6 * 128 * weights;
    expect(estimateTrialFlops(q) - rest).toBe(2 * BOUNDARY_ROWS * weights);
  });
});
