/** The benchmark's pure parts: statistics, ratios, verdicts, workloads and the printed table. The benchmark itself
 * is too slow for the test suite (`npm run bench`). */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import {
  fasterPeaks,
  type MatmulPeak,
  measureMatmul,
  REFERENCE_SHAPE,
  shapeLabel,
  trialShapes,
} from '../../src/bench/matmul.ts';
import { pythonCandidates, runPeer } from '../../src/bench/peer.ts';
import { formatBench, formatLimit, formatMeasured, targetsTable } from '../../src/bench/report.ts';
import { flopEfficiency, gflops, ratio, summarize, timeRepeated } from '../../src/bench/stats.ts';
import { evaluate, judge, TARGETS } from '../../src/bench/targets.ts';
import type { BenchResult } from '../../src/bench/types.ts';
import { compareOfEight, referenceTrial, wideTrial } from '../../src/bench/workloads.ts';
import { STANDARD_INITS } from '../../src/params/index.ts';
import { liveArrays } from '../../src/train/buffers.ts';

describe('summarize', () => {
  it('gives best, median (odd and even counts) and worst, keeping the samples in run order', () => {
    expect(summarize([5, 1, 3])).toEqual({ n: 3, best: 1, median: 3, worst: 5, samples: [5, 1, 3] });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
    expect(() => summarize([])).toThrow();
  });
});

describe('timeRepeated', () => {
  it('discards the warm-up runs and times the rest on both clocks', async () => {
    let wall = 0;
    let cpu = 0;
    let calls = 0;
    const durations = [100, 7, 5, 6];
    const t = await timeRepeated(
      () => {
        wall += durations[calls];
        cpu += durations[calls++] / 2; // half the wall time: another process held the core the rest of it
      },
      { warmup: 1, repeats: 3 },
      { wall: () => wall, cpu: () => cpu },
    );
    expect(calls).toBe(4);
    expect(t.wall.samples).toEqual([7, 5, 6]);
    expect(t.wall.best).toBe(5);
    expect(t.cpu.samples).toEqual([3.5, 2.5, 3]);
  });

  it('keeps warming up until the minimum warm-up time has passed, telling each call whether it is warming up', async () => {
    let wall = 0;
    const seen: boolean[] = [];
    const t = await timeRepeated(
      (warming) => {
        seen.push(warming);
        wall += 30;
      },
      { warmup: 1, repeats: 2, minWarmupMs: 100 },
      { wall: () => wall, cpu: () => wall },
    );
    expect(t.warmups).toBe(4);
    expect(seen).toEqual([true, true, true, true, false, false]);
    expect(t.wall.samples).toEqual([30, 30]);
  });

  it('the CPU clock counts this process’s work and not time spent waiting', async () => {
    const t = await timeRepeated(() => new Promise((r) => setTimeout(r, 60)), { warmup: 0, repeats: 1 });
    expect(t.wall.best).toBeGreaterThanOrEqual(55);
    expect(t.cpu.best).toBeLessThan(t.wall.best / 2);
  });
});

describe('ratio, gflops and FLOP efficiency', () => {
  it('divides, and refuses missing or non-positive denominators instead of returning 0 or ∞', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, null)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(Number.NaN, 1)).toBeNull();
  });

  it('efficiency is (FLOPs / peak) / time: 1 when every FLOP ran at peak', () => {
    expect(gflops(2e9, 1000)).toBe(2);
    expect(flopEfficiency(2e9, 1000, 2)).toBe(1);
    expect(flopEfficiency(2e9, 2000, 2)).toBe(0.5);
    expect(flopEfficiency(2e9, 1000, 0)).toBeNull();
  });
});

describe('targets', () => {
  it('at-most and at-least limits are inclusive; a missing measurement is N/A with its reason', () => {
    expect(judge(1.0, TARGETS.referenceVsTorch)).toBe('PASS');
    expect(judge(1.01, TARGETS.referenceVsTorch)).toBe('FAIL');
    expect(judge(0.6, TARGETS.wideEfficiency)).toBe('PASS');
    expect(judge(0.59, TARGETS.wideEfficiency)).toBe('FAIL');
    expect(judge(0, TARGETS.leakedTensors)).toBe('PASS');
    expect(judge(1, TARGETS.leakedTensors)).toBe('FAIL');
    const absent = evaluate(TARGETS.compareVsTorch, null, 'no PyTorch peer');
    expect(absent).toMatchObject({ verdict: 'N/A', note: 'no PyTorch peer', measured: null });
    expect(evaluate(TARGETS.comparePeakRss, 120, 'unused').note).toBeUndefined();
  });

  it('prints each target with its measured value, limit and verdict', () => {
    const text = targetsTable([
      evaluate(TARGETS.referenceVsTorch, 0.8),
      evaluate(TARGETS.wideEfficiency, 0.4),
      evaluate(TARGETS.comparePeakRss, 212.4),
      evaluate(TARGETS.wideVsTorch, null, 'no PyTorch peer'),
    ]);
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/reference trial time .* 0\.80× +≤ 1\.0× +PASS$/);
    expect(lines[3]).toMatch(/efficiency .* 0\.4 +≥ 0\.6 +FAIL$/);
    expect(lines[4]).toMatch(/212 MB +≤ 250 MB +PASS$/);
    expect(lines[5]).toMatch(/— +≤ 0\.5× +N\/A \(no PyTorch peer\)$/);
    expect(formatMeasured(null)).toBe('—');
    expect(formatLimit(evaluate(TARGETS.leakedTensors, 0))).toBe('≤ 0');
  });
});

describe('workloads', () => {
  it('are the issue’s: depth 10, width 64 (and 256), ReLU, batch 64, 160 SGD steps on 2-D data; the 8 ids', () => {
    const ref = referenceTrial();
    expect(ref).toMatchObject({
      depth: 10,
      width: 64,
      activation: 'relu',
      batchSize: 64,
      steps: 160,
      optimizer: 'sgd',
    });
    expect(['spiral', 'circles', 'xor', 'gauss']).toContain(ref.dataset);
    expect(wideTrial()).toEqual({ ...ref, width: 256 });
    const cmp = compareOfEight();
    expect(cmp.inits).toEqual([...STANDARD_INITS]);
    expect(cmp.inits).toHaveLength(8);
    const { init: _init, ...shared } = ref;
    expect(cmp).toMatchObject(shared);
  });

  it('matmul shapes are the trial’s own products: [B×W]·[W×W], [W×W]·[W×B] and [W×B]·[B×W], plus 512³', () => {
    expect(trialShapes(64, 256).map(shapeLabel)).toEqual([
      '[64×256]·[256×256]',
      '[256×256]·[256×64]',
      '[256×64]·[64×256]',
    ]);
    expect(shapeLabel(REFERENCE_SHAPE)).toBe('[512×512]·[512×512]');
  });
});

describe('measureMatmul', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('times a shape on new operands and on packed ones, GFLOP/s from the best time, and frees every tensor', () => {
    const before = liveArrays();
    const peak = measureMatmul({ m: 16, k: 32, n: 8 }, { repeats: 2, minBatchMs: 10 });
    expect(liveArrays()).toBe(before);
    expect(peak.label).toBe('[16×32]·[32×8]');
    expect(peak.ms.n).toBe(2);
    expect(peak.packed.ms.n).toBe(2);
    for (const rate of [peak, peak.packed]) {
      expect(rate.ms.best).toBeGreaterThan(0);
      expect(rate.gflops).toBeCloseTo((2 * 16 * 32 * 8) / (rate.ms.best * 1e6), 9);
    }
  });
});

describe('fasterPeaks', () => {
  const peak = (label: string, gflops: number, packedGflops: number): MatmulPeak => {
    const ms = summarize([1 / gflops]);
    return { m: 1, k: 1, n: 1, label, ms, gflops, packed: { ms: summarize([1 / packedGflops]), gflops: packedGflops } };
  };

  it('keeps, per shape and each way on its own, the faster of the two measurements', () => {
    const before = [peak('a', 10, 30), peak('b', 20, 25)];
    const after = [peak('b', 15, 28), peak('a', 12, 20)];
    const best = fasterPeaks(before, after);
    expect(best.map((p) => [p.label, p.gflops, p.packed.gflops])).toEqual([
      ['a', 12, 30],
      ['b', 20, 28],
    ]);
    expect(best[0].ms).toBe(after[1].ms);
    expect(best[1].packed.ms).toBe(after[0].packed.ms);
  });

  it('keeps a shape measured only once as it was', () => {
    const only = peak('c', 5, 6);
    expect(fasterPeaks([only], [])).toEqual([only]);
  });
});

describe('PyTorch peer', () => {
  it('tries an override first, then python3 on PATH, then the system python3', () => {
    expect(pythonCandidates({ INITLAB_PYTHON: '/opt/py' })).toEqual(['/opt/py', 'python3', '/usr/bin/python3']);
    expect(pythonCandidates({})).toEqual(['python3', '/usr/bin/python3']);
  });

  it('is reported as not available, not as a failure, when torch cannot be imported', () => {
    const job = { warmup: 0, repeats: 1, data: {} as never, runs: [] };
    expect(runPeer(job, null)).toEqual({ available: false, reason: 'python3-torch not importable' });
  });
});

describe('formatBench', () => {
  const s = (best: number) => summarize([best, best * 1.1, best * 1.2]);
  /** CPU time as given; wall time twice that, as on a machine shared with one other busy process. */
  const t = (cpuBest: number) => ({ cpu: s(cpuBest), wall: s(2 * cpuBest) });
  const result: BenchResult = {
    engine: { version: '9.9.9', tfjs: '4.22.0', backend: 'wasm', simd: true, threads: 1 },
    machine: { cpus: 2, cpuModel: 'Test CPU', node: 'v20', platform: 'linux-x64', loadAverage: [0.5, 0.4, 0.3] },
    date: '2026-01-01T00:00:00.000Z',
    settings: { warmup: 1, repeats: 3, minWarmupMs: 2000 },
    matmul: [
      {
        m: 64,
        k: 64,
        n: 64,
        label: '[64×64]·[64×64]',
        ms: s(0.03),
        gflops: 17.5,
        packed: { ms: s(0.02), gflops: 26.2 },
      },
    ],
    runs: [
      {
        id: 'reference',
        label: 'reference',
        settings: {},
        flops: 3e9,
        time: t(500),
        warmups: 9,
        engineMs: s(480),
        final: { he_normal: { trainLoss: 0.61, testLoss: 0.64, testAccuracy: 0.63 } },
        peakGflops: 26.2,
        flopEfficiency: 0.23,
        packedPeakGflops: 30.1,
        packedEfficiency: 0.2,
      },
      {
        id: 'wide',
        label: 'wide',
        settings: {},
        flops: 4.8e10,
        time: t(2400),
        warmups: 1,
        engineMs: s(2300),
        final: { he_normal: { trainLoss: 0.5, testLoss: 0.5, testAccuracy: 0.7 } },
        peakGflops: 30,
        flopEfficiency: 0.67,
        packedPeakGflops: 40,
        packedEfficiency: 0.5,
      },
      {
        id: 'compare8',
        label: 'compare8',
        settings: {},
        flops: 2.4e10,
        time: t(2000),
        warmups: 2,
        engineMs: s(1900),
        final: { he_normal: { trainLoss: 0.61, testLoss: 0.64, testAccuracy: 0.63 } },
        peakGflops: 26.2,
        flopEfficiency: 0.46,
        packedPeakGflops: 30.1,
        packedEfficiency: 0.4,
      },
    ],
    compareOverSingle: 4,
    leakedTensors: 0,
    compareRss: { peakMB: 180 },
    peer: {
      available: true,
      python: '/usr/bin/python3',
      torch: '1.13',
      threads: 1,
      reference: t(450),
      wide: t(7100),
      sequential8: t(3600),
      bare: { reference: t(250), wide: t(6000), sequential8: t(2000) },
      final: {
        reference: { he_normal: { trainLoss: 0.6, testLoss: 0.62, testAccuracy: 0.655 } },
        wide: { he_normal: { trainLoss: 0.52, testLoss: 0.5, testAccuracy: 0.69 } },
        sequential8: { he_normal: { trainLoss: 0.6, testLoss: 0.62, testAccuracy: 0.655 } },
      },
    },
    targets: [evaluate(TARGETS.referenceVsTorch, 500 / 450)],
    totalSeconds: 100,
  };

  it('shows every measured figure, the PyTorch ratios and the verdicts', () => {
    const text = formatBench(result);
    expect(text).toContain('engine 9.9.9');
    expect(text).toContain('best of 3 (median in brackets), after at least 1 warm-up run and 2 s of them');
    expect(text).toContain('(reference 9, wide 1, compare8 2)');
    // CPU, then wall, then PyTorch's CPU time; the ratio is of the CPU times.
    expect(text).toMatch(/reference .*500 ms \(550 ms\) +1000 ms \(1100 ms\).*450 ms \(495 ms\) +1\.11×/);
    // Then the bare loop's CPU time and the ratio to it: 500 / 250, and compare-8's 2000 / 2000.
    expect(text).toMatch(/reference .*1\.11× +250 ms \(275 ms\) +2\.00×$/m);
    expect(text).toMatch(/compare8 .*2000 ms \(2200 ms\) +1\.00×$/m);
    expect(text).toMatch(/wide .*0\.67 +0\.5 .*0\.34×/);
    // Both rates of each product shape: new operands, then packed.
    expect(text).toMatch(/\[64×64\]·\[64×64\] +0\.0300 +0\.0330 +17\.5 +0\.0200 +26\.2$/m);
    expect(text).toMatch(/compare-8 \/ single trial +4\.00×/);
    expect(text).toMatch(/tensors and buffers leaked +0/);
    expect(text).toMatch(/compare-8 peak RSS +180 MB/);
    expect(text).toContain('PyTorch peer: torch 1.13, 1 thread');
    expect(text).toMatch(/FAIL/);
  });

  it('sets each run’s final losses beside PyTorch’s, so a timing of a different job would show', () => {
    const text = formatBench(result);
    expect(text).toMatch(/^reference +he_normal +0\.61 \/ 0\.6 +63\.0% \/ 65\.5%$/m);
    expect(text).toMatch(/^compare8 +he_normal +0\.61 \/ 0\.6 /m);
    const absent = formatBench({ ...result, peer: { available: false, reason: 'x' } });
    expect(absent).not.toContain('Same job?');
  });

  it('says plainly when the peer is absent', () => {
    const text = formatBench({ ...result, peer: { available: false, reason: 'python3-torch not importable' } });
    expect(text).toContain('PyTorch peer: not available (python3-torch not importable)');
  });
});
