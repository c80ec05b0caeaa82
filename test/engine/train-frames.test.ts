/** Frames of a live run: they carry the result's own numbers, never change it, and an abort stops the run. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { type CompareParams, normaliseCompareParams, paramsOrThrow } from '../../src/params/index.ts';
import type { CompareResult } from '../../src/result.ts';
import { liveArrays } from '../../src/train/buffers.ts';
import { isAbortError, type RunFrame, runCompare, runTrial } from '../../src/train/index.ts';

const compare = (input: Record<string, unknown>): CompareParams => paramsOrThrow(normaliseCompareParams(input));

const LIVE = compare({
  inits: ['he_normal', 'glorot_uniform'],
  dataset: 'circles',
  depth: 3,
  width: 16,
  steps: 60,
  logEvery: 10,
  checkpointEvery: 20,
  trainSize: 128,
  testSize: 64,
});

const withoutTiming = (r: CompareResult) =>
  JSON.stringify({ ...r, timing: null, trials: r.trials.map((t) => ({ ...t, timing: null })) });

async function framed(p: CompareParams): Promise<{ result: CompareResult; frames: RunFrame[] }> {
  const frames: RunFrame[] = [];
  const result = await runCompare(p, { onFrame: (f) => frames.push(structuredClone(f)) });
  return { result, frames };
}

beforeAll(async () => {
  await initBackend();
});

describe('run frames', () => {
  it('rebuild every curve, statistic and boundary the result holds, and leave the result byte-identical', async () => {
    const { result, frames } = await framed(LIVE);
    expect(withoutTiming(result)).toBe(withoutTiming(await runCompare(LIVE)));
    expect(frames.map((f) => f.step)).toEqual(result.trials[0].steps);
    for (const f of frames) expect(f.steps).toBe(60);
    result.trials.forEach((t, k) => {
      const entries = frames.map((f) => f.trials[k]!);
      expect(entries.map((e) => e.init)).toEqual(entries.map(() => t.params.init));
      expect(entries.map((e) => e.trainLoss)).toEqual(t.trainLoss);
      expect(entries.map((e) => e.testLoss)).toEqual(t.testLoss);
      expect(entries.map((e) => e.testAccuracy)).toEqual(t.testAccuracy);
      const withStats = frames.filter((f) => f.trials[k]?.layers);
      expect(withStats.map((f) => f.step)).toEqual([0, 20, 40, 60]);
      expect(withStats.every((f) => f.checkpoint)).toBe(true);
      expect(frames.filter((f) => !f.checkpoint).every((f) => f.trials[k]!.layers === undefined)).toBe(true);
      expect(withStats[0].trials[k]!.layers).toEqual(t.layers.map((l) => l.atInit));
      withStats.slice(1).forEach((f, c) => {
        expect(f.trials[k]!.layers).toEqual(t.layers.map(({ checkpoints }) => omitStep(checkpoints[c])));
        const b = f.trials[k]!.boundary!;
        expect(b.p).toEqual(t.boundaryCheckpoints[c].p);
        expect(b.points).toEqual(t.boundary!.points);
      });
      expect(withStats[0].trials[k]!.boundary).toBeUndefined();
    });
  });

  it('records the boundary at every checkpoint, the last one being the final boundary', async () => {
    const { trials } = await runCompare(LIVE);
    for (const t of trials) {
      expect(t.boundaryCheckpoints.map((b) => b.step)).toEqual([20, 40, 60]);
      const last = t.boundaryCheckpoints.at(-1)!;
      expect(last.p).toEqual(t.boundary!.p);
      expect([last.xMin, last.xMax, last.yMin, last.yMax]).toEqual([
        t.boundary!.xMin,
        t.boundary!.xMax,
        t.boundary!.yMin,
        t.boundary!.yMax,
      ]);
      // Training moves the boundary: the first and the last checkpoint differ.
      expect(t.boundaryCheckpoints[0].p).not.toEqual(last.p);
    }
  });

  it('give a checkpoint that is not a logged step a frame of its own, without losses', async () => {
    const p = compare({ ...LIVE, inits: ['he_normal'], logEvery: 25, checkpointEvery: 20 });
    const { result, frames } = await framed(p);
    expect(frames.map((f) => f.step)).toEqual([0, 20, 25, 40, 50, 60]);
    const at20 = frames[1].trials[0]!;
    expect(at20.layers).toBeDefined();
    expect('trainLoss' in at20).toBe(false);
    expect(frames.filter((f) => 'trainLoss' in f.trials[0]!).map((f) => f.step)).toEqual(result.trials[0].steps);
  });

  it('report a diverged init as diverged, then as null, while the others go on', async () => {
    const p = compare({ ...LIVE, inits: ['random_normal', 'he_normal'], std: 10, depth: 6, lr: 1 });
    const { result, frames } = await framed(p);
    const [blown, kept] = result.trials;
    expect(blown.diverged).toBe(true);
    const at = blown.divergedAtStep!;
    const last = frames.filter((f) => f.trials[0] !== null).at(-1)!;
    expect(last.step).toBe(at);
    expect(last.trials[0]!.diverged).toBe(true);
    expect(frames.filter((f) => f.step > at).every((f) => f.trials[0] === null)).toBe(true);
    expect(frames.filter((f) => 'trainLoss' in (f.trials[1] ?? {})).map((f) => f.step)).toEqual(kept.steps);
  });

  it('stop within one step of an abort, with an AbortError and no tensor left behind', async () => {
    const before = liveArrays();
    const ctl = new AbortController();
    let stepsAfterAbort = 0;
    let framesAfterAbort = 0;
    const { inits: _inits, ...shared } = LIVE;
    const run = runTrial(
      { ...shared, init: 'he_normal', steps: 400 },
      {
        signal: ctl.signal,
        onFrame: (f) => {
          if (ctl.signal.aborted) framesAfterAbort++;
          if (f.step === 20) ctl.abort();
        },
        onProgress: (done) => {
          if (ctl.signal.aborted && done > 20) stepsAfterAbort++;
        },
      },
    );
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAbortError(err)).toBe(true);
    expect(stepsAfterAbort).toBeLessThanOrEqual(1);
    expect(framesAfterAbort).toBe(0);
    expect(liveArrays()).toBe(before);
  });

  it('refuse to start under a signal already aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const err = await runCompare(LIVE, { signal: ctl.signal }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
  });

  it('yield to the host between frames, so its timers run during the run', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksAtFirstFrame = -1;
    let ticksAtLastFrame = -1;
    try {
      await runCompare(
        { ...LIVE, steps: 200 },
        {
          onFrame: (f) => {
            if (f.step === 0) ticksAtFirstFrame = ticks;
            if (f.step === 200) ticksAtLastFrame = ticks;
          },
        },
      );
    } finally {
      clearInterval(timer);
    }
    expect(ticksAtLastFrame).toBeGreaterThan(ticksAtFirstFrame);
  });
});

function omitStep<T extends { step: number }>(c: T): Omit<T, 'step'> {
  const { step: _step, ...rest } = c;
  return rest;
}

describe('the cost of checkpoint boundaries', () => {
  it('counts one grid pass per checkpoint on 2-D sets (the last reused as the final boundary), none elsewhere', async () => {
    const { estimateCompareFlops } = await import('../../src/train/index.ts');
    // depth 3 × width 16 on 2-D inputs and one logit: 2·16 + 2·16·16 + 16·1 weights.
    const weights = 2 * 16 + 2 * 16 * 16 + 16;
    const statsPass = 6 * 128 * weights;
    const gridPass = 2 * 1024 * weights;
    const cost = (p: Record<string, unknown>) => estimateCompareFlops(compare({ ...LIVE, inits: ['he_normal'], ...p }));
    // Checkpoints at 20, 40, 60 against none: three statistics passes, and two grid passes more than the final one.
    expect(cost({}) - cost({ checkpointEvery: 0 })).toBe(3 * statsPass + 2 * gridPass);
    // At 25 and 50 the last checkpoint is not the last step: the final boundary is its own pass.
    expect(cost({ checkpointEvery: 25 }) - cost({ checkpointEvery: 0 })).toBe(2 * statsPass + 2 * gridPass);
  });
});
