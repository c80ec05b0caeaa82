/** Trials and compares: determinism, divergence, tensor hygiene, the shared loop, learning, and the work estimate. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../src/backend.ts';
import {
  type CompareParams,
  normaliseCompareParams,
  normaliseTrialParams,
  type TrialParams,
  trialOfCompare,
} from '../../src/params/index.ts';
import type { TrialResult } from '../../src/result.ts';
import { BOUNDARY_ROWS, boundaryPasses } from '../../src/train/boundary.ts';
import { liveArrays } from '../../src/train/buffers.ts';
import {
  estimateCompareBytes,
  estimateCompareFlops,
  estimateTrialBytes,
  estimateTrialFlops,
  MAX_RUN_BYTES,
  runCompare,
  runTrial,
} from '../../src/train/index.ts';
import { MAX_CHECKPOINTS } from '../../src/train/schedule.ts';

function trial(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

function compare(input: Record<string, unknown>): CompareParams {
  const n = normaliseCompareParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

const SMALL = { depth: 3, width: 16, steps: 40, logEvery: 10, checkpointEvery: 20, trainSize: 128, testSize: 64 };
/** A batch much narrower than the layers: training steps run transposed (see passes.ts). */
const NARROW = { ...SMALL, width: 32, batchSize: 8 };

function withoutTiming(r: TrialResult): string {
  return JSON.stringify({ ...r, timing: null });
}

/** Every number anywhere in the value, with its path. */
function numbers(v: unknown, path = '$'): [string, number][] {
  if (typeof v === 'number') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, `${path}.${k}`));
  return [];
}

beforeAll(async () => {
  await initBackend();
});

describe('runTrial', () => {
  it('is deterministic: same params give the same JSON apart from timing; another seed differs', async () => {
    for (const base of [SMALL, NARROW]) {
      const p = trial({ ...base, activation: 'tanh', optimizer: 'momentum' });
      const a = await runTrial(p);
      const b = await runTrial(p);
      expect(withoutTiming(a)).toBe(withoutTiming(b));
      const c = await runTrial({ ...p, seed: p.seed + 1 });
      expect(c.trainLoss).not.toEqual(a.trainLoss);
    }
  });

  it('logs steps 0, logEvery, … and the final step, with the result shape of the contract', async () => {
    const p = trial({ ...SMALL, steps: 45, optimizer: 'adam' });
    const r = await runTrial(p);
    expect(r.steps).toEqual([0, 10, 20, 30, 40, 45]);
    for (const curve of [r.trainLoss, r.testLoss, r.testAccuracy]) expect(curve).toHaveLength(r.steps.length);
    expect(r.final.trainLoss).toBe(r.trainLoss.at(-1));
    expect(r.params).toEqual(p);
    expect(r.engine.backend).toBe('wasm');
    expect(r.layers.map((l) => [l.index, l.fanIn, l.fanOut])).toEqual([
      [0, 2, 16],
      [1, 16, 16],
      [2, 16, 16],
      [3, 16, 1],
    ]);
    expect(r.layers[0].checkpoints.map((c) => c.step)).toEqual([20, 40]);
    const h = r.layers[1].atInit.actHistogram;
    expect(h.counts).toHaveLength(p.histogramBins);
    expect(h.edges).toHaveLength(p.histogramBins + 1);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(128 * 16);
    const g = r.layers[1].atInit.gradHistogram;
    expect(g.counts.reduce((s, c) => s + c, 0)).toBe(16 * 16);
  });

  it('caps per-layer checkpoints, evenly spaced and ending at the last step', async () => {
    const r = await runTrial(trial({ ...SMALL, depth: 1, width: 4, steps: 200, checkpointEvery: 10, logEvery: 100 }));
    const steps = r.layers[0].checkpoints.map((c) => c.step);
    expect(steps).toHaveLength(MAX_CHECKPOINTS);
    expect(steps.at(-1)).toBe(200);
    expect([...steps].sort((x, y) => x - y)).toEqual(steps);
  });

  it('reports divergence, stops the curves there, and emits no non-finite number', async () => {
    for (const dataset of ['teacher', 'spiral'] as const) {
      const r = await runTrial(trial({ ...SMALL, dataset, lr: 100, steps: 200, checkpointEvery: 1 }));
      expect(r.diverged).toBe(true);
      expect(r.divergedAtStep).not.toBeNull();
      expect(r.steps.at(-1)).toBe(r.divergedAtStep);
      expect(r.steps.at(-1)).toBeLessThan(200);
      for (const l of r.layers) for (const c of l.checkpoints) expect(c.step).toBeLessThan(r.divergedAtStep!);
      expect(numbers(r).filter(([, v]) => !Number.isFinite(v))).toEqual([]);
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    }
  });

  it('counts an overflow that relu would hide (NaN → 0 in the wasm backend) as divergence, as PyTorch would', async () => {
    // Each layer multiplies the scale by about 10·√(32/2) = 40, so float32 overflows long before layer 30.
    const r = await runTrial(trial({ ...SMALL, init: 'random_normal', std: 10, depth: 30, width: 32 }));
    expect(r.diverged).toBe(true);
    expect(r.divergedAtStep).toBe(0);
    expect(r.trainLoss).toEqual([null]);
    // The logits were finite (relu zeroed the NaNs), but an accuracy read from them would be noise.
    expect(r.testAccuracy).toEqual([null]);
    expect(r.layers.some((l) => l.atInit.actStd === null)).toBe(true);
  });

  it('leaks no tensor, trained or diverged, for every optimizer, model and special init', async () => {
    const cases = [
      trial(SMALL),
      trial({ ...SMALL, optimizer: 'adam', activation: 'gelu' }),
      trial({ ...SMALL, optimizer: 'momentum', activation: 'selu', init: 'lsuv' }),
      trial({ ...SMALL, model: 'residual', init: 'fixup', optimizer: 'adam' }),
      trial({ ...SMALL, dataset: 'teacher', lr: 100 }),
      trial({ ...NARROW, optimizer: 'adam', activation: 'gelu' }),
      trial({ ...NARROW, model: 'residual', init: 'fixup', optimizer: 'momentum' }),
      trial({ ...NARROW, dataset: 'teacher', lr: 100 }),
    ];
    await runTrial(cases[0]);
    const before = liveArrays();
    for (const p of cases) await runTrial(p);
    await runCompare(compare({ ...SMALL, inits: ['he_normal', 'lsuv', 'zeros'] }));
    expect(liveArrays()).toBe(before);
  });

  it('equal widths are depth × width: byte-identical params and result', async () => {
    const { depth: _d, width: _w, ...rest } = SMALL;
    const list = await runTrial(trial({ ...rest, widths: [16, 16, 16] }));
    expect(withoutTiming(list)).toBe(withoutTiming(await runTrial(trial(SMALL))));
  });

  it('unequal widths give each layer its own size, in the result and in a compare', async () => {
    const { depth: _d, width: _w, ...rest } = SMALL;
    const p = trial({ ...rest, widths: [24, 12, 6] });
    const r = await runTrial(p);
    expect(r.params.widths).toEqual([24, 12, 6]);
    expect(r.layers.map((l) => [l.fanIn, l.fanOut])).toEqual([
      [2, 24],
      [24, 12],
      [12, 6],
      [6, 1],
    ]);
    const c = await runCompare(compare({ ...rest, widths: [24, 12, 6], inits: ['he_normal', 'orthogonal'] }));
    expect(withoutTiming(c.trials[0])).toBe(withoutTiming(r));
  });

  it('learns: xor and spiral test accuracy clearly above chance', async () => {
    const xor = await runTrial(trial({ dataset: 'xor', depth: 3, width: 32, optimizer: 'adam', lr: 0.01, steps: 200 }));
    expect(xor.final.testAccuracy).toBeGreaterThan(0.9);
    const spiral = await runTrial(
      trial({ dataset: 'spiral', depth: 4, width: 32, optimizer: 'adam', lr: 0.01, steps: 400, logEvery: 50 }),
    );
    expect(spiral.final.testAccuracy).toBeGreaterThan(0.85);
    expect(spiral.final.trainLoss!).toBeLessThan(spiral.trainLoss[0]! / 4);
  });
});

describe('runCompare', () => {
  it('gives each init exactly the numbers of its own single trial', async () => {
    for (const base of [SMALL, NARROW]) {
      const p = compare({ ...base, inits: ['he_normal', 'glorot_uniform', 'lsuv', 'pytorch_default'] });
      const c = await runCompare(p);
      expect(c.params).toEqual(p);
      expect(c.trials.map((t) => t.params.init)).toEqual(p.inits);
      for (const [i, init] of p.inits.entries()) {
        const single = await runTrial(trialOfCompare(p, init));
        expect(withoutTiming(c.trials[i])).toBe(withoutTiming(single));
      }
    }
  });

  it('keeps training the others when one init diverges', async () => {
    const c = await runCompare(compare({ ...SMALL, inits: ['he_normal', 'random_normal'], std: 10, depth: 6, lr: 1 }));
    const [he, big] = c.trials;
    expect(big.diverged).toBe(true);
    expect(he.diverged).toBe(false);
    expect(he.steps.at(-1)).toBe(SMALL.steps);
  });
});

describe('estimate*Flops', () => {
  const base = trial({ depth: 10, width: 64, steps: 160, logEvery: 1000, checkpointEvery: 0 });
  const f = (o: Partial<TrialParams>) => estimateTrialFlops({ ...base, ...o });

  it('is linear in steps once evaluation and statistics are fixed', () => {
    // From 100 steps on, the log schedule is [0, final] and adds nothing per step.
    const per100 = f({ steps: 200 }) - f({ steps: 100 });
    expect((f({ steps: 400 }) - f({ steps: 100 })) / per100).toBeCloseTo(3, 12);
    const weights = 2 * 64 + 9 * 64 * 64 + 64;
    expect(per100 / (6 * 100 * base.batchSize * weights)).toBeCloseTo(1, 12);
  });

  it('grows linearly with depth and quadratically with width', () => {
    const perHidden = f({ depth: 11 }) - f({ depth: 10 });
    expect((f({ depth: 20 }) - f({ depth: 10 })) / perHidden).toBeCloseTo(10, 12);
    const ratio = f({ width: 256, depth: 60 }) / f({ width: 128, depth: 60 });
    expect(ratio).toBeGreaterThan(3.8);
    expect(ratio).toBeLessThan(4);
  });

  it('counts each layer of widths at its own size', () => {
    const tapered = trial({ widths: [64, 32, 16], logEvery: 1000, checkpointEvery: 0 });
    const per100 = estimateTrialFlops({ ...tapered, steps: 200 }) - estimateTrialFlops({ ...tapered, steps: 100 });
    const weights = 2 * 64 + 64 * 32 + 32 * 16 + 16;
    expect(per100 / (6 * 100 * tapered.batchSize * weights)).toBeCloseTo(1, 12);
  });

  it("counts a norm layer's arithmetic per hidden unit: 8 operations forward, 12 more backward", () => {
    const per100 = (o: Partial<TrialParams>) => f({ ...o, steps: 200 }) - f({ ...o, steps: 100 });
    const hiddenUnits = 10 * 64;
    for (const norm of ['batch', 'layer'] as const)
      expect(per100({ norm }) - per100({})).toBe(100 * base.batchSize * 20 * hiddenUnits);
  });

  it('sums over the inits of a compare', () => {
    const p = compare({ depth: 10, width: 64, steps: 160, inits: ['he_normal', 'glorot_normal', 'orthogonal'] });
    expect(estimateCompareFlops(p) / estimateTrialFlops(trialOfCompare(p, 'he_normal'))).toBeCloseTo(3, 12);
    expect(estimateCompareFlops({ ...p, inits: ['lsuv'] })).toBeGreaterThan(estimateTrialFlops(base));
  });
});

describe('memory estimate', () => {
  it('counts every init of a compare and the optimizer state', () => {
    const p = compare({ depth: 10, width: 256, inits: ['he_normal', 'orthogonal'] });
    const one = estimateTrialBytes(trialOfCompare(p, 'he_normal'));
    // Parameters with biases: input layer 2→256, nine 256→256 hidden layers, output 256→1.
    const weightBytes = 4 * (2 * 256 + 256 + 9 * (256 * 256 + 256) + 256 + 1);
    // Each init also keeps its boundary at every grid pass, as 8-byte host numbers.
    const boundaryBytes = 8 * boundaryPasses(p) * BOUNDARY_ROWS;
    expect(boundaryBytes).toBeGreaterThan(0);
    expect(estimateCompareBytes(p) - one).toBe(weightBytes + boundaryBytes);
    expect(estimateCompareBytes({ ...p, optimizer: 'adam' }) - estimateCompareBytes(p)).toBe(2 * 2 * weightBytes);
  });

  it('counts the parameters of each layer of widths', () => {
    const p = compare({ widths: [256, 64, 128], inits: ['he_normal', 'orthogonal'] });
    const one = estimateTrialBytes(trialOfCompare(p, 'he_normal'));
    const weightBytes = 4 * (2 * 256 + 256 + 256 * 64 + 64 + 64 * 128 + 128 + 128 + 1);
    expect(estimateCompareBytes(p) - one).toBe(weightBytes + 8 * boundaryPasses(p) * BOUNDARY_ROWS);
  });

  it("counts norm layers: γ and β per hidden unit, batch norm's running averages, and larger step transients", () => {
    const p = compare({ depth: 4, width: 64, inits: ['he_normal', 'orthogonal'] });
    const perInit = (q: typeof p) => estimateCompareBytes(q) - estimateTrialBytes(trialOfCompare(q, 'he_normal'));
    const hidden = 4 * 64;
    const layer = compare({ ...p, norm: 'layer' });
    const batch = compare({ ...p, norm: 'batch' });
    expect(perInit(layer) - perInit(p)).toBe(4 * 2 * hidden);
    expect(perInit(batch) - perInit(p)).toBe(4 * 4 * hidden);
    expect(estimateCompareBytes(layer)).toBeGreaterThan(estimateCompareBytes(p) + 4 * 4 * hidden);
  });

  it('refuses, before allocating, a run that would not fit', async () => {
    const p = compare({
      depth: 64,
      width: 512,
      optimizer: 'adam',
      inits: ['he_normal', 'he_uniform', 'glorot_normal'],
    });
    expect(
      estimateCompareBytes({ ...p, inits: [...p.inits, 'lecun_normal', 'lecun_uniform', 'orthogonal'] }),
    ).toBeGreaterThan(MAX_RUN_BYTES);
    const before = { bytes: tf.memory().numBytes, arrays: liveArrays() };
    await expect(
      runCompare({ ...p, inits: [...p.inits, 'lecun_normal', 'lecun_uniform', 'orthogonal', 'pytorch_default'] }),
    ).rejects.toThrow(/MiB of engine memory.*lower width/);
    expect(tf.memory().numBytes).toBe(before.bytes);
    expect(liveArrays()).toBe(before.arrays);
  });
});
